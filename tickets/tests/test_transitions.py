"""The lifecycle table (tickets/transitions.py), exercised through the real actions.

Every (move, status) pair: the move succeeds from the statuses that list it, for the person who
normally makes it, and writes exactly one timeline row; from every other status it is refused with
IllegalTransition and nothing at all changes. The expected sources are written out here, not read
from TRANSITIONS, so a change to the table has to be made twice, on purpose.
"""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from accounts.models import Role
from core.errors import IllegalTransition, InvalidInput
from deadlines.models import Deadline
from tests.factories import StaffFactory
from tickets.actions import (
    accept_ticket,
    answer_ticket,
    assign_ticket,
    close_ticket,
    dispatch_ticket,
    hold_ticket,
    reopen_ticket,
    resolve_ticket,
    resume_ticket,
    start_ticket,
    transfer_ticket,
)
from tickets.models import Category, EventKind, Status, Ticket, TicketEvent
from tickets.transitions import TRANSITIONS, available_transitions

SHANGHAI = ZoneInfo("Asia/Shanghai")

NEW, DISPATCHED, ACCEPTED, IN_PROGRESS, ON_HOLD, RESOLVED, CLOSED = (
    "new",
    "dispatched",
    "accepted",
    "in_progress",
    "on_hold",
    "resolved",
    "closed",
)
ALL_STATUSES = [NEW, DISPATCHED, ACCEPTED, IN_PROGRESS, ON_HOLD, RESOLVED, CLOSED]

# move → the statuses it may start from (API.md and the diagram in transitions.py)
ALLOWED_FROM = {
    "dispatch": {NEW, DISPATCHED, ACCEPTED},
    "assign": {DISPATCHED, ACCEPTED, IN_PROGRESS},
    "accept": {DISPATCHED},
    "start": {ACCEPTED},
    "resolve": {IN_PROGRESS},
    "answer": {NEW, DISPATCHED, ACCEPTED, IN_PROGRESS},
    "hold": {DISPATCHED, ACCEPTED, IN_PROGRESS},
    "resume": {ON_HOLD},
    "transfer": {NEW, DISPATCHED, ACCEPTED, IN_PROGRESS, ON_HOLD, RESOLVED},
    "close": {RESOLVED},
    "reopen": {RESOLVED, CLOSED},
}


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), tick=False) as traveller:
        yield traveller


def bring_to(status, *, world, make_ticket, clock, category=Category.REPAIR):
    """A ticket recorded by the agent and worked by 工程部's engineer up to `status`, one
    real action at a time, a few minutes apart."""
    ticket = make_ticket(category=category)
    steps = [
        (DISPATCHED, lambda t: dispatch_ticket(t, department=world.eng, actor=world.agent)),
        (ACCEPTED, lambda t: accept_ticket(t, actor=world.engineer)),
        (IN_PROGRESS, lambda t: start_ticket(t, actor=world.engineer)),
        (ON_HOLD, lambda t: hold_ticket(t, reason="等待配件", actor=world.engineer)),
        (IN_PROGRESS, lambda t: resume_ticket(t, actor=world.engineer)),
        (
            RESOLVED,
            lambda t: (
                answer_ticket(t, answer="已答复业主", actor=world.agent)
                if t.category == Category.CONSULTATION
                else resolve_ticket(t, result="已更换水管", actor=world.engineer)
            ),
        ),
        (CLOSED, lambda t: close_ticket(t, actor=world.agent)),
    ]
    for reached, step in steps:
        if ticket.status == status:
            break
        clock.shift(300)
        ticket = step(ticket)
        assert ticket.status == reached
    assert ticket.status == status
    clock.shift(300)
    return ticket


