"""Warnings before a due time, escalation up the reporting line after a breach, emergencies
escalated at intake (C5, A7): each recorded exactly once, whatever the watcher's interruptions."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from accounts.models import Role
from deadlines.escalation import reporting_line
from deadlines.models import CommitmentPolicy, Deadline
from deadlines.services import revise_policy
from deadlines.watcher import check_deadlines
from tests.factories import StaffFactory
from tickets.actions import accept_ticket, dispatch_ticket, hold_ticket, resume_ticket, start_ticket
from tickets.models import EventKind, TicketEvent
from tickets.timeline import describe

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def eng_line(world):
    """工程部's reporting line: 王师傅 → 李班长 → 张主管, and 刘总监 heads the department."""
    director = StaffFactory(
        username="director", name="刘总监", work_number="GC001", role=Role.FIELD, department=world.eng
    )
    chief = StaffFactory(username="chief", name="张主管", work_number="GC002", role=Role.FIELD, department=world.eng)
    foreman = StaffFactory(
        username="foreman", name="李班长", work_number="GC003", role=Role.FIELD, department=world.eng, superior=chief
    )
    world.engineer.superior = foreman
    world.engineer.save(update_fields=["superior"])
    world.eng.head = director
    world.eng.save(update_fields=["head"])
    return [world.engineer, foreman, chief, director]


def events(kind, ticket=None):
    rows = TicketEvent.objects.filter(kind=kind).order_by("id")
    if ticket is not None:
        rows = rows.filter(ticket=ticket)
    return list(rows)


# ── warnings ─────────────────────────────────────────────────────────────────────────────────


def test_a_warning_is_given_once_at_80_percent_of_the_allowed_time(make_ticket, clock):
    # given a repair to dispatch within 15 minutes: the warning is due at 12
    ticket = make_ticket()
    assert Deadline.objects.get(ticket=ticket, kind="dispatch").warn_at == T0 + 12 * MIN
    clock.move_to(T0 + 11 * MIN)
    assert check_deadlines().warnings == 0
    # when the watcher runs at 09:12, and again
    clock.move_to(T0 + 12 * MIN)
    assert check_deadlines().warnings == 1
    assert check_deadlines().warnings == 0
    # then one warning event, by nobody, naming the step and its due time
    (warning,) = events(EventKind.DEADLINE_WARNING, ticket)
    assert (warning.actor, warning.at, warning.data["deadline"]) == (None, T0 + 12 * MIN, "dispatch")
    assert Deadline.objects.get(ticket=ticket, kind="dispatch").warned_at == T0 + 12 * MIN
    # and the breach still follows at the due time
    clock.move_to(T0 + 15 * MIN)
    assert check_deadlines().breaches == 1


def test_a_watcher_that_was_down_records_the_breach_without_a_late_warning(make_ticket, clock):
    ticket = make_ticket()
    clock.move_to(T0 + 20 * MIN)
    result = check_deadlines()
    assert (result.breaches, result.warnings) == (1, 0)
    assert events(EventKind.DEADLINE_WARNING, ticket) == []


def test_a_policy_sets_its_own_warning_share(make_ticket, clock):
    handle = CommitmentPolicy.objects.get(category="repair", priority="", kind="handle")
    revise_policy(handle, warn_percent=50)
    ticket = make_ticket()
    assert Deadline.objects.get(ticket=ticket, kind="handle").warn_at == T0 + 3 * HOUR


def test_the_warning_percent_setting_is_the_default(make_ticket, clock, settings):
    settings.KEFU_WARN_PERCENT = 90
    ticket = make_ticket()
    assert Deadline.objects.get(ticket=ticket, kind="resolve").warn_at == T0 + 24 * HOUR * 0.9


def test_a_hold_moves_the_warning_with_the_due_time(world, make_ticket, clock):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    clock.move_to(T0 + HOUR)
    ticket = hold_ticket(ticket, reason="业主不在家", actor=world.agent)
    clock.move_to(T0 + 5 * HOUR)  # four hours on hold: past the old warning time of handling
    assert check_deadlines().warnings == 0  # paused clocks give no warning
    resume_ticket(ticket, actor=world.agent)
    handle = Deadline.objects.get(ticket=ticket, kind="handle")
    assert (handle.warn_at, handle.due_at) == (T0 + 4 * HOUR + 288 * MIN, T0 + 10 * HOUR)


# ── escalation ───────────────────────────────────────────────────────────────────────────────


def test_the_reporting_line_of_accepted_work_runs_through_the_department(world, eng_line, make_ticket, clock):
    ticket = accept_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer
    )
    assert reporting_line(ticket) == eng_line
    # before acceptance the first-contact owner answers for it, up to the holding department's head
    waiting = dispatch_ticket(make_ticket(content="楼道灯不亮"), department=world.eng, actor=world.agent)
    assert reporting_line(waiting) == [world.agent, world.supervisor, world.manager, eng_line[-1]]


