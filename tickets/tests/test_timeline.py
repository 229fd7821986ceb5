"""The timeline (tickets/timeline.py): typed, append-only rows; the words are made when shown."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from core.errors import InvalidInput
from deadlines.watcher import check_deadlines
from tickets.actions import (
    accept_ticket,
    add_note,
    close_ticket,
    dispatch_ticket,
    hold_ticket,
    reopen_ticket,
    resolve_ticket,
    resume_ticket,
    start_ticket,
    transfer_ticket,
)
from tickets.models import EventKind, Ticket, TicketEvent
from tickets.selectors import timeline
from tickets.timeline import describe, record_event

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
MIN = timedelta(minutes=1)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def lived(world, make_ticket, clock):
    """A repair through its whole life, one step a minute, then reopened."""
    ticket = make_ticket()
    steps = [
        lambda t: dispatch_ticket(t, department=world.eng, actor=world.agent, note="尽快上门"),
        lambda t: accept_ticket(t, actor=world.engineer),
        lambda t: start_ticket(t, actor=world.engineer),
        lambda t: hold_ticket(t, reason="等待配件", actor=world.engineer),
        lambda t: resume_ticket(t, actor=world.engineer),
        lambda t: resolve_ticket(t, result="已更换水管", actor=world.engineer),
        lambda t: transfer_ticket(t, owner=world.agent2, actor=world.supervisor, reason="交接班"),
        lambda t: close_ticket(t, actor=world.agent2, note="业主满意"),
        lambda t: reopen_ticket(t, reason="又漏了", actor=world.agent2),
    ]
    for step in steps:
        clock.shift(MIN)
        ticket = step(ticket)
    return ticket


def test_the_timeline_tells_the_whole_story_oldest_first(world, lived):
    rows = [(e.kind, e.actor.username, e.at) for e in timeline(lived)]
    assert rows == [
        (EventKind.CREATED, "agent", T0),
        (EventKind.DISPATCHED, "agent", T0 + 1 * MIN),
        (EventKind.ACCEPTED, "engineer", T0 + 2 * MIN),
        (EventKind.STARTED, "engineer", T0 + 3 * MIN),
        (EventKind.HELD, "engineer", T0 + 4 * MIN),
        (EventKind.RESUMED, "engineer", T0 + 5 * MIN),
        (EventKind.RESOLVED, "engineer", T0 + 6 * MIN),
        (EventKind.TRANSFERRED, "supervisor", T0 + 7 * MIN),
        (EventKind.CLOSED, "agent2", T0 + 8 * MIN),
        (EventKind.REOPENED, "agent2", T0 + 9 * MIN),
    ]


def test_events_keep_codes_names_and_what_people_wrote_never_sentences(lived):
    data = {e.kind: e.data for e in timeline(lived)}
    assert data == {
        "created": {"channel": "phone", "category": "repair", "priority": "normal"},
        "dispatched": {
            "department": "eng",
            "department_name": "工程部",
            "from_department": None,
            "from_department_name": None,
            "note": "尽快上门",
        },
        "accepted": {"department": "eng", "department_name": "工程部", "handover_minutes": 1},
        "started": {},
        "held": {"reason": "等待配件", "from_status": "in_progress"},
        "resumed": {"to_status": "in_progress", "paused_minutes": 1},
        "resolved": {"result": "已更换水管"},
        "transferred": {
            "from_owner": "agent",
            "from_name": "孙丽",
            "to_owner": "agent2",
            "to_name": "周敏",
            "reason": "交接班",
        },
        "closed": {"note": "业主满意"},
        "reopened": {"reason": "又漏了", "from_status": "closed", "to_status": "dispatched"},
    }


def test_events_at_the_same_moment_keep_the_order_they_were_written(world, make_ticket, clock):
    ticket = make_ticket()
    for text in ["第一条", "第二条", "第三条"]:
        add_note(ticket, text=text, actor=world.agent)
    notes = [e.data["text"] for e in timeline(ticket) if e.kind == EventKind.NOTE]
    assert notes == ["第一条", "第二条", "第三条"]


def test_events_are_append_only(world, make_ticket):
    event = record_event(make_ticket(), EventKind.NOTE, actor=world.agent, text="已电话联系业主")
    event.data = {"text": "改过的"}
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert TicketEvent.objects.get(pk=event.pk).data == {"text": "已电话联系业主"}


def test_record_event_defaults_to_now(world, make_ticket, clock):
    ticket = make_ticket()
    clock.shift(5 * MIN)
    event = record_event(ticket, EventKind.NOTE, actor=world.agent, text="稍后回电")
    assert (event.at, event.actor, event.data) == (T0 + 5 * MIN, world.agent, {"text": "稍后回电"})


def test_a_note_is_a_timeline_row_and_touches_the_ticket(world, make_ticket, clock):
    ticket = make_ticket()
    clock.shift(5 * MIN)
    add_note(ticket, text="业主要求下午上门", actor=world.steward)
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.NOTE)
    assert (event.actor, event.data, event.at) == (world.steward, {"text": "业主要求下午上门"}, T0 + 5 * MIN)
    assert Ticket.objects.get(pk=ticket.pk).updated_at == T0 + 5 * MIN


def test_an_empty_note_is_refused_and_nothing_is_written(world, make_ticket):
    ticket = make_ticket()
    with pytest.raises(InvalidInput):
        add_note(ticket, text="   ", actor=world.agent)
    assert list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True)) == [EventKind.CREATED]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_line_is_described_in_the_readers_language_with_its_data(language, lived):
    # The words come from the kind at display time; what people wrote appears as they wrote it.
    with translation.override(language):
        lines = {e.kind: describe(e) for e in timeline(lived)}
    assert all(isinstance(line, str) and line for line in lines.values())
    assert "工程部" in lines["dispatched"]
    assert "工程部" in lines["accepted"]
    assert "等待配件" in lines["held"]
    assert "已更换水管" in lines["resolved"]
    assert "孙丽" in lines["transferred"] and "周敏" in lines["transferred"]
    assert "业主满意" in lines["closed"]
    assert "又漏了" in lines["reopened"]


def test_a_breach_is_described_with_its_due_time_in_local_time(world, make_ticket, clock):
    # given a repair received at 09:00 whose dispatch (due 09:15) was missed
    ticket = make_ticket()
    clock.shift(20 * MIN)
    check_deadlines()
    # then the line shows 09:15 Shanghai time, though the row stores an ISO instant
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.DEADLINE_BREACHED)
    assert event.actor is None
    assert "2026-11-23 09:15" in describe(event)


def test_a_note_is_shown_as_written(world, make_ticket):
    add_note(make_ticket(), text="业主说晚上七点后在家", actor=world.agent)
    assert describe(TicketEvent.objects.get(kind=EventKind.NOTE)) == "业主说晚上七点后在家"