# move → (how the usual person makes it, the status it leads to (None: unchanged), the event kind)
MOVES = {
    "dispatch": (
        lambda t, w: dispatch_ticket(t, department=w.security, actor=w.agent),
        DISPATCHED,
        EventKind.DISPATCHED,
    ),
    # 派工到人 by a lead, to an engineer who does not have the work yet
    "assign": (
        lambda t, w: assign_ticket(t, assignee=StaffFactory(role=Role.FIELD, department=w.eng), actor=w.supervisor),
        None,
        EventKind.ASSIGNED,
    ),
    "accept": (lambda t, w: accept_ticket(t, actor=w.engineer), ACCEPTED, EventKind.ACCEPTED),
    "start": (lambda t, w: start_ticket(t, actor=w.engineer), IN_PROGRESS, EventKind.STARTED),
    "resolve": (lambda t, w: resolve_ticket(t, result="已修好", actor=w.engineer), RESOLVED, EventKind.RESOLVED),
    "answer": (lambda t, w: answer_ticket(t, answer="物业费按月缴纳", actor=w.agent), RESOLVED, EventKind.ANSWERED),
    "hold": (lambda t, w: hold_ticket(t, reason="业主不在家", actor=w.engineer), ON_HOLD, EventKind.HELD),
    "resume": (lambda t, w: resume_ticket(t, actor=w.engineer), IN_PROGRESS, EventKind.RESUMED),
    "transfer": (lambda t, w: transfer_ticket(t, owner=w.agent2, actor=w.agent), None, EventKind.TRANSFERRED),
    "close": (lambda t, w: close_ticket(t, actor=w.agent), CLOSED, EventKind.CLOSED),
    "reopen": (lambda t, w: reopen_ticket(t, reason="又漏了", actor=w.agent), DISPATCHED, EventKind.REOPENED),
}

ACTORS = {
    "dispatch": "agent",
    "assign": "supervisor",
    "accept": "engineer",
    "start": "engineer",
    "resolve": "engineer",
    "answer": "agent",
    "hold": "engineer",
    "resume": "engineer",
    "transfer": "agent",
    "close": "agent",
    "reopen": "agent",
}

PAIRS = [(move, status) for move in ALLOWED_FROM for status in ALL_STATUSES]


def snapshot(ticket):
    """Everything a refused move must leave alone: the row, its timeline, its deadlines."""
    return (
        Ticket.objects.filter(pk=ticket.pk).values().get(),
        list(TicketEvent.objects.filter(ticket=ticket).order_by("id").values()),
        list(Deadline.objects.filter(ticket=ticket).order_by("id").values()),
    )


def test_the_table_in_transitions_py_is_the_one_tested_here():
    assert {name: set(t.sources) for name, t in TRANSITIONS.items()} == ALLOWED_FROM


@pytest.mark.parametrize(("move", "status"), PAIRS, ids=[f"{m}-from-{s}" for m, s in PAIRS])
def test_each_move_is_allowed_exactly_from_its_listed_statuses(move, status, world, make_ticket, clock):
    # given a ticket brought to `status` (a consultation where the move is answering)
    category = Category.CONSULTATION if move == "answer" else Category.REPAIR
    ticket = bring_to(status, world=world, make_ticket=make_ticket, clock=clock, category=category)
    make, leads_to, kind = MOVES[move]
    before = snapshot(ticket)

    if status in ALLOWED_FROM[move]:
        # when the usual person makes the move
        ticket = make(ticket, world)
        # then the status follows the table and exactly one event records who did it
        assert ticket.status == (leads_to or status)
        new_events = TicketEvent.objects.filter(ticket=ticket).exclude(pk__in=[e["id"] for e in before[1]])
        assert [(e.kind, e.actor) for e in new_events] == [(kind, getattr(world, ACTORS[move]))]
        assert new_events[0].at == ticket.updated_at
    else:
        # when the move is attempted from a status that does not list it
        with pytest.raises(IllegalTransition) as refused:
            make(ticket, world)
        # then it is a 409 conflict and nothing changed
        assert (refused.value.status, refused.value.code) == (409, "illegal_transition")
        assert snapshot(ticket) == before


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_it_refuses_to_answer_a_repair_in_any_status(status, world, make_ticket, clock):
    # given a repair (work to be done, not a question to answer)
    ticket = bring_to(status, world=world, make_ticket=make_ticket, clock=clock, category=Category.REPAIR)
    before = snapshot(ticket)
    # when its owner tries to answer it / then
    with pytest.raises(IllegalTransition):
        answer_ticket(ticket, answer="已答复", actor=world.agent)
    assert snapshot(ticket) == before


def test_resume_returns_to_the_status_the_ticket_was_held_from(world, make_ticket, clock):
    # given a ticket held while it was only dispatched
    ticket = bring_to(DISPATCHED, world=world, make_ticket=make_ticket, clock=clock)
    ticket = hold_ticket(ticket, reason="联系不上业主", actor=world.agent)
    # when it is resumed
    ticket = resume_ticket(ticket, actor=world.agent)
    # then it waits for acceptance again, not for work that never started
    assert ticket.status == Status.DISPATCHED
    assert (ticket.held_from, ticket.held_at) == ("", None)


