"""Time commitments (时效, C1-C3): which promises a ticket gets, what meets them, how a hold pauses
them, and how the overdue flag of the lists agrees with the rows."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deadlines.models import CommitmentPolicy, Deadline
from deadlines.services import revise_policy
from deadlines.watcher import check_deadlines
from tickets.actions import (
    accept_ticket,
    answer_ticket,
    close_ticket,
    dispatch_ticket,
    hold_ticket,
    reopen_ticket,
    resolve_ticket,
    resume_ticket,
    start_ticket,
)
from tickets.models import EventKind, Ticket, TicketEvent
from tickets.selectors import search_tickets, with_overdue

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def deadlines(ticket, round=0):
    return {d.kind: d for d in Deadline.objects.filter(ticket=ticket, round=round)}


def allowed(ticket):
    return {kind: d.allowed_minutes for kind, d in deadlines(ticket).items()}


def overdue_in_list(ticket, now):
    return with_overdue(Ticket.objects.filter(pk=ticket.pk), now).get().is_overdue


# ── which promises (the default table, deadlines/migrations/0002) ─────────────────────────────


@pytest.mark.parametrize(
    ("category", "priority", "minutes"),
    [
        ("repair", None, {"dispatch": 15, "handle": 6 * 60, "resolve": 24 * 60}),
        ("consultation", None, {"answer": 24 * 60}),
        ("complaint", None, {"dispatch": 30, "resolve": 24 * 60}),
        ("emergency", None, {"dispatch": 5, "handle": 60, "resolve": 24 * 60}),
        ("suggestion", None, {"answer": 48 * 60}),
        ("praise", None, {}),
        # an urgent repair: the urgent rows override handle and resolve, dispatch stays generic
        ("repair", "urgent", {"dispatch": 15, "handle": 2 * 60, "resolve": 8 * 60}),
    ],
)
def test_a_new_ticket_gets_the_default_commitments(category, priority, minutes, make_ticket, clock):
    ticket = make_ticket(category=category, priority=priority)
    assert allowed(ticket) == minutes
    for kind, d in deadlines(ticket).items():
        assert (d.started_at, d.due_at, d.round) == (T0, T0 + timedelta(minutes=minutes[kind]), 0)
        assert (d.met_at, d.breached_at, d.paused_at) == (None, None, None)


def test_a_priority_specific_policy_overrides_the_generic_one(make_ticket, clock):
    # given complaints of high priority must be resolved within 8 hours
    CommitmentPolicy.objects.create(category="complaint", priority="high", kind="resolve", minutes=8 * 60)
    # when a high and a normal complaint come in
    high = make_ticket(category="complaint", priority="high", content="保安态度恶劣")
    normal = make_ticket(category="complaint", content="垃圾清运不及时")
    # then only the high one is held to 8 hours
    assert allowed(high) == {"dispatch": 30, "resolve": 8 * 60}
    assert allowed(normal) == {"dispatch": 30, "resolve": 24 * 60}


def test_changing_a_policy_affects_only_new_tickets(make_ticket, clock):
    # given a repair recorded under the 6-hour handling rule
    before = make_ticket()
    # when the admin shortens handling to 4 hours and stops promising a dispatch time
    handle = CommitmentPolicy.objects.get(category="repair", priority="", kind="handle")
    revised = revise_policy(handle, minutes=4 * 60)
    revise_policy(CommitmentPolicy.objects.get(category="repair", priority="", kind="dispatch"), is_active=False)
    after = make_ticket()
    # then the earlier ticket keeps what was promised to its customer, and the version that set it
    assert allowed(before) == {"dispatch": 15, "handle": 6 * 60, "resolve": 24 * 60}
    assert deadlines(before)["handle"].due_at == T0 + 6 * HOUR
    assert allowed(after) == {"handle": 4 * 60, "resolve": 24 * 60}
    assert (deadlines(before)["handle"].policy.version, deadlines(after)["handle"].policy.version) == (1, 2)
    handle.refresh_from_db()
    assert (handle.minutes, handle.is_active, revised.pk != handle.pk) == (6 * 60, False, True)


# ── what meets them ───────────────────────────────────────────────────────────────────────────


def test_each_step_meets_its_own_deadline(world, make_ticket, clock):
    # given repairs also promise an acknowledgement within 30 minutes
    CommitmentPolicy.objects.create(category="repair", kind="respond", minutes=30)
    ticket = make_ticket()
    steps = [
        ("dispatch", lambda t: dispatch_ticket(t, department=world.eng, actor=world.agent)),
        ("respond", lambda t: accept_ticket(t, actor=world.engineer)),
        ("handle", lambda t: start_ticket(t, actor=world.engineer)),
        ("resolve", lambda t: resolve_ticket(t, result="已更换水管", actor=world.engineer)),
    ]
    met = set()
    for kind, step in steps:
        # when the step is taken ten minutes later
        clock.shift(10 * MIN)
        ticket = step(ticket)
        met.add(kind)
        # then exactly its promise (and the ones before) are met, at that moment
        rows = deadlines(ticket)
        assert {k for k, d in rows.items() if d.met_at is not None} == met
        assert rows[kind].met_at == ticket.updated_at


def test_answering_settles_steps_that_never_had_to_happen(world, make_ticket, clock):
    # given consultations also promise a dispatch within the hour, in case one needs a department
    CommitmentPolicy.objects.create(category="consultation", kind="dispatch", minutes=60)
    ticket = make_ticket(category="consultation", content="小区几点关大门")
    # when the agent answers it on the spot
    ticket = answer_ticket(ticket, answer="晚上十一点", actor=world.agent)
    # then the dispatch that was never needed is settled too, and cannot breach later
    assert {kind: d.met_at for kind, d in deadlines(ticket).items()} == {"dispatch": T0, "answer": T0}
    clock.shift(2 * HOUR)
    assert check_deadlines().breaches == 0


def test_answering_a_consultation_meets_the_answer_deadline(world, make_ticket, clock):
    ticket = make_ticket(category="consultation", content="装修需要办什么手续")
    clock.shift(3 * HOUR)
    ticket = answer_ticket(ticket, answer="到物业前台办理装修登记", actor=world.agent)
    assert deadlines(ticket)["answer"].met_at == T0 + 3 * HOUR


def test_a_late_step_is_met_and_no_longer_overdue(world, make_ticket, clock):
    ticket = make_ticket()
    clock.shift(20 * MIN)
    assert overdue_in_list(ticket, T0 + 20 * MIN)
    ticket = dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    dispatch = deadlines(ticket)["dispatch"]
    assert dispatch.met_at > dispatch.due_at  # late, and the record shows it
    assert not dispatch.is_overdue(T0 + 20 * MIN)
    assert not overdue_in_list(ticket, T0 + 20 * MIN)


# ── hold and resume ───────────────────────────────────────────────────────────────────────────


def test_a_hold_freezes_the_clock_and_resume_shifts_it_by_the_pause(world, make_ticket, clock):
    # given a repair dispatched and accepted, handling due at 15:00
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    ticket = accept_ticket(ticket, actor=world.engineer)
    handle = deadlines(ticket)["handle"]
    assert handle.due_at == T0 + 6 * HOUR

    # when the engineer puts it on hold at 14:00 (the owner is away) and it stays held until 19:00
    clock.shift(5 * HOUR)
    ticket = hold_ticket(ticket, reason="业主出差", actor=world.engineer)
    for hours_later in (0, 1, 5):
        now = T0 + (5 + hours_later) * HOUR
        clock.move_to(now)
        handle.refresh_from_db()
        # then during the pause the clock stands still: one hour left, never overdue
        assert handle.remaining(now) == HOUR
        assert not handle.is_overdue(now)
        assert not overdue_in_list(ticket, now)

    ticket = resume_ticket(ticket, actor=world.engineer)
    # then handling is due five hours later than promised, and the timeline says how long it waited
    handle.refresh_from_db()
    assert (handle.due_at, handle.paused_at) == (T0 + 11 * HOUR, None)
    assert TicketEvent.objects.get(ticket=ticket, kind=EventKind.RESUMED).data["paused_minutes"] == 5 * 60
    # and the clock runs again
    assert not overdue_in_list(ticket, T0 + 11 * HOUR)
    assert overdue_in_list(ticket, T0 + 11 * HOUR + MIN)
    assert handle.is_overdue(T0 + 11 * HOUR + MIN)


def test_a_hold_leaves_met_and_breached_deadlines_alone(world, make_ticket, clock):
    # given a repair dispatched late, after its dispatch breach was recorded
    ticket = make_ticket()
    clock.shift(20 * MIN)
    check_deadlines()
    ticket = dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    dispatch = deadlines(ticket)["dispatch"]
    # when it is held and resumed two hours later
    ticket = hold_ticket(ticket, reason="等待配件", actor=world.agent)
    clock.shift(2 * HOUR)
    resume_ticket(ticket, actor=world.agent)
    # then the met dispatch promise was neither paused nor moved
    after = deadlines(ticket)["dispatch"]
    assert (after.due_at, after.met_at, after.breached_at) == (dispatch.due_at, dispatch.met_at, dispatch.breached_at)
    assert deadlines(ticket)["handle"].due_at == T0 + 8 * HOUR


def test_a_hold_cannot_hide_a_promise_already_broken(world, make_ticket, clock):
    # given a dispatched repair whose handling was due at 15:00, held at 16:00 before any watcher pass
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    clock.move_to(T0 + 7 * HOUR)
    ticket = hold_ticket(ticket, reason="等待配件", actor=world.agent)
    rows = deadlines(ticket)
    # then the broken promise keeps running while the one still open (resolve, due tomorrow) stops
    assert (rows["handle"].paused_at, rows["resolve"].paused_at) == (None, T0 + 7 * HOUR)
    # and the next watcher pass records the breach, hold or not
    clock.shift(MIN)
    assert check_deadlines().breaches == 1
    assert TicketEvent.objects.get(ticket=ticket, kind=EventKind.DEADLINE_BREACHED).data["deadline"] == "handle"
    clock.shift(10 * HOUR)
    assert deadlines(ticket)["handle"].is_overdue(T0 + 17 * HOUR)
    assert overdue_in_list(ticket, T0 + 17 * HOUR)
    # and resuming moves only the promise that was paused
    resume_ticket(ticket, actor=world.agent)
    rows = deadlines(ticket)
    assert (rows["handle"].due_at, rows["resolve"].due_at) == (T0 + 6 * HOUR, T0 + 34 * HOUR + MIN)


# Work between holds is at most an hour each, five at most: under the 6 hours allowed for handling,
# so every promise is still running whenever a hold starts (a broken one is not paused, see above).
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 3 * 24 * 3600), st.integers(0, 3600)), min_size=1, max_size=5))
def test_due_times_shift_by_exactly_the_total_time_on_hold(world, make_ticket, periods):
    """For any sequence of holds (each `held` seconds long, `worked` seconds apart), every open
    promise moves by the sum of the holds, to the second."""
    with time_machine.travel(T0, tick=False) as clock:
        ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
        promised = {kind: d.due_at for kind, d in deadlines(ticket).items() if d.met_at is None}
        for held, worked in periods:
            ticket = hold_ticket(ticket, reason="业主不在家", actor=world.engineer)
            clock.shift(held)
            ticket = resume_ticket(ticket, actor=world.engineer)
            clock.shift(worked)
    on_hold = timedelta(seconds=sum(held for held, _worked in periods))
    assert {kind: d.due_at for kind, d in deadlines(ticket).items() if kind in promised} == {
        kind: due + on_hold for kind, due in promised.items()
    }
    assert set(promised) == {"handle", "resolve"}


# ── the overdue flag of lists agrees with the rows ─────────────────────────────────────────────


def test_the_overdue_annotation_agrees_with_each_deadline(world, make_ticket, clock):
    # given repairs in every kind of time trouble, all received at 09:00
    on_time = dispatch_ticket(make_ticket(content="按时派单"), department=world.eng, actor=world.agent)
    never_dispatched = make_ticket(content="一直没派")
    held_early = dispatch_ticket(make_ticket(content="早早挂起"), department=world.eng, actor=world.agent)
    held_early = hold_ticket(held_early, reason="业主出差", actor=world.agent)
    held_late = dispatch_ticket(make_ticket(content="晚了才挂起"), department=world.eng, actor=world.agent)
    dispatched_late = make_ticket(content="晚派")
    breached_then_resolved = make_ticket(content="超时后办结")
    clock.shift(20 * MIN)
    dispatched_late = dispatch_ticket(dispatched_late, department=world.eng, actor=world.agent)
    clock.move_to(T0 + 7 * HOUR)  # 16:00: handling was due at 15:00
    held_late = hold_ticket(held_late, reason="等待配件", actor=world.agent)
    check_deadlines()
    fresh = make_ticket(content="刚来的")
    breached_then_resolved = dispatch_ticket(breached_then_resolved, department=world.eng, actor=world.agent)
    breached_then_resolved = start_ticket(
        accept_ticket(breached_then_resolved, actor=world.engineer), actor=world.engineer
    )
    breached_then_resolved = resolve_ticket(breached_then_resolved, result="已修好", actor=world.engineer)
    everyone = [on_time, never_dispatched, held_early, held_late, dispatched_late, breached_then_resolved, fresh]

    # when the list is read at several moments / then the flag is "some promise of it is overdue"
    for now in (T0 + 7 * HOUR, T0 + 10 * HOUR, T0 + 30 * HOUR, T0 + 100 * HOUR):
        flags = dict(with_overdue(Ticket.objects.all(), now).values_list("pk", "is_overdue"))
        for ticket in everyone:
            rows = Deadline.objects.filter(ticket=ticket)
            assert flags[ticket.pk] == any(d.is_overdue(now) for d in rows), (ticket.content, now)
    # and at 16:00 each case reads as a manager would expect
    assert dict(with_overdue(Ticket.objects.all(), T0 + 7 * HOUR).values_list("content", "is_overdue")) == {
        "按时派单": True,
        "一直没派": True,
        "早早挂起": False,
        "晚了才挂起": True,
        "晚派": True,
        "超时后办结": False,
        "刚来的": False,
    }
    # and the overdue filter of the lists returns exactly the flagged ones
    overdue_list = search_tickets(world.agent, overdue=True, now=T0 + 7 * HOUR).values_list("content", flat=True)
    in_time_list = search_tickets(world.agent, overdue=False, now=T0 + 7 * HOUR).values_list("content", flat=True)
    assert sorted(overdue_list) == sorted(["按时派单", "一直没派", "晚了才挂起", "晚派"])
    assert sorted(in_time_list) == sorted(["早早挂起", "超时后办结", "刚来的"])


# ── reopening ─────────────────────────────────────────────────────────────────────────────────


def test_reopening_starts_a_new_round_of_promises(world, make_ticket, clock):
    # given a repair resolved and closed the same day
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    ticket = accept_ticket(ticket, actor=world.engineer)
    ticket = start_ticket(ticket, actor=world.engineer)
    ticket = resolve_ticket(ticket, result="已更换水管", actor=world.engineer)
    ticket = close_ticket(ticket, actor=world.agent)
    # when the customer calls again two days later
    clock.move_to(T0 + 48 * HOUR)
    ticket = reopen_ticket(ticket, reason="又漏了", actor=world.agent)
    # then the first round stays on record, all met, and a new round runs from now; it is
    # already with 工程部, so there is no dispatch promise this time
    assert all(d.met_at is not None for d in deadlines(ticket, round=0).values())
    second = deadlines(ticket, round=1)
    assert {kind: (d.started_at, d.due_at) for kind, d in second.items()} == {
        "handle": (T0 + 48 * HOUR, T0 + 54 * HOUR),
        "resolve": (T0 + 48 * HOUR, T0 + 72 * HOUR),
    }
    # and the new round is met by the new work
    clock.shift(HOUR)
    ticket = start_ticket(accept_ticket(ticket, actor=world.engineer), actor=world.engineer)
    assert deadlines(ticket, round=1)["handle"].met_at == T0 + 49 * HOUR
    assert not overdue_in_list(ticket, T0 + 49 * HOUR)


def test_a_reopened_undispatched_consultation_promises_a_new_answer(world, make_ticket, clock):
    ticket = answer_ticket(
        make_ticket(category="consultation", content="停水到几点"), answer="下午五点", actor=world.agent
    )
    clock.shift(HOUR)
    ticket = reopen_ticket(ticket, reason="五点仍未来水", actor=world.agent)
    assert {kind: d.due_at for kind, d in deadlines(ticket, round=1).items()} == {"answer": T0 + 25 * HOUR}