def test_a_breach_climbs_one_level_per_interval_until_the_line_ends(world, eng_line, make_ticket, clock, settings):
    settings.KEFU_ESCALATION_MINUTES = 30
    # given accepted work that nobody starts (handling due 15:00)
    ticket = accept_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer
    )
    due = T0 + 6 * HOUR
    clock.move_to(due)
    assert check_deadlines().breaches == 1
    # when the watcher keeps running every ten minutes for three hours
    for _ in range(18):
        clock.shift(10 * MIN)
        check_deadlines()
        check_deadlines()  # and twice each time: nothing is recorded twice
    # then the supervisor, the manager and the department head were told, 30 minutes apart
    escalations = [(e.data["level"], e.data["to"], e.at - due) for e in events(EventKind.ESCALATED, ticket)]
    assert escalations == [(1, "foreman", 30 * MIN), (2, "chief", 60 * MIN), (3, "director", 90 * MIN)]
    handle = Deadline.objects.get(ticket=ticket, kind="handle")
    assert (handle.escalation_level, handle.escalate_at) == (3, None)


def test_doing_the_step_stops_the_escalation(world, eng_line, make_ticket, clock):
    ticket = accept_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer
    )
    clock.move_to(T0 + 6 * HOUR)
    check_deadlines()
    clock.shift(HOUR)
    assert check_deadlines().escalations == 1  # to the foreman
    start_ticket(ticket, actor=world.engineer)
    clock.shift(5 * HOUR)
    assert check_deadlines().escalations == 0
    assert [e.data["to"] for e in events(EventKind.ESCALATED, ticket)] == ["foreman"]


def test_an_undispatched_ticket_escalates_in_customer_service(world, make_ticket, clock):
    ticket = make_ticket()
    clock.move_to(T0 + 15 * MIN)
    check_deadlines()
    for _ in range(4):
        clock.shift(HOUR)
        check_deadlines()
    # agent → supervisor → manager; 客服中心 has no head here, so the line ends with the manager
    assert [(e.data["deadline"], e.data["to"]) for e in events(EventKind.ESCALATED, ticket)] == [
        ("dispatch", "supervisor"),
        ("dispatch", "manager"),
    ]


def test_a_pass_killed_mid_batch_loses_and_duplicates_nothing(world, make_ticket, clock, monkeypatch):
    # given two forgotten repairs, breached an hour ago
    tickets = [make_ticket(content=f"漏水{i}") for i in range(2)]
    clock.move_to(T0 + 15 * MIN)
    check_deadlines()
    clock.shift(HOUR)
    # when the pass dies while writing the escalations' events (the worker killed mid-batch)
    from deadlines import watcher

    real = watcher._insert_events

    def dying(kind, rows, *args, **kwargs):
        if rows and kind == EventKind.ESCALATED:
            raise KeyboardInterrupt
        return real(kind, rows, *args, **kwargs)

    monkeypatch.setattr(watcher, "_insert_events", dying)
    with pytest.raises(KeyboardInterrupt):
        check_deadlines()
    # then nothing of the batch is left half-done
    assert events(EventKind.ESCALATED) == []
    assert set(Deadline.objects.filter(kind="dispatch").values_list("escalation_level", flat=True)) == {0}
    # and the restarted worker records each escalation once
    monkeypatch.setattr(watcher, "_insert_events", real)
    assert check_deadlines().escalations == 2
    assert check_deadlines().escalations == 0
    assert sorted(e.ticket_id for e in events(EventKind.ESCALATED)) == sorted(t.pk for t in tickets)


def test_a_pass_killed_while_warning_loses_nothing(make_ticket, clock, monkeypatch):
    make_ticket()
    clock.move_to(T0 + 12 * MIN)
    from deadlines import watcher

    real = watcher._recorded

    def dying(what, events):
        if what == "warning":  # the warning and its event written, its outbox rows not yet
            raise KeyboardInterrupt
        return real(what, events)

    monkeypatch.setattr(watcher, "_recorded", dying)
    with pytest.raises(KeyboardInterrupt):
        check_deadlines()
    assert Deadline.objects.filter(warned_at__isnull=False).count() == 0
    assert events(EventKind.DEADLINE_WARNING) == []
    monkeypatch.setattr(watcher, "_recorded", real)
    assert check_deadlines().warnings == 1
    assert len(events(EventKind.DEADLINE_WARNING)) == 1


def test_escalations_are_described_in_the_readers_language(world, make_ticket, clock):
    ticket = make_ticket()
    clock.move_to(T0 + 75 * MIN)
    check_deadlines()
    clock.shift(HOUR)
    check_deadlines()
    (event,) = events(EventKind.ESCALATED, ticket)
    with translation.override("en"):
        assert describe(event) == "Escalated to 钱主管 (level 1): Dispatch was due 2026-11-23 09:15"


# ── emergencies (A7) ─────────────────────────────────────────────────────────────────────────


def test_an_emergency_is_escalated_at_intake_to_the_manager_and_the_leaders(world, eng_line, make_ticket, clock):
    ticket = make_ticket(category="emergency", content="地下车库燃气报警")
    (event,) = events(EventKind.ESCALATED, ticket)
    assert (event.at, event.data["emergency"], event.data["level"]) == (T0, True, 0)
    assert event.data["to"] == ["director", "manager"]  # by work number: GC001, KF001
    with translation.override("en"):
        assert describe(event) == "Emergency: escalated at once to 刘总监、赵经理"


def test_an_ordinary_request_is_not_escalated_at_intake(make_ticket, clock):
    ticket = make_ticket()
    assert events(EventKind.ESCALATED, ticket) == []