def test_reopen_without_a_department_goes_back_to_new(world, make_ticket, clock):
    # given a consultation answered straight away, never dispatched
    ticket = make_ticket(category=Category.CONSULTATION)
    ticket = answer_ticket(ticket, answer="停水通知见公告栏", actor=world.agent)
    # when it is reopened
    ticket = reopen_ticket(ticket, reason="业主仍有疑问", actor=world.agent)
    # then it waits for dispatch (or a new answer)
    assert (ticket.status, ticket.department, ticket.reopen_count) == (Status.NEW, None, 1)


def test_reopen_clears_the_previous_rounds_work_times(world, make_ticket, clock):
    ticket = bring_to(CLOSED, world=world, make_ticket=make_ticket, clock=clock)
    ticket = reopen_ticket(ticket, reason="又漏了", actor=world.supervisor)
    assert ticket.status == Status.DISPATCHED
    assert ticket.department == world.eng
    assert ticket.dispatched_at == ticket.updated_at
    assert (ticket.accepted_at, ticket.accepted_by, ticket.started_at, ticket.resolved_at, ticket.closed_at) == (
        None,
        None,
        None,
        None,
        None,
    )


def test_dispatching_again_to_the_same_waiting_department_writes_nothing(world, make_ticket, clock):
    # given a ticket already waiting at 工程部
    ticket = bring_to(DISPATCHED, world=world, make_ticket=make_ticket, clock=clock)
    before = snapshot(ticket)
    # when the agent dispatches it to 工程部 again (a double click)
    dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    # then nothing changes and the timeline has no duplicate line
    assert snapshot(ticket) == before


def test_redispatch_after_acceptance_needs_a_new_acknowledgement(world, make_ticket, clock):
    ticket = bring_to(ACCEPTED, world=world, make_ticket=make_ticket, clock=clock)
    ticket = dispatch_ticket(ticket, department=world.security, actor=world.agent, note="属于秩序维护部")
    assert (ticket.status, ticket.department, ticket.accepted_at, ticket.accepted_by) == (
        Status.DISPATCHED,
        world.security,
        None,
        None,
    )
    event = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.DISPATCHED).last()
    assert (event.data["from_department"], event.data["department"], event.data["note"]) == (
        "eng",
        "security",
        "属于秩序维护部",
    )


@pytest.mark.parametrize(
    ("status", "who", "buttons"),
    [
        (NEW, "agent", ["dispatch", "transfer"]),
        (DISPATCHED, "engineer", ["accept", "hold"]),
        (DISPATCHED, "guard", []),
        (DISPATCHED, "qa", []),
        (IN_PROGRESS, "engineer", ["resolve", "hold"]),
        (RESOLVED, "agent", ["transfer", "close", "reopen"]),
        (RESOLVED, "engineer", []),
        (CLOSED, "supervisor", ["reopen"]),
    ],
)
def test_available_transitions_offer_only_moves_the_user_may_make(status, who, buttons, world, make_ticket, clock):
    ticket = bring_to(status, world=world, make_ticket=make_ticket, clock=clock)
    assert [t.name for t in available_transitions(ticket, getattr(world, who))] == buttons


# ── every move commits its change and its timeline row together ───────────────────────────────

ACTION_MODULES = {
    "dispatch": "tickets.actions.dispatch",
    "assign": "tickets.actions.assign",
    "accept": "tickets.actions.work",
    "start": "tickets.actions.work",
    "resolve": "tickets.actions.work",
    "answer": "tickets.actions.answer",
    "hold": "tickets.actions.hold",
    "resume": "tickets.actions.hold",
    "transfer": "tickets.actions.ownership",
    "close": "tickets.actions.closing",
    "reopen": "tickets.actions.closing",
}
FIRST_SOURCE = {
    "dispatch": NEW,
    "assign": DISPATCHED,
    "accept": DISPATCHED,
    "start": ACCEPTED,
    "resolve": IN_PROGRESS,
    "answer": NEW,
    "hold": IN_PROGRESS,
    "resume": ON_HOLD,
    "transfer": DISPATCHED,
    "close": RESOLVED,
    "reopen": CLOSED,
}


class TimelineDown(Exception):
    pass


