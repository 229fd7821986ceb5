"""Appointments move the promise (C5): a repair booked for a visit is due at the visit (plus a
grace), rescheduling moves it and is logged, and no breach is recorded before the visit."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from deadlines.models import Deadline
from deadlines.watcher import check_deadlines
from kefu.apitest import ApiClient, error_of
from tickets.actions import dispatch_ticket, reschedule_appointment, start_ticket
from tickets.models import EventKind, TicketEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
HOUR = timedelta(hours=1)
VISIT = T0 + 2 * 24 * HOUR  # the customer chose the day after tomorrow, 9:00


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def due(ticket, kind):
    return Deadline.objects.get(ticket=ticket, kind=kind, round=ticket.reopen_count).due_at


def test_a_booked_repair_is_due_at_the_visit_plus_the_grace(make_ticket, clock, settings):
    settings.KEFU_APPOINTMENT_GRACE_MINUTES = 45

    ticket = make_ticket(appointment_at=VISIT)

    assert due(ticket, "dispatch") == T0 + timedelta(minutes=15)  # the centre still hands it over at once
    assert due(ticket, "handle") == VISIT + timedelta(minutes=45)
    assert due(ticket, "resolve") == VISIT + timedelta(minutes=45) + 24 * HOUR


def test_a_repair_without_appointment_keeps_the_ordinary_promise(make_ticket, clock):
    ticket = make_ticket()

    assert due(ticket, "handle") == T0 + 6 * HOUR


def test_no_breach_before_the_customers_visit(world, make_ticket, clock):
    ticket = dispatch_ticket(make_ticket(appointment_at=VISIT), department=world.eng, actor=world.agent)

    clock.move_to(VISIT - HOUR)  # long past the ordinary 6 hours
    check_deadlines()

    assert not Deadline.objects.filter(ticket=ticket, breached_at__isnull=False).exclude(kind="respond").exists()
    clock.move_to(VISIT + 31 * 60 * timedelta(seconds=1))
    check_deadlines()
    assert Deadline.objects.get(ticket=ticket, kind="handle").breached_at is not None


def test_rescheduling_moves_the_promises_and_is_on_the_timeline(world, make_ticket, clock):
    ticket = make_ticket(appointment_at=VISIT)
    later = VISIT + 24 * HOUR

    reschedule_appointment(ticket, appointment_at=later, reason="业主出差，改到周四", actor=world.agent)

    ticket.refresh_from_db()
    assert ticket.appointment_at == later
    assert due(ticket, "handle") == later + timedelta(minutes=30)
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.APPOINTMENT_MOVED)
    assert event.actor == world.agent
    assert datetime.fromisoformat(event.data["old"]) == VISIT
    assert datetime.fromisoformat(event.data["new"]) == later
    assert event.data["reason"] == "业主出差，改到周四"


def test_a_started_job_is_not_moved_but_its_repair_promise_is(world, make_ticket, clock):
    ticket = dispatch_ticket(make_ticket(appointment_at=VISIT), department=world.eng, actor=world.agent)
    from tickets.actions import accept_ticket

    accept_ticket(ticket, actor=world.engineer)
    clock.move_to(VISIT)
    start_ticket(ticket, actor=world.engineer)

    with pytest.raises(Exception) as refused:
        reschedule_appointment(ticket, appointment_at=VISIT + 24 * HOUR, reason="x", actor=world.agent)
    assert refused.value.status == 409


def test_the_api_reschedules_and_refuses_garbage(world, make_ticket, clock):
    ticket = make_ticket(appointment_at=VISIT)
    url = f"/api/v1/tickets/{ticket.number}/appointment"
    client = ApiClient(world.agent)

    ok = client.post(url, {"appointment_at": "2026-11-26T14:00:00+08:00", "reason": "业主要求改期"})
    past = client.post(url, {"appointment_at": "2026-11-20T14:00:00+08:00", "reason": "业主要求改期"})
    no_reason = client.post(url, {"appointment_at": "2026-11-27T14:00:00+08:00", "reason": ""})
    garbage = client.post(url, {"appointment_at": "下周", "reason": "x"})

    assert ok.status_code == 200, ok.json()
    assert ok.json()["appointment_at"] == "2026-11-26T14:00:00+08:00"
    assert past.status_code == 400
    assert error_of(past)["fields"] == {"appointment_at": "不是可能的时间。"}
    assert no_reason.status_code == 400
    assert garbage.status_code == 400
    assert TicketEvent.objects.filter(kind=EventKind.APPOINTMENT_MOVED).count() == 1
    assert due(ticket, "handle") == datetime(2026, 11, 26, 14, 30, tzinfo=SHANGHAI)


def test_field_staff_of_another_department_cannot_reschedule(world, make_ticket, clock):
    ticket = dispatch_ticket(make_ticket(appointment_at=VISIT), department=world.eng, actor=world.agent)

    response = ApiClient(world.guard).post(
        f"/api/v1/tickets/{ticket.number}/appointment", {"appointment_at": "2026-11-26T14:00:00+08:00", "reason": "x"}
    )

    assert response.status_code == 404
    assert due(ticket, "handle") == VISIT + timedelta(minutes=30)


def test_the_ticket_page_reschedules(client, world, make_ticket, clock):
    ticket = make_ticket(appointment_at=VISIT)
    client.force_login(world.agent)
    assert "data-reschedule" in client.get(reverse("ticket-detail", args=[ticket.number])).content.decode()

    response = client.post(
        reverse("ticket-reschedule", args=[ticket.number]), {"appointment_at": "2026-11-26T14:00", "reason": "改期"}
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.appointment_at == datetime(2026, 11, 26, 14, 0, tzinfo=SHANGHAI)
