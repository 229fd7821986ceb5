"""The deadline watcher's pass (deadlines.services.check_deadlines, `manage.py check_deadlines`):
every breach recorded once, with its timeline row, however often or however interrupted it runs."""

import threading
import time
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from deadlines.models import CommitmentPolicy, Deadline
from deadlines.watcher import check_deadlines
from tickets.actions import dispatch_ticket, hold_ticket
from tickets.models import EventKind, TicketEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def breaches(ticket=None):
    events = TicketEvent.objects.filter(kind=EventKind.DEADLINE_BREACHED)
    if ticket is not None:
        events = events.filter(ticket=ticket)
    return list(events.order_by("id").values_list("ticket_id", "data__deadline", "at"))


def test_a_breach_is_recorded_with_its_timeline_row(make_ticket, clock):
    # given a repair received at 09:00 and not dispatched (due 09:15)
    ticket = make_ticket()
    # when the watcher runs at 09:16
    clock.move_to(T0 + 16 * MIN)
    recorded = check_deadlines().breaches
    # then the dispatch breach is on the row and on the timeline, by nobody, at the pass time
    assert recorded == 1
    dispatch = Deadline.objects.get(ticket=ticket, kind="dispatch")
    assert dispatch.breached_at == T0 + 16 * MIN
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.DEADLINE_BREACHED)
    assert (event.actor, event.at) == (None, T0 + 16 * MIN)
    assert (event.data["deadline"], datetime.fromisoformat(event.data["due_at"])) == ("dispatch", T0 + 15 * MIN)
    # and the rest, not yet due, are untouched
    assert not Deadline.objects.filter(
        ticket=ticket, kind__in=["handle", "resolve"], breached_at__isnull=False
    ).exists()


@pytest.mark.parametrize("micro", [0, 250_000], ids=["whole-second", "with-microseconds"])
def test_the_events_due_time_is_written_as_python_writes_it(make_ticket, clock, micro):
    # given a due time with or without a fraction of a second (the database writes the event's JSON)
    ticket = make_ticket()
    due = (T0 + 15 * MIN + timedelta(microseconds=micro)).astimezone(ZoneInfo("UTC"))
    Deadline.objects.filter(ticket=ticket, kind="dispatch").update(due_at=due)
    # when the breach and, for another step, the warning are recorded
    Deadline.objects.filter(ticket=ticket, kind="handle").update(warn_at=T0, due_at=due + HOUR)
    clock.move_to(T0 + 16 * MIN)
    check_deadlines()
    # then both events carry the time exactly as datetime.isoformat() gives it
    breach = TicketEvent.objects.get(ticket=ticket, kind=EventKind.DEADLINE_BREACHED)
    warning = TicketEvent.objects.get(ticket=ticket, kind=EventKind.DEADLINE_WARNING, data__deadline="handle")
    assert breach.data == {"deadline": "dispatch", "due_at": due.isoformat()}
    assert warning.data == {"deadline": "handle", "due_at": (due + HOUR).isoformat()}


def test_nothing_is_breached_before_it_is_due(make_ticket, clock):
    make_ticket()
    clock.move_to(T0 + 14 * MIN)
    assert check_deadlines().breaches == 0
    assert breaches() == []


def test_a_second_pass_changes_nothing(make_ticket, clock, settings):
    # given escalations a day apart (so the later pass has none due either)
    settings.KEFU_ESCALATION_MINUTES = 24 * 60
    # and a pass at 16:00 recorded the dispatch and handling breaches of a forgotten repair
    ticket = make_ticket()
    clock.move_to(T0 + 7 * HOUR)
    assert check_deadlines().breaches == 2
    first = list(Deadline.objects.filter(ticket=ticket).order_by("id").values())
    events = breaches()
    # when the watcher runs again, at once and an hour later
    assert check_deadlines().breaches == 0
    clock.shift(HOUR)
    assert check_deadlines().breaches == 0
    # then no row and no event changed: same breach times, no duplicates
    assert list(Deadline.objects.filter(ticket=ticket).order_by("id").values()) == first
    assert breaches() == events
    assert sorted(kind for _ticket, kind, _at in events) == ["dispatch", "handle"]