@pytest.mark.parametrize("move", list(MOVES))
def test_a_move_whose_event_cannot_be_written_changes_nothing(move, world, make_ticket, clock, monkeypatch):
    # given a ticket ready for the move
    category = Category.CONSULTATION if move == "answer" else Category.REPAIR
    ticket = bring_to(FIRST_SOURCE[move], world=world, make_ticket=make_ticket, clock=clock, category=category)
    before = snapshot(ticket)

    # when writing the timeline row fails after the status was changed
    def broken_record_event(*args, **kwargs):
        raise TimelineDown

    monkeypatch.setattr(f"{ACTION_MODULES[move]}.record_event", broken_record_event)
    make, _leads_to, _kind = MOVES[move]
    with pytest.raises(TimelineDown):
        make(ticket, world)

    # then the status change, the timestamps and the deadline updates were rolled back with it
    assert snapshot(ticket) == before


# ── first-contact responsibility (首问负责制, A5) ─────────────────────────────────────────────


def test_the_recording_agent_owns_the_ticket_through_the_whole_lifecycle(world, make_ticket, clock):
    # given a request recorded by the agent
    ticket = make_ticket()
    assert (ticket.owner, ticket.created_by) == (world.agent, world.agent)
    # when others dispatch, do, close and reopen the work
    ticket = dispatch_ticket(ticket, department=world.eng, actor=world.supervisor)
    ticket = accept_ticket(ticket, actor=world.engineer)
    ticket = start_ticket(ticket, actor=world.engineer)
    ticket = resolve_ticket(ticket, result="已更换阀门", actor=world.engineer)
    ticket = close_ticket(ticket, actor=world.manager)
    ticket = reopen_ticket(ticket, reason="阀门仍渗水", actor=world.night)
    # then the agent still owns it, and no line of the timeline says otherwise
    assert Ticket.objects.get(pk=ticket.pk).owner == world.agent
    assert not TicketEvent.objects.filter(ticket=ticket, kind=EventKind.TRANSFERRED).exists()


def test_transfer_moves_ownership_and_logs_who_handed_it_to_whom(world, make_ticket, clock):
    # given the agent's ticket, dispatched
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    # when the supervisor hands it to the agent's colleague
    ticket = transfer_ticket(ticket, owner=world.agent2, actor=world.supervisor, reason="孙丽休假")
    # then the colleague owns it and the timeline says so, with both usernames
    assert Ticket.objects.get(pk=ticket.pk).owner == world.agent2
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.TRANSFERRED)
    assert event.actor == world.supervisor
    assert event.data == {
        "from_owner": "agent",
        "from_name": "孙丽",
        "to_owner": "agent2",
        "to_name": "周敏",
        "reason": "孙丽休假",
    }
    # and the status was not touched
    assert ticket.status == Status.DISPATCHED


def test_transfer_to_the_current_owner_writes_nothing(world, make_ticket, clock):
    ticket = make_ticket()
    before = snapshot(ticket)
    transfer_ticket(ticket, owner=world.agent, actor=world.agent)
    assert snapshot(ticket) == before


def test_it_refuses_dispatch_to_a_department_that_no_longer_takes_work(world, make_ticket, clock):
    ticket = make_ticket()
    world.security.is_active = False
    world.security.save(update_fields=["is_active"])
    before = snapshot(ticket)
    with pytest.raises(InvalidInput) as refused:
        dispatch_ticket(ticket, department=world.security, actor=world.agent)
    assert list(refused.value.fields) == ["department"]
    assert snapshot(ticket) == before


# ── two people pressing the same button at once ──────────────────────────────────────────────


@pytest.mark.django_db(transaction=True)
def test_two_engineers_accepting_at_once_make_one_acceptance(world, make_ticket):
    # given 工程部's ticket and two of its engineers on their phones
    colleague = StaffFactory(username="engineer2", name="李师傅", role=Role.FIELD, department=world.eng)
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    outcomes: dict[str, str] = {}
    start = threading.Barrier(2)

    def press_accept(engineer):
        try:
            start.wait()
            accept_ticket(Ticket.objects.get(pk=ticket.pk), actor=engineer)
            outcomes[engineer.username] = "accepted"
        except IllegalTransition:
            outcomes[engineer.username] = "refused"
        except BaseException as exc:  # reported by the main thread below
            outcomes[engineer.username] = repr(exc)
        finally:
            connection.close()

    # when both press "accept" at the same moment
    presses = [threading.Thread(target=press_accept, args=(e,)) for e in (world.engineer, colleague)]
    for press in presses:
        press.start()
    for press in presses:
        press.join(timeout=60)

    # then the row lock lets one through; the other sees the new status and is refused
    assert sorted(outcomes.values()) == ["accepted", "refused"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "accepted")
    assert Ticket.objects.get(pk=ticket.pk).accepted_by.username == winner
    assert list(
        TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ACCEPTED).values_list("actor__username", flat=True)
    ) == [winner]
