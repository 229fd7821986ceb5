"""The public portal: submit, look up, rate; wrong digits reveal nothing; rate limits hold."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import Photo, Rating
from tickets.actions import accept_ticket, dispatch_ticket, resolve_ticket, start_ticket
from tickets.models import EventKind, Ticket, TicketEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FORM = {
    "category": "repair",
    "content": "厨房水管漏水",
    "name": "王建国",
    "phone": "138-0013-8000",
    "address": "翠湖苑3号楼2单元501室",
}


@pytest.fixture
def anonymous(db):
    return Client()


def _submit(client, **overrides):
    return client.post(reverse("portal-submit"), {**FORM, **overrides})


def test_the_portal_needs_no_login(anonymous, world):
    response = anonymous.get(reverse("portal-submit"))
    assert response.status_code == 200
    assert 'name="category"' in response.content.decode()


def test_the_emergency_notice_names_the_hotline_once_as_a_number_to_tap(anonymous, world, settings):
    settings.KEFU_HOTLINE = "400-826-5858"
    page = anonymous.get(reverse("portal-submit")).content.decode()
    notice = page.split("data-emergency-notice>")[1].split("</p>")[0]
    assert notice == '如遇燃气泄漏、火灾等紧急情况，请立即拨打服务热线 <a href="tel:4008265858">400-826-5858</a>。'


def test_a_customer_submits_a_request_and_gets_its_number(anonymous, world):
    response = _submit(anonymous, photo=SimpleUploadedFile("leak.png", PNG, content_type="image/png"))
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert f"data-number>{ticket.number}<" in response.content.decode()
    assert (ticket.channel, ticket.category, ticket.contact_phone) == ("online", "repair", "13800138000")
    assert ticket.owner == world.supervisor  # the first supervisor owns online requests by default
    photo = Photo.objects.get(ticket=ticket)
    assert (photo.content_type, photo.size) == ("image/png", len(PNG))


@pytest.mark.parametrize(
    "overrides",
    [
        {"category": "emergency"},
        {"category": ""},
        {"content": ""},
        {"phone": "12"},
        {"name": ""},
        {"address": "x" * 201},
        {"photo": SimpleUploadedFile("evil.png", b"<?php echo 1; ?>", content_type="image/png")},
        {"photo": SimpleUploadedFile("doc.pdf", b"%PDF-1.4 ...", content_type="application/pdf")},
    ],
)
def test_bad_input_is_refused_and_nothing_is_recorded(anonymous, world, overrides):
    response = _submit(anonymous, **overrides)
    assert response.status_code == 400
    assert "data-error" in response.content.decode()
    assert not Ticket.objects.exists() and not Photo.objects.exists()


def test_a_photo_too_large_is_refused(anonymous, world, settings):
    settings.KEFU_PORTAL_PHOTO_MAX_BYTES = 32
    response = _submit(anonymous, photo=SimpleUploadedFile("big.png", PNG, content_type="image/png"))
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def _lookup(client, number, digits, **extra):
    return client.post(reverse("portal-lookup"), {"number": number, "digits": digits, **extra})


def test_the_customer_follows_the_progress_without_internal_details(anonymous, world):
    _submit(anonymous)
    ticket = Ticket.objects.get()
    dispatch_ticket(ticket, department=world.eng, actor=world.supervisor, note="内部备注：业主脾气大")
    world.engineer.phone = "13912345678"
    world.engineer.save()
    accept_ticket(ticket, actor=world.engineer)
    from tickets.actions import add_note

    add_note(ticket, text="内部：别告诉客户", actor=world.supervisor)
    html = _lookup(anonymous, ticket.number.lower(), "8000").content.decode()
    assert 'data-status="accepted"' in html
    assert "内部" not in html
    assert world.engineer.display_name not in html and "13912345678" not in html
    assert world.supervisor.display_name not in html


def test_wrong_digits_reveal_nothing(anonymous, world):
    _submit(anonymous)
    ticket = Ticket.objects.get()
    wrong = _lookup(anonymous, ticket.number, "1234")
    unknown = _lookup(anonymous, "GD20991231-9999", "8000")
    assert wrong.status_code == unknown.status_code == 404

    # the two pages are the same once the number each visitor typed is swapped: nothing tells them apart
    def page(response, number):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode()).replace(number, "N")

    assert page(wrong, ticket.number) == page(unknown, "GD20991231-9999")
    assert "厨房" not in wrong.content.decode()


def test_resolved_work_is_rated_once(anonymous, world):
    _submit(anonymous)
    ticket = Ticket.objects.get()
    dispatch_ticket(ticket, department=world.eng, actor=world.supervisor)
    accept_ticket(ticket, actor=world.engineer)
    start_ticket(ticket, actor=world.engineer)
    assert "data-rate" not in _lookup(anonymous, ticket.number, "8000").content.decode()
    resolve_ticket(ticket, result="已更换", actor=world.engineer)
    assert "data-rate" in _lookup(anonymous, ticket.number, "8000").content.decode()
    response = _lookup(anonymous, ticket.number, "8000", score="4", comment="师傅很准时")
    assert "data-rated" in response.content.decode()
    assert Rating.objects.get(ticket=ticket).score == 4
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.RATED, data__score=4).exists()
    again = _lookup(anonymous, ticket.number, "8000", score="1")
    assert again.status_code == 409
    assert Rating.objects.get(ticket=ticket).score == 4
    # a wrong score, and a rating with the wrong digits, change nothing
    assert _lookup(anonymous, ticket.number, "0000", score="5").status_code == 404


def _resolved_portal_ticket(client, world):
    _submit(client)
    ticket = Ticket.objects.get()
    dispatch_ticket(ticket, department=world.eng, actor=world.supervisor)
    accept_ticket(ticket, actor=world.engineer)
    start_ticket(ticket, actor=world.engineer)
    return resolve_ticket(ticket, result="已更换", actor=world.engineer)


def test_one_or_two_stars_tell_the_owner_the_supervisor_and_the_department_head(anonymous, world):
    from notifications.models import Notification
    from notifications.templates import render

    ticket = _resolved_portal_ticket(anonymous, world)
    _lookup(anonymous, ticket.number, "8000", score="2", comment="师傅态度不好")

    told = Notification.objects.filter(ticket=ticket, template="low_rating")
    people = {n.staff for n in told}
    expected = {ticket.owner, ticket.owner.superior, world.eng.head} - {None}
    assert people == expected and len(expected) >= 2
    assert {n.channel for n in told if n.staff == ticket.owner} >= {"inapp"}
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.RATED)
    assert all(n.caused_by_id == event.pk for n in told)
    _subject, body = render(told.filter(channel="inapp").first())
    assert ticket.number in body and "2" in body and "师傅态度不好" in body


def test_a_good_rating_tells_nobody(anonymous, world):
    from notifications.models import Notification

    ticket = _resolved_portal_ticket(anonymous, world)
    _lookup(anonymous, ticket.number, "8000", score="3")

    assert Rating.objects.get(ticket=ticket).score == 3
    assert not Notification.objects.filter(ticket=ticket, template="low_rating").exists()


def test_lookups_are_limited_per_ticket_number(anonymous, world, settings):
    settings.KEFU_PORTAL_LOOKUPS_PER_NUMBER_PER_HOUR = 3
    _submit(anonymous)
    ticket = Ticket.objects.get()
    for digits in ("0001", "0002", "0003"):
        assert _lookup(anonymous, ticket.number, digits).status_code == 404
    # the fourth guess is refused even with the right digits: guessing is bounded
    assert _lookup(anonymous, ticket.number, "8000").status_code == 429
    # from another address the number is still protected
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _lookup(other, ticket.number, "8000").status_code == 429


def test_lookups_are_limited_per_address(anonymous, world, settings):
    settings.KEFU_PORTAL_LOOKUPS_PER_HOUR = 2
    for n in range(2):
        assert _lookup(anonymous, f"GD20261123-000{n}", "1234").status_code == 404
    assert _lookup(anonymous, "GD20261123-0009", "1234").status_code == 429
    assert _lookup(Client(REMOTE_ADDR="10.0.0.9"), "GD20261123-0009", "1234").status_code == 404


def test_submissions_are_limited_per_address_and_per_phone(anonymous, world, settings):
    settings.KEFU_PORTAL_SUBMITS_PER_PHONE_PER_HOUR = 2
    settings.KEFU_PORTAL_SUBMITS_PER_HOUR = 3
    assert _submit(anonymous).status_code == 200
    assert _submit(anonymous).status_code == 200
    assert _submit(anonymous).status_code == 429  # third from this phone
    assert _submit(anonymous, phone="13900139000").status_code == 429  # fourth from this address
    assert _submit(Client(REMOTE_ADDR="10.0.0.9"), phone="13900139000").status_code == 200
    assert Ticket.objects.count() == 3


def test_without_an_owner_the_portal_says_so(anonymous, db):
    response = _submit(anonymous)
    assert response.status_code == 503
    assert not Ticket.objects.exists()


def test_the_forms_need_the_csrf_token(world):
    strict = Client(enforce_csrf_checks=True)
    assert _submit(strict).status_code == 403
    assert _lookup(strict, "GD20261123-0001", "8000").status_code == 403
    assert not Ticket.objects.exists()
    # with the token the page gave, the same submission goes through
    page = strict.get(reverse("portal-submit")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert _submit(strict, csrfmiddlewaretoken=token).status_code == 200


def test_a_photo_is_stored_under_our_name_and_shown_only_to_staff(anonymous, client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # a PNG header in a file called .html: the content decides, and the name is never the customer's
    _submit(anonymous, photo=SimpleUploadedFile("x.html", PNG, content_type="text/html"))
    ticket = Ticket.objects.get()
    photo = Photo.objects.get(ticket=ticket)
    assert re.fullmatch(r"portal/\d{4}/\d{2}/[0-9a-f]{32}\.png", photo.file.name)
    url = reverse("portal-photo", args=[ticket.number, photo.pk])

    assert anonymous.get(url).status_code == 302  # to the staff login: visitors never read photos back
    client.force_login(world.agent)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    assert url in client.get(reverse("ticket-detail", args=[ticket.number])).content.decode()
    # staff who may not see the ticket get the same 404 as for a photo that does not exist
    client.force_login(world.engineer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("portal-photo", args=[ticket.number, photo.pk + 1])).status_code == 404


def test_old_counters_are_dropped(anonymous, world):
    from datetime import timedelta

    from django.utils import timezone

    from portal.limits import hit
    from portal.models import Hit

    long_ago = timezone.now() - timedelta(days=3)
    hit("lookup:ip:10.0.0.1", 10, now=long_ago)
    assert Hit.objects.count() == 1
    hit("lookup:ip:10.0.0.2", 10)
    assert list(Hit.objects.values_list("key", flat=True)) == ["lookup:ip:10.0.0.2"]


def test_the_portal_speaks_chinese_to_every_browser(world):
    english = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    response = english.get(reverse("portal-submit"))
    html = response.content.decode()
    assert "请告诉我们您的需要" in html and "Tell us what you need" not in html
    assert response["Content-Language"] == "zh-hans"
    refused = _submit(english, phone="12")
    assert refused.status_code == 400 and "Please give a phone number" not in refused.content.decode()


def test_a_similar_request_soon_after_is_warned_of_in_the_customers_words(anonymous, world):
    first = _submit(anonymous).content.decode()
    assert "data-similar-before" not in first

    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        again = _submit(anonymous, content="厨房的水管在漏水").content.decode()
        other_caller = _submit(anonymous, phone="13900139000").content.decode()
    assert "data-similar-before" in again
    assert "30 分钟内已收到" in again
    # The earlier number is not shown: whoever types a phone number must not learn its tickets.
    earlier = Ticket.objects.order_by("received_at", "id").first()
    assert earlier.number not in again
    assert "data-similar-before" not in other_caller
    # A warning, never a refusal: both are recorded.
    assert Ticket.objects.filter(contact_phone="13800138000").count() == 2

    with time_machine.travel(timezone.now() + timedelta(minutes=45)):
        later = _submit(anonymous).content.decode()
    assert "data-similar-before" not in later


def test_behind_the_https_proxy_the_limits_count_the_forwarded_client(world, settings):
    settings.KEFU_HTTPS = True
    settings.KEFU_PORTAL_SUBMITS_PER_HOUR = 1
    proxy = {"REMOTE_ADDR": "10.0.0.254"}
    assert _submit(Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")).status_code == 200
    assert _submit(Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5"), phone="13900139000").status_code == 429
    assert _submit(Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.6"), phone="13700137000").status_code == 200