def test_each_breach_is_recorded_when_it_happens(make_ticket, clock):
    ticket = make_ticket()
    for hours in (1, 7, 25):
        clock.move_to(T0 + hours * HOUR)
        check_deadlines()
    assert breaches(ticket) == [
        (ticket.pk, "dispatch", T0 + HOUR),
        (ticket.pk, "handle", T0 + 7 * HOUR),
        (ticket.pk, "resolve", T0 + 25 * HOUR),
    ]


def test_met_deadlines_never_breach(world, make_ticket, clock):
    ticket = make_ticket()
    clock.shift(10 * MIN)
    dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    clock.move_to(T0 + 3 * HOUR)
    assert check_deadlines().breaches == 0
    assert breaches() == []


def test_paused_deadlines_never_breach(world, make_ticket, clock):
    # given a dispatched repair put on hold an hour in (handling would be due at 15:00)
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    clock.shift(HOUR)
    hold_ticket(ticket, reason="业主出差", actor=world.engineer)
    # when the watcher runs the next day
    clock.move_to(T0 + 30 * HOUR)
    # then nothing is breached while the clocks stand still
    assert check_deadlines().breaches == 0
    assert breaches() == []


def test_the_command_runs_one_pass_and_is_idempotent(make_ticket, clock):
    # given two repairs forgotten since 09:00
    first, second = make_ticket(), make_ticket(content="楼道灯不亮")
    clock.move_to(T0 + HOUR)
    # when an operator runs the command twice
    out = StringIO()
    call_command("check_deadlines", stdout=out)
    call_command("check_deadlines", stdout=out)
    # then each dispatch breach is recorded once, and the second run says it recorded none
    assert sorted(breaches()) == sorted([(first.pk, "dispatch", T0 + HOUR), (second.pk, "dispatch", T0 + HOUR)])
    assert out.getvalue().splitlines() == [
        "breaches recorded: 2, warnings: 0, escalations: 0",
        "breaches recorded: 0, warnings: 0, escalations: 0",
    ]


class WatcherKilled(Exception):
    pass


