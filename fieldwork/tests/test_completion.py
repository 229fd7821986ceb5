"""Completion on site (issue 13): the engineer adds photos of the finished work, the customer reads
the result and sees the photos on the portal, and the work order prints with a signature line."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.errors import Conflict, Forbidden, InvalidInput
from fieldwork.actions import add_completion_photos
from fieldwork.models import CompletionPhoto
from tickets.actions import accept_ticket, dispatch_ticket, resolve_ticket, start_ticket
from tickets.models import EventKind, TicketEvent
from tickets.timeline import describe

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def in_progress(world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    return start_ticket(accept_ticket(ticket, actor=world.engineer), actor=world.engineer)


def _png(name="done.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_the_engineer_adds_photos_on_site_and_the_timeline_says_so(world, in_progress):
    kept = add_completion_photos(in_progress, photos=[_png(), SimpleUploadedFile("b.jpg", JPEG)], actor=world.engineer)
    assert [p.content_type for p in kept] == ["image/png", "image/jpeg"]
    assert all(re.fullmatch(r"completion/\d{4}/\d{2}/[0-9a-f]{32}\.(png|jpg)", p.file.name) for p in kept)
    event = TicketEvent.objects.get(ticket=in_progress, kind=EventKind.PHOTOS_ADDED)
    assert event.data == {"count": 2}
    with translation.override("zh-hans"):
        assert describe(event) == "添加了 2 张完工照片"


def test_photos_are_refused_from_another_department_before_the_work_and_when_not_photos(
    world, make_ticket, in_progress
):
    with pytest.raises(Forbidden):
        add_completion_photos(in_progress, photos=[_png()], actor=world.guard)
    with pytest.raises(Conflict):
        add_completion_photos(make_ticket(), photos=[_png()], actor=world.engineer)
    with pytest.raises(InvalidInput) as refused:
        add_completion_photos(
            in_progress, photos=[_png(), SimpleUploadedFile("x.png", b"<html>")], actor=world.engineer
        )
    assert "photos" in refused.value.fields
    with pytest.raises(InvalidInput):
        add_completion_photos(in_progress, photos=[], actor=world.engineer)
    assert not CompletionPhoto.objects.exists()  # one bad photo keeps none


def test_at_most_the_configured_number_of_photos(world, in_progress, settings):
    settings.KEFU_COMPLETION_PHOTOS_MAX = 2
    add_completion_photos(in_progress, photos=[_png(), _png()], actor=world.engineer)
    with pytest.raises(InvalidInput):
        add_completion_photos(in_progress, photos=[_png()], actor=world.engineer)
    assert CompletionPhoto.objects.count() == 2


def test_the_upload_form_and_the_photo_for_staff(client, world, in_progress):
    client.force_login(world.engineer)
    page = client.get(reverse("ticket-detail", args=[in_progress.number])).content.decode()
    assert "data-completion-upload" in page and "data-work-order" in page
    response = client.post(reverse("completion-photos", args=[in_progress.number]), {"photos": [_png()]})
    assert response.status_code == 302
    photo = CompletionPhoto.objects.get()
    assert client.get(reverse("completion-photo", args=[in_progress.number, photo.pk]))["Content-Type"] == "image/png"
    client.force_login(world.guard)  # another department: the ticket is invisible, so is its photo
    assert client.get(reverse("completion-photo", args=[in_progress.number, photo.pk])).status_code == 404


def test_the_customer_reads_the_result_and_sees_the_photos_on_the_portal(world, in_progress):
    add_completion_photos(in_progress, photos=[_png()], actor=world.engineer)
    resolve_ticket(in_progress, result="更换了厨房角阀，已试水无渗漏", actor=world.engineer)
    anonymous = Client()
    page = anonymous.post(
        reverse("portal-lookup"), {"number": in_progress.number, "digits": in_progress.contact_phone[-4:]}
    ).content.decode()
    assert "更换了厨房角阀，已试水无渗漏" in page
    link = re.search(r'href="(/portal/completion/[^"]+/)"', page).group(1)
    assert anonymous.get(link)["Content-Type"] == "image/png"
    assert anonymous.get("/portal/completion/forged:token/").status_code == 404


def test_the_work_order_prints_with_the_customer_promises_and_signature_lines(client, world, in_progress):
    client.force_login(world.engineer)
    page = client.get(reverse("work-order", args=[in_progress.number])).content.decode()
    assert in_progress.number in page and in_progress.contact_address in page
    assert "138****8000" in page  # masked, as everywhere
    assert "维修人员签字" in page and "客户验收签字" in page
    assert re.search(r"css/work_order(\.[0-9a-f]+)?\.css", page)
