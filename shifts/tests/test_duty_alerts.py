"""A7 and C5 with a roster: an emergency and an out-of-hours escalation reach the people on
duty instead of every manager; without a roster, nothing changes (deadlines' own tests)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Role
from deadlines.escalation import emergency_recipients, reporting_line
from deadlines.watcher import check_deadlines
from shifts import actions
from shifts.selectors import on_duty
from tests.factories import StaffFactory
from tickets.actions import accept_ticket, dispatch_ticket
from tickets.models import EventKind, TicketEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHT = datetime(2026, 11, 23, 22, 0, tzinfo=SHANGHAI)  # a Monday, out of office hours
DAY = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def rostered(world, templates):
    """The night: 郑夜班 at the desk, 钱主管 the duty supervisor, 王师傅 on call for 工程部; a
    second engineer and the manager are off."""
    day = NIGHT.date()
    world.eng2 = StaffFactory(
        username="eng2", name="杨师傅", work_number="GC102", role=Role.FIELD, department=world.eng
    )
    head = StaffFactory(username="eng_head", name="马主任", work_number="GC001", role=Role.FIELD, department=world.eng)
    world.eng.head = head
    world.eng.save(update_fields=["head"])
    for person, template in (
        (world.night, "night"),
        (world.supervisor, "night"),
        (world.engineer, "night"),
        (world.agent, "day"),
        (world.eng2, "day"),
    ):
        actions.set_roster_day(actor=world.manager, staff=person, day=day, template=templates[template])
    return world


def test_on_duty_is_the_stable_entry_point(rostered):
    world = rostered
    assert on_duty(role=Role.NIGHT_DUTY, at=NIGHT) == [world.night]
    assert on_duty(role=Role.FIELD, at=NIGHT, department=world.eng) == [world.engineer]
    assert on_duty(role=Role.FIELD, at=DAY) == [world.eng2]
    assert on_duty(at=NIGHT - timedelta(days=3)) == []


def test_an_emergency_at_night_goes_to_the_people_on_duty(rostered, make_ticket):
    world = rostered
    with time_machine.travel(NIGHT, tick=False):
        ticket = make_ticket(actor=world.night, category="emergency", content="地下车库燃气报警")
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.ESCALATED)
    # not the manager nor every head: the duty supervisor and the engineer on call
    assert event.data["to"] == ["engineer", "supervisor"]
    # by day nobody of the leads is on the roster: today's rule, the manager and the heads
    assert [p.username for p in emergency_recipients(ticket, at=DAY)] == ["eng_head", "manager"]


def test_without_a_roster_an_emergency_goes_to_every_manager_and_head(world, make_ticket):
    with time_machine.travel(NIGHT, tick=False):
        ticket = make_ticket(category="emergency", content="燃气报警")
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.ESCALATED)
    assert event.data["to"] == ["manager"]


def test_out_of_hours_the_escalation_climbs_through_the_duty_supervisor(rostered, make_ticket, settings):
    world = rostered
    settings.KEFU_ESCALATION_MINUTES = 10
    with time_machine.travel(NIGHT - timedelta(hours=1), tick=False) as clock:
        ticket = make_ticket(actor=world.night, category="repair", content="楼道灯不亮")
        dispatch_ticket(ticket, department=world.eng, actor=world.night)
        accept_ticket(ticket, actor=world.engineer)
        ticket.refresh_from_db()
        assert reporting_line(ticket, at=NIGHT) == [world.engineer, world.supervisor]
        # in office hours the usual line: the engineer's superiors, then the head
        assert reporting_line(ticket, at=DAY)[-1].username == "eng_head"
        clock.move_to(NIGHT + timedelta(hours=7))
        check_deadlines()
        clock.move_to(NIGHT + timedelta(hours=7, minutes=11))
        check_deadlines()
    reached = [e.data["to"] for e in TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ESCALATED)]
    assert reached and set(reached) == {"supervisor"}


def test_a_dispatch_to_the_department_reaches_its_engineer_on_call(rostered, make_ticket):
    # issue 13: work given to the department (no one named) goes to whoever is on duty there
    from notifications.models import Notification

    world = rostered
    world.engineer.phone = "13700000101"
    world.engineer.save(update_fields=["phone"])
    with time_machine.travel(NIGHT, tick=False):
        ticket = dispatch_ticket(make_ticket(content="楼道水管爆裂"), department=world.eng, actor=world.night)
    told = set(
        Notification.objects.filter(ticket=ticket, template="dispatched_department").values_list(
            "staff__username", "channel"
        )
    )
    assert ("engineer", "sms") in told and ("eng_head", "inapp") in told
    assert not {who for who, _channel in told} & {"eng2"}  # off duty tonight