def test_an_interrupted_pass_leaves_no_breach_without_its_event(make_ticket, clock, monkeypatch):
    # given five repairs whose dispatch is overdue at 10:00
    tickets = [make_ticket(content=f"第{n}户漏水") for n in range(5)]
    clock.move_to(T0 + HOUR)
    # when the pass dies after writing the events of its second batch of two, before its outbox
    # rows and its commit
    from deadlines import watcher

    real_recorded = watcher._recorded
    calls = []

    def dying_recorded(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise WatcherKilled
        return real_recorded(*args, **kwargs)

    monkeypatch.setattr(watcher, "_recorded", dying_recorded)
    with pytest.raises(WatcherKilled):
        check_deadlines(batch_size=2)
    # then the first batch is complete, and the second left no breach without its event
    breached = set(Deadline.objects.filter(breached_at__isnull=False).values_list("ticket_id", "kind"))
    assert len(breached) == 2
    assert {(ticket_id, kind) for ticket_id, kind, _at in breaches()} == breached

    # when the next pass runs normally
    monkeypatch.undo()
    clock.shift(MIN)
    assert check_deadlines(batch_size=2).breaches == 3
    # then every breach is recorded exactly once
    recorded = [(ticket_id, kind) for ticket_id, kind, _at in breaches()]
    assert sorted(recorded) == sorted((t.pk, "dispatch") for t in tickets)
    assert set(Deadline.objects.filter(breached_at__isnull=False).values_list("ticket_id", "kind")) == set(recorded)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the partial index plan is PostgreSQL's")
def test_the_due_query_uses_the_partial_index(make_ticket, clock):
    for n in range(20):
        make_ticket(content=f"第{n}户漏水")
    with connection.cursor() as cursor:
        # Statistics, so the planner knows that few rows are due: without them every partial index
        # with the same condition (deadline_running_warn, for the overdue board) costs the same.
        cursor.execute("ANALYZE deadlines_deadline")
        # On a table this small a sequential scan is a fair choice once statistics exist; forbid
        # it (for this transaction only) so the plan shows which index the query can use.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Deadline.objects.due_by(T0 + HOUR).explain()
    assert "deadline_pending_due" in plan
    plan = Deadline.objects.due_by(T0 + HOUR).order_by("due_at", "id")[:500].explain()
    assert "deadline_pending_due" in plan


@pytest.mark.django_db(transaction=True)
def test_two_watchers_running_at_once_record_each_breach_once(make_ticket):
    # given twenty repairs forgotten since 09:00 (their dispatch is overdue at 10:00); the policy
    # is written here because an earlier transactional test's flush removes the migrated defaults
    CommitmentPolicy.objects.get_or_create(
        category="repair", priority="", kind="dispatch", is_active=True, defaults={"minutes": 15}
    )
    with time_machine.travel(T0, tick=False):
        tickets = [make_ticket(content=f"第{n}户漏水") for n in range(20)]
    recorded: list[int] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def watcher():
        try:
            start.wait()
            recorded.append(check_deadlines(T0 + HOUR, batch_size=3).breaches)
        except BaseException as exc:  # reported by the main thread below
            failures.append(exc)
        finally:
            connection.close()

    # when two workers (say, an old one not yet stopped and its replacement) run a pass together
    workers = [threading.Thread(target=watcher) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    # then between them they recorded every breach exactly once
    assert failures == []
    assert sum(recorded) == 20
    assert sorted(ticket_id for ticket_id, _kind, _at in breaches()) == sorted(t.pk for t in tickets)


@pytest.mark.django_db(transaction=True)
def test_a_burst_is_shared_with_helper_threads_on_postgresql(make_ticket, monkeypatch, settings):
    from deadlines import watcher
    from deadlines.watcher import escalate, escalation_interval

    # given thirty repairs forgotten since 09:00, and a pass taking them three at a time
    settings.KEFU_WATCH_HELPERS = 2
    CommitmentPolicy.objects.get_or_create(
        category="repair", priority="", kind="dispatch", is_active=True, defaults={"minutes": 15}
    )
    with time_machine.travel(T0, tick=False):
        tickets = [make_ticket(content=f"第{n}户漏水") for n in range(30)]
    threads: list[int] = []
    recorded = watcher._recorded

    def spy(what, events):
        threads.append(threading.get_ident())
        recorded(what, events)
        time.sleep(0.05)  # a batch takes a while, as in a real burst: the helpers get their turn

    monkeypatch.setattr(watcher, "_recorded", spy)

    # when one pass runs
    result = check_deadlines(T0 + HOUR, batch_size=3)

    # then every breach is recorded once, with its message, whoever took the batch
    assert result.breaches == 30
    assert sorted(ticket_id for ticket_id, _kind, _at in breaches()) == sorted(t.pk for t in tickets)
    from notifications.models import Notification

    assert Notification.objects.filter(template__startswith="deadline_breached").exists()
    # and on PostgreSQL the batches were shared out (SQLite has one writer: the pass runs alone)
    assert (len(set(threads)) > 1) == (connection.vendor == "postgresql")
    assert check_deadlines(T0 + HOUR, batch_size=3).breaches == 0

    # and an escalation interval later each breach climbs one level, once, shared out the same way
    threads.clear()
    later = T0 + HOUR + escalation_interval()
    assert escalate(later, batch_size=3) == 30
    escalated = TicketEvent.objects.filter(kind=EventKind.ESCALATED)
    assert sorted(escalated.values_list("ticket_id", flat=True)) == sorted(t.pk for t in tickets)
    assert (len(set(threads)) > 1) == (connection.vendor == "postgresql")
    assert escalate(later, batch_size=3) == 0
