"""The notification service: outbox rows written with their events, delivered once after commit
by e-mail and SMS, the in-app inbox and its bell; Chinese texts with honorific, number, due time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from customers.models import Area, Community
from deadlines.watcher import check_deadlines
from notifications.backends import MemorySmsBackend
from notifications.delivery import SENDING_TIMEOUT, deliver_pending
from notifications.models import Notification, State
from tickets.actions import dispatch_ticket, report_late
from tickets.models import EventKind, TicketEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def backends(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.KEFU_SMS_BACKEND = "notifications.backends.MemorySmsBackend"
    MemorySmsBackend.outbox = []


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def rows(**filters):
    return list(Notification.objects.filter(**filters).order_by("id"))


def test_a_breach_tells_the_holder_in_the_inbox_and_by_email(world, make_ticket, clock):
    world.agent.email = "sunli@example.com"
    world.agent.save(update_fields=["email"])
    ticket = make_ticket()
    clock.move_to(T0 + 16 * MIN)
    check_deadlines()
    breach = TicketEvent.objects.get(ticket=ticket, kind=EventKind.DEADLINE_BREACHED)
    sent = rows(template="deadline_breached")
    assert [(n.staff, n.channel, n.state, n.caused_by_id) for n in sent] == [
        (world.agent, "inapp", State.SENT, breach.pk),
        (world.agent, "email", State.PENDING, breach.pk),
    ]
    # a second pass writes no second message
    check_deadlines()
    assert len(rows(template="deadline_breached")) == 2


def test_the_outbox_is_delivered_once_in_chinese(world, make_ticket, clock):
    world.agent.email = "sunli@example.com"
    world.agent.save(update_fields=["email"])
    ticket = make_ticket()
    clock.move_to(T0 + 16 * MIN)
    check_deadlines()
    assert deliver_pending() == 1
    assert deliver_pending() == 0
    (message,) = mail.outbox
    assert message.to == ["sunli@example.com"]
    assert ticket.number in message.subject
    assert "孙丽" in message.body and ticket.number in message.body and "2026-11-23 09:15" in message.body
    assert "派单" in message.body  # the step, in Chinese
    assert rows(channel="email")[0].state == State.SENT


def test_an_escalation_reaches_the_person_by_every_channel_they_have(world, make_ticket, clock):
    world.supervisor.email, world.supervisor.phone = "qian@example.com", "13900000002"
    world.supervisor.save(update_fields=["email", "phone"])
    make_ticket()
    clock.move_to(T0 + 15 * MIN)
    check_deadlines()
    clock.shift(HOUR)
    check_deadlines()
    escalated = rows(template="escalated")
    assert {(n.staff, n.channel, n.address) for n in escalated} == {
        (world.supervisor, "inapp", ""),
        (world.supervisor, "email", "qian@example.com"),
        (world.supervisor, "sms", "13900000002"),
    }
    deliver_pending()
    ((phone, text),) = MemorySmsBackend.outbox
    assert phone == "13900000002"
    assert "钱主管" in text and escalated[0].params["number"] in text and "2026-11-23 09:15" in text


def test_a_worker_killed_while_sending_never_sends_twice(world, make_ticket, clock):
    world.agent.email = "sunli@example.com"
    world.agent.save(update_fields=["email"])
    make_ticket()
    clock.move_to(T0 + 16 * MIN)
    check_deadlines()
    # given a worker claimed the e-mail and died before recording the outcome
    Notification.objects.filter(channel="email").update(
        state=State.SENDING, claim="dead", next_attempt_at=T0 + 16 * MIN
    )
    # when workers run later
    assert deliver_pending() == 0
    clock.move_to(T0 + 16 * MIN + SENDING_TIMEOUT + MIN)
    assert deliver_pending() == 0
    # then the message is recorded as failed with its uncertainty, and was never sent again
    (email,) = rows(channel="email")
    assert (email.state, mail.outbox) == (State.FAILED, [])
    assert "unknown" in email.last_error


def test_a_failing_gateway_is_retried_then_given_up(world, make_ticket, clock, settings):
    settings.EMAIL_BACKEND = "notifications.tests.test_notifications.BrokenBackend"
    world.agent.email = "sunli@example.com"
    world.agent.save(update_fields=["email"])
    make_ticket()
    clock.move_to(T0 + 16 * MIN)
    check_deadlines()
    for _ in range(3):
        deliver_pending()
        clock.shift(HOUR)
    (email,) = rows(channel="email")
    assert (email.state, email.attempts) == (State.FAILED, 3)
    assert "gateway down" in email.last_error


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("gateway down")


def test_running_late_texts_the_customer_and_tells_the_steward(world, make_ticket, clock):
    area = Area.objects.create(name="东区", steward=world.steward)
    Community.objects.filter(name="翠湖苑").update(area=area)
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    report_late(ticket, reason="前一单未完工", new_eta=T0 + 2 * HOUR, actor=world.engineer)
    assert {(n.customer_id, n.staff, n.channel) for n in rows(template__startswith="late_")} == {
        (ticket.customer_id, None, "sms"),
        (None, world.steward, "inapp"),
    }
    deliver_pending()
    ((phone, text),) = MemorySmsBackend.outbox
    assert phone == "13800138000"
    assert "王先生" in text and ticket.number in text and "2026-11-23 11:00" in text


def test_an_emergency_messages_the_manager_at_intake(world, make_ticket, clock):
    world.manager.phone = "13900000001"
    world.manager.save(update_fields=["phone"])
    ticket = make_ticket(category="emergency", content="地下车库燃气报警")
    assert {(n.staff, n.channel) for n in rows(template="emergency")} == {
        (world.manager, "inapp"),
        (world.manager, "sms"),
    }
    deliver_pending()
    ((phone, text),) = MemorySmsBackend.outbox
    assert phone == "13900000001" and ticket.number in text and "燃气报警" in text


def test_the_bell_counts_unread_messages_and_the_inbox_lists_them(client, world, make_ticket, clock):
    make_ticket()
    clock.move_to(T0 + 16 * MIN)
    check_deadlines()
    client.force_login(world.agent)
    assert 'data-unread="1"' in client.get("/notifications/bell/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert 'data-template="deadline_breached"' in page
    assert '<li class="unread" data-template="deadline_breached">' in page  # marked down the left edge
    assert 'id="bell"' in client.get("/").content.decode() or client.get("/").status_code == 302
    client.post("/notifications/read/")
    assert "data-unread" not in client.get("/notifications/bell/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert '<li class="" data-template="deadline_breached">' in page and 'hx-post="/notifications/read/"' not in page
    # another person's bell stays silent
    client.force_login(world.agent2)
    assert "data-unread" not in client.get("/notifications/bell/").content.decode()


def test_the_worker_delivers_the_outbox_after_its_deadline_pass(world, make_ticket):
    from django.core.management import call_command
    from django.utils import timezone

    # given a repair whose dispatch promise broke while nobody watched
    world.agent.email = "sunli@example.com"
    world.agent.save(update_fields=["email"])
    with time_machine.travel(timezone.now() - 20 * MIN, tick=False):
        ticket = make_ticket()
    # when the worker runs one round
    call_command("run_worker", "--once")
    # then the breach was recorded and its e-mail sent, once
    assert [m.to for m in mail.outbox] == [["sunli@example.com"]]
    assert ticket.number in mail.outbox[0].subject
    call_command("run_worker", "--once")
    assert len(mail.outbox) == 1


# ── summaries in a burst ──────────────────────────────────────────────────────────────────────


def test_a_burst_of_breaches_sends_the_holder_one_summary_per_channel(world, make_ticket, clock, settings):
    # given seven of the agent's tickets whose dispatch promises break in the same pass, and two
    # of another holder's (below the threshold)
    settings.KEFU_DIGEST_AFTER = 5
    world.agent.email = "sunli@example.com"
    world.agent.save(update_fields=["email"])
    mine = [make_ticket() for _ in range(7)]
    others = [make_ticket(actor=world.agent2) for _ in range(2)]
    clock.move_to(T0 + 16 * MIN)

    assert check_deadlines().breaches == 9

    # then the agent gets one summary in the inbox and one e-mail, naming every ticket and
    # pointing at every breach; the other holder gets a message per breach as before
    summaries = rows(template="deadline_breached_digest")
    assert [(n.staff, n.channel, n.state) for n in summaries] == [
        (world.agent, "inapp", State.SENT),
        (world.agent, "email", State.PENDING),
    ]
    breaches = list(
        TicketEvent.objects.filter(kind=EventKind.DEADLINE_BREACHED, ticket__in=mine)
        .order_by("id")
        .values_list("id", flat=True)
    )
    for n in summaries:
        assert n.params == {"count": 7, "numbers": [t.number for t in mine], "events": breaches}
        assert n.caused_by_id == breaches[0] and n.ticket_id is None
    assert not rows(template="deadline_breached", staff=world.agent)
    assert {n.ticket_id for n in rows(template="deadline_breached")} == {t.pk for t in others}
    # a second pass writes nothing more
    check_deadlines()
    assert len(rows(template="deadline_breached_digest")) == 2

    # and the e-mail says it in Chinese, with the numbers
    deliver_pending()
    (message,) = mail.outbox
    assert message.subject == "7 张工单已超时"
    assert "孙丽" in message.body and all(t.number in message.body for t in mine) and "超时看板" in message.body
    assert "、".join(t.number for t in mine[:2]) in message.body


def test_a_summary_names_the_first_tickets_and_counts_the_rest(world):
    from notifications.templates import render

    n = Notification(
        staff=world.agent,
        channel="inapp",
        template="escalated_digest",
        params={"count": 23, "numbers": ["GD1", "GD2"], "events": []},
    )
    subject, body = render(n)
    assert subject == "升级给您：23 张超时工单"
    assert "GD1、GD2 等，另有 21 张" in body
    subject, body = render(n, language="en")
    assert subject == "Escalated to you: 23 overdue tickets" and "GD1, GD2 and 21 more" in body


def test_the_inbox_links_a_summary_to_the_overdue_board(client, world, make_ticket, clock, settings):
    settings.KEFU_DIGEST_AFTER = 1
    make_ticket(), make_ticket()
    clock.move_to(T0 + 16 * MIN)
    check_deadlines()
    client.force_login(world.agent)
    page = client.get("/notifications/").content.decode()
    assert 'data-template="deadline_breached_digest"' in page and '<a href="/deadlines/overdue/">超时看板</a>' in page
    assert "2 张工单已超时" in page
