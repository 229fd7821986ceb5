"""The whole loop (E1-E3, D3): repair resolved → callback due within 48 h → unsatisfied →
reopened to the same department under supervision → resolved again → satisfied → closed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from callbacks.actions import record_callback
from callbacks.models import Callback, CallbackKind, CallbackStatus, Outcome
from core.errors import Conflict, Forbidden, InvalidInput
from deadlines.models import CommitmentPolicy, Deadline, DeadlineKind
from deadlines.watcher import check_deadlines
from tickets.actions import accept_ticket, reopen_ticket, resolve_ticket, start_ticket
from tickets.models import EventKind, Status, TicketEvent
from tickets.timeline import describe

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_the_whole_loop_from_unsatisfied_to_satisfied(world, resolved_repair, _clock):
    # given: a repair resolved by 工程部
    ticket = resolved_repair()

    # then: one repair callback, due within 48 h, with a deadline row the watcher sees
    callback = Callback.objects.get(ticket=ticket)
    assert callback.kind == CallbackKind.REPAIR
    assert callback.status == CallbackStatus.DUE
    assert callback.department == world.eng
    assert callback.due_at == NOW + timedelta(hours=48)
    deadline = Deadline.objects.get(ticket=ticket, kind=DeadlineKind.CALLBACK)
    assert deadline.due_at == callback.due_at and deadline.met_at is None

    # when: the customer is unsatisfied
    _clock.shift(timedelta(hours=3))
    record_callback(callback, outcome=Outcome.UNSATISFIED, score=2, note="还在漏水", actor=world.agent)

    # then: back to 工程部, supervised, on the timeline
    ticket.refresh_from_db()
    assert ticket.status == Status.DISPATCHED
    assert ticket.department == world.eng
    assert ticket.supervised is True
    assert ticket.reopen_count == 1
    callback.refresh_from_db()
    assert (callback.status, callback.outcome, callback.score) == (CallbackStatus.DONE, "unsatisfied", 2)
    deadline.refresh_from_db()
    assert deadline.met_at == NOW + timedelta(hours=3)
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds[-3:] == [EventKind.CALLBACK_RECORDED, EventKind.REOPENED, EventKind.SUPERVISED]
    supervised = TicketEvent.objects.get(ticket=ticket, kind=EventKind.SUPERVISED)
    assert supervised.data["department"] == "eng"
    assert world.eng.name in describe(supervised)

    # when: 工程部 does the work again
    accept_ticket(ticket, actor=world.engineer)
    start_ticket(ticket, actor=world.engineer)
    _clock.shift(timedelta(hours=1))
    resolve_ticket(ticket, result="重新更换阀门", actor=world.engineer)

    # then: a new callback for the new round
    second = Callback.objects.get(ticket=ticket, round=1)
    assert second.status == CallbackStatus.DUE
    assert second.due_at == NOW + timedelta(hours=4 + 48)

    # when: satisfied this time
    record_callback(
        second, outcome=Outcome.SATISFIED, answers={"punctual": 5, "quality": 4, "attitude": 5}, actor=world.agent2
    )

    # then: closed through the close action, supervision over, the scores kept
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert ticket.supervised is False
    second.refresh_from_db()
    assert second.answers == {"punctual": 5, "quality": 4, "attitude": 5}
    assert second.score == 5  # the mean of the answers, rounded
    assert TicketEvent.objects.filter(ticket=ticket).last().kind == EventKind.CLOSED
    assert not Deadline.objects.filter(ticket=ticket, met_at__isnull=True).exists()


def test_basically_satisfied_closes_the_ticket(world, resolved_repair):
    ticket = resolved_repair()
    record_callback(ticket.callbacks.get(), outcome=Outcome.BASICALLY_SATISFIED, score=4, actor=world.supervisor)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_a_callback_commitment_sets_the_due_time(world, resolved_repair):
    CommitmentPolicy.objects.create(category="repair", kind=DeadlineKind.CALLBACK, minutes=24 * 60)
    ticket = resolved_repair()
    assert ticket.callbacks.get().due_at == NOW + timedelta(hours=24)


def test_a_busy_customer_is_rescheduled(world, resolved_repair, settings):
    settings.KEFU_CALLBACK_RETRY_MINUTES = 90
    ticket = resolved_repair()
    callback = record_callback(ticket.callbacks.get(), outcome=Outcome.BUSY, actor=world.agent)
    assert callback.status == CallbackStatus.DUE
    assert callback.attempts == 1
    assert callback.call_after == NOW + timedelta(minutes=90)
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    event = TicketEvent.objects.filter(ticket=ticket).last()
    assert event.kind == EventKind.CALLBACK_RECORDED and event.data["final"] is False


def test_unreachable_is_retried_then_recorded_as_such(world, resolved_repair, settings, _clock):
    settings.KEFU_CALLBACK_MAX_ATTEMPTS = 3
    ticket = resolved_repair()
    callback = ticket.callbacks.get()
    for attempt in (1, 2):
        callback = record_callback(callback, outcome=Outcome.UNREACHABLE, actor=world.agent)
        assert (callback.status, callback.attempts) == (CallbackStatus.DUE, attempt)
        _clock.shift(timedelta(hours=3))
    callback = record_callback(callback, outcome=Outcome.UNREACHABLE, actor=world.agent)
    assert (callback.status, callback.outcome, callback.attempts) == (CallbackStatus.DONE, "unreachable", 3)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_unreachable_is_final_when_no_retry_fits_before_the_due_time(world, resolved_repair, _clock):
    ticket = resolved_repair()
    _clock.shift(timedelta(hours=47))
    callback = record_callback(ticket.callbacks.get(), outcome=Outcome.UNREACHABLE, actor=world.agent)
    assert (callback.status, callback.attempts) == (CallbackStatus.DONE, 1)


def test_the_watcher_records_a_missed_callback(world, resolved_repair, _clock):
    ticket = resolved_repair()
    _clock.shift(timedelta(hours=49))
    assert check_deadlines().breaches == 1
    assert TicketEvent.objects.filter(
        ticket=ticket, kind=EventKind.DEADLINE_BREACHED, data__deadline="callback"
    ).exists()


def test_it_refuses_a_second_recording(world, resolved_repair):
    ticket = resolved_repair()
    callback = ticket.callbacks.get()
    record_callback(callback, outcome=Outcome.SATISFIED, actor=world.agent)
    with pytest.raises(Conflict):
        record_callback(callback, outcome=Outcome.UNSATISFIED, actor=world.agent)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"outcome": "delighted"},
        {"outcome": "satisfied", "score": 6},
        {"outcome": "satisfied", "score": 0},
        {"outcome": "satisfied", "answers": {"quality": 9}},
        {"outcome": "satisfied", "answers": {"weather": 5}},
        {"outcome": "satisfied", "note": "很" * 501},
    ],
)
def test_bad_input_writes_nothing(world, resolved_repair, kwargs):
    ticket = resolved_repair()
    callback = ticket.callbacks.get()
    events = TicketEvent.objects.count()
    with pytest.raises(InvalidInput):
        record_callback(callback, actor=world.agent, **kwargs)
    callback.refresh_from_db()
    assert (callback.status, callback.attempts) == (CallbackStatus.DUE, 0)
    assert TicketEvent.objects.count() == events


@pytest.mark.parametrize("persona", ["engineer", "steward", "qa", "night"])
def test_only_agents_supervisors_and_the_manager_record(world, resolved_repair, persona):
    ticket = resolved_repair()
    with pytest.raises(Forbidden):
        record_callback(ticket.callbacks.get(), outcome=Outcome.SATISFIED, actor=getattr(world, persona))


def test_a_ticket_reopened_by_hand_leaves_the_queue_and_its_callback_is_superseded(world, resolved_repair):
    ticket = resolved_repair()
    first = ticket.callbacks.get()
    reopen_ticket(ticket, reason="客户来电说还漏", actor=world.agent)
    assert not Callback.objects.queue().exists()
    with pytest.raises(Conflict):
        record_callback(first, outcome=Outcome.SATISFIED, actor=world.agent)
    accept_ticket(ticket, actor=world.engineer)
    start_ticket(ticket, actor=world.engineer)
    resolve_ticket(ticket, result="再修", actor=world.engineer)
    first.refresh_from_db()
    assert (first.status, first.outcome) == (CallbackStatus.DONE, "")
    assert list(Callback.objects.queue()) == [Callback.objects.get(ticket=ticket, round=1)]


def test_a_busy_customer_names_the_time_to_call_again(world, resolved_repair):
    ticket = resolved_repair()
    callback = ticket.callbacks.get()
    with pytest.raises(InvalidInput):
        record_callback(callback, outcome=Outcome.BUSY, call_after=NOW - timedelta(minutes=1), actor=world.agent)
    callback.refresh_from_db()
    assert (callback.attempts, callback.call_after) == (0, None)
    wished = NOW + timedelta(hours=20)
    callback = record_callback(callback, outcome=Outcome.BUSY, call_after=wished, actor=world.agent)
    assert (callback.status, callback.call_after, callback.attempts) == (CallbackStatus.DUE, wished, 1)
