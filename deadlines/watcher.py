"""The deadline watcher's pass: breaches, warnings, escalations — each recorded exactly once.

Each kind of work is found through its own partial index (deadline_pending_due,
deadline_pending_warn, deadline_escalation_due), so a pass costs what is due, not what is open.
Work is taken in batches; each batch is one transaction holding the rows' state change, their
timeline events and (through `RECORDED_HOOKS`) the outbox rows of their notifications. A pass killed
at any moment therefore leaves whole batches done and the rest exactly as they were: the next
pass finds them again, and nothing is recorded or sent twice.

Every change is a compare-and-set: the UPDATE repeats the condition the row was selected by, so
two watchers (several app servers, or a pass overlapping a slow one) never both take a row. On
PostgreSQL `skip_locked` lets them share the work; on SQLite the write lock serialises them and
the repeated condition makes the second one a no-op.
"""

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Department, Staff
from deadlines.escalation import reporting_line
from deadlines.models import Deadline
from tickets.models import OWNER_HELD_KINDS, EventKind, Ticket, TicketEvent


@dataclass(frozen=True)
class PassResult:
    """What one watcher pass recorded."""

    breaches: int
    warnings: int
    escalations: int


# Rows per transaction. Each batch costs a few statements and a commit whatever its size, so
# a burst of 10,000 breaches is recorded in five batches, not twenty (bench/deadline_burst.py);
# a batch holds its rows' locks (SQLite: the write lock) for a fraction of a second.
BATCH_SIZE = 2000


def escalation_interval() -> timedelta:
    return timedelta(minutes=max(1, settings.KEFU_ESCALATION_MINUTES))


def check_deadlines(now: datetime | None = None, *, batch_size: int = BATCH_SIZE) -> PassResult:
    """One watcher pass. Breaches first: a promise already broken leaves the warning index, so
    the warning pass never looks at it again."""
    now = now or timezone.now()
    breaches = record_breaches(now, batch_size=batch_size)
    warnings = record_warnings(now, batch_size=batch_size)
    escalations = escalate(now, batch_size=batch_size)
    for hook in PASS_HOOKS:
        hook(now)
    return PassResult(breaches=breaches, warnings=warnings, escalations=escalations)


def _claim_and_record(candidates, order: str, event_kind: str, batch_size: int, now: datetime, **change) -> list[int]:
    """Take the next batch, mark it and write its timeline events; returns the events' ids in
    the order the rows were taken (`order`, then id).

    The claim is one `UPDATE … WHERE id IN (the first batch_size candidates, FOR UPDATE SKIP
    LOCKED)`. The subquery repeats the condition the rows are found by, so this is a
    compare-and-set: on PostgreSQL the lock re-checks the condition and rows another watcher
    holds are skipped; on SQLite the write lock (IMMEDIATE transactions) serialises watchers and
    a second one finds the rows no longer matching.

    The events ({"deadline": kind, "due_at": the time as datetime.isoformat() writes it}) are
    built by the database from the rows claimed: on PostgreSQL in the same statement (a
    data-modifying WITH), on SQLite by an INSERT … SELECT of the claimed ids. Nothing of the
    batch travels to Python and back but ids: handing 10,000 rows' times and JSON through the
    driver cost more than writing them (bench/results/2026-11-23-deadline-burst.md).
    """
    subquery = candidates.order_by(order, "id").select_for_update(skip_locked=True).values("id")[:batch_size]
    sub_sql, sub_params = subquery.query.sql_with_params()
    sets, params = [], []
    for name, value in change.items():
        sets.append(f'"{Deadline._meta.get_field(name).column}" = %s')
        params.append(connection.ops.adapt_datetimefield_value(value))
    table, events = Deadline._meta.db_table, TicketEvent._meta.db_table
    order_column = Deadline._meta.get_field(order).column
    at = connection.ops.adapt_datetimefield_value(now)
    columns = '"ticket_id", "kind", "actor_id", "at", "data"'
    update = f'UPDATE "{table}" SET {", ".join(sets)} WHERE "id" IN ({sub_sql})'
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # datetime.isoformat() of the UTC time: microseconds only when there are any.
            iso = (
                "to_char(c.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN "
                "to_char(c.due_at, 'US') = '000000' THEN '' ELSE to_char(c.due_at, '.US') END || '+00:00'"
            )
            cursor.execute(
                f'WITH c AS ({update} RETURNING "id", "ticket_id", "kind", "due_at", "{order_column}" AS "o") '
                f'INSERT INTO "{events}" ({columns}) '
                f"SELECT c.ticket_id, %s, NULL, %s, jsonb_build_object('deadline', c.kind, 'due_at', {iso}) "
                'FROM c ORDER BY c.o, c.id RETURNING "id"',
                [*params, *sub_params, event_kind, at],
            )
            return sorted(pk for (pk,) in cursor.fetchall())
        cursor.execute(f'{update} RETURNING "id"', [*params, *sub_params])
        claimed = [pk for (pk,) in cursor.fetchall()]
        if not claimed:
            return []
        where, ids = ids_in('"id"', claimed)
        # Stored as naive UTC text ("2026-11-23 14:00:00[.ffffff]"): the ISO form is one replace away.
        cursor.execute(
            f'INSERT INTO "{events}" ({columns}) '
            f"SELECT \"ticket_id\", %s, NULL, %s, json_object('deadline', \"kind\", 'due_at', "
            f"replace(\"due_at\", ' ', 'T') || '+00:00') "
            f'FROM "{table}" WHERE {where} ORDER BY "{order_column}", "id" RETURNING "id"',
            [event_kind, at, *ids],
        )
        # Ids are handed out in insertion order, which is the batch's (RETURNING promises none).
        return sorted(pk for (pk,) in cursor.fetchall())


def record_breaches(now: datetime, *, batch_size: int = BATCH_SIZE) -> int:
    first_escalation = now + escalation_interval()

    def batch() -> tuple[int, int]:
        with transaction.atomic():
            events = _claim_and_record(
                Deadline.objects.due_by(now),
                "due_at",
                EventKind.DEADLINE_BREACHED,
                batch_size,
                now,
                breached_at=now,
                escalate_at=first_escalation,
            )
            if events:
                _recorded("breach", events)
            return len(events), len(events)

    return _drain(batch, batch_size)


def record_warnings(now: datetime, *, batch_size: int = BATCH_SIZE) -> int:
    def batch() -> tuple[int, int]:
        with transaction.atomic():
            events = _claim_and_record(
                Deadline.objects.warning_due_by(now),
                "warn_at",
                EventKind.DEADLINE_WARNING,
                batch_size,
                now,
                warned_at=now,
            )
            if events:
                _recorded("warning", events)
            return len(events), len(events)

    return _drain(batch, batch_size)


def _drain(batch: Callable[[], tuple[int, int]], batch_size: int) -> int:
    """Run `batch` (one transaction; returns the rows it took and what it recorded) until it
    takes nothing; returns what the batches recorded.

    When the first batch comes back full (a burst) and the database can share the work, helper
    threads take batches beside this one, each on its own connection: the claims' FOR UPDATE
    SKIP LOCKED give every batch rows no other holds, exactly as they do for several watchers.
    A burst is the database's work (rewriting thousands of rows and their index entries), and
    one connection keeps one core busy; the helpers put the others to work (bench: the pass at
    10,000 due of 1,000,000 open on 2 cores). Each batch is still one transaction with its
    events and messages, so a pass killed at any moment loses or repeats nothing.

    Not on SQLite (one writer at a time: threads would only queue on its lock), and not inside
    a transaction (the helpers' connections could not see its rows: tests, ATOMIC_REQUESTS)."""
    taken, total = batch()
    if taken >= batch_size and _can_share():
        with ThreadPoolExecutor(max_workers=settings.KEFU_WATCH_HELPERS) as pool:
            helpers = [pool.submit(_helper, batch) for _ in range(settings.KEFU_WATCH_HELPERS)]
            total += _helper(batch, close=False)
            return total + sum(helper.result() for helper in helpers)
    return total + _helper(batch, close=False)


def _can_share() -> bool:
    return connection.vendor == "postgresql" and settings.KEFU_WATCH_HELPERS > 0 and not connection.in_atomic_block


def _helper(batch: Callable[[], tuple[int, int]], *, close: bool = True) -> int:
    """Batches until one takes nothing; what they recorded. A helper thread closes its own
    connection when done."""
    try:
        total = 0
        while True:
            taken, recorded = batch()
            total += recorded
            if not taken:
                return total
    finally:
        if close:
            connection.close()


def escalate(now: datetime, *, batch_size: int = BATCH_SIZE) -> int:
    """Move each due escalation one level up the reporting line (one level per pass and row: a
    watcher that was down for hours does not fire the whole line at once)."""
    interval = escalation_interval()
    lines = _ReportingLines(now)
    local = threading.local()  # per thread: rows another watcher moved, not to be read again

    def batch() -> tuple[int, int]:
        seen = local.__dict__.setdefault("seen", set())
        with transaction.atomic():
            candidates = Deadline.objects.escalation_due_by(now).exclude(id__in=seen)
            rows = list(
                candidates.order_by("escalate_at", "id")
                .select_for_update(skip_locked=True, of=("self",))
                .values_list(
                    "id",
                    "ticket_id",
                    "kind",
                    "due_at",
                    "escalation_level",
                    "ticket__department_id",
                    "ticket__accepted_by_id",
                    "ticket__owner_id",
                )[:batch_size]
            )
            if not rows:
                return 0, 0
            lines.load(rows)
            moves: dict[tuple, list[int]] = {}
            reached: dict[int, tuple] = {}
            for pk, ticket_id, kind, due_at, old_level, department_id, accepted_by_id, owner_id in rows:
                line = lines.of(department_id, accepted_by_id, owner_id, kind)
                level = old_level + 1
                person = line[level] if level < len(line) else None
                next_at = now + interval if person is not None and level + 1 < len(line) else None
                new_level = level if person is not None else old_level
                moves.setdefault((old_level, new_level, next_at), []).append(pk)
                if person is not None:
                    reached[pk] = (
                        ticket_id,
                        {
                            "deadline": kind,
                            "due_at": due_at.isoformat(),
                            "level": level,
                            "to": person.username,
                            "to_name": person.display_name,
                        },
                    )
            # Compare-and-set on the level read, one UPDATE per (level, next time) instead of
            # one per row: exactly one watcher moves each row (the rows are locked on
            # PostgreSQL, the write lock is held on SQLite; the condition is the guarantee).
            moved: set[int] = set()
            for (old_level, new_level, next_at), ids in moves.items():
                moved |= _move(ids, old_level, new_level, next_at)
            seen.update({row[0] for row in rows} - moved)  # another watcher moved these; not again
            events = _insert_events(
                EventKind.ESCALATED, [reached[row[0]] for row in rows if row[0] in reached and row[0] in moved], now
            )
            if events:
                _recorded("escalation", events)
            return len(rows), len(events)

    return _drain(batch, batch_size)


def _move(ids: list[int], old_level: int, new_level: int, next_at: datetime | None) -> set[int]:
    """Compare-and-set on the level read: only escalation passes change a breached row's level
    (and meeting the step, met_at), so a row another watcher moved no longer matches.

    Deliberately not `escalate_at <= now` as well: with it PostgreSQL, whose statistics do not
    yet know the rows just breached, read the whole due range of deadline_escalation_due for
    every batch and filtered it by id (0.8 s of a 10,000-row escalation pass); the ids alone
    leave it the primary key."""
    where, params = ids_in('"id"', ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{Deadline._meta.db_table}" SET "escalation_level" = %s, "escalate_at" = %s '
            f'WHERE {where} AND "met_at" IS NULL AND "escalation_level" = %s RETURNING "id"',
            [new_level, connection.ops.adapt_datetimefield_value(next_at), *params, old_level],
        )
        return {pk for (pk,) in cursor.fetchall()}


class _ReportingLines:
    """reporting_line() for the rows of an escalation pass, once per (holder, department): the
    line depends on nothing else, and a burst has thousands of rows but few people. The people
    and departments are read in bulk (one query each per batch, for those not yet read), not a
    chain of joins per row. Shared by the pass's helper threads: loading takes a lock."""

    def __init__(self, now: datetime):
        self.now = now  # out of hours, the line runs through the people on duty then
        self.duty: dict = {}  # who is on duty at `now`, read once a pass
        self.lines: dict[tuple, list] = {}
        self.staff: dict[int, Staff] = {}
        self.departments: dict[int, Department] = {}
        self._loading = threading.Lock()

    def load(self, rows) -> None:
        with self._loading:
            staff_ids = {pk for row in rows for pk in row[6:8] if pk is not None} - self.staff.keys()
            if staff_ids:
                self.staff.update(
                    Staff.objects.select_related("superior__superior", "department__head").in_bulk(staff_ids)
                )
            department_ids = {row[5] for row in rows if row[5] is not None} - self.departments.keys()
            if department_ids:
                self.departments.update(Department.objects.select_related("head").in_bulk(department_ids))

    def of(self, department_id: int | None, accepted_by_id: int | None, owner_id: int, kind: str) -> list:
        owner_held = kind in OWNER_HELD_KINDS
        key = (department_id, accepted_by_id if department_id else None, owner_id, owner_held)
        if key not in self.lines:
            # A stand-in holding what reporting_line reads, so the rule stays in one place.
            ticket = Ticket(
                department=self.departments.get(department_id),
                accepted_by=self.staff.get(accepted_by_id),
                owner=self.staff[owner_id],
            )
            self.lines[key] = reporting_line(ticket, kind, at=self.now, cache=self.duty)
        return self.lines[key]


def _insert_events(kind: str, rows: list[tuple[int, dict]], now: datetime) -> list[int]:
    """Timeline rows (ticket id, data) of one kind in one INSERT … RETURNING id, in the order
    given; returns their ids.

    The same rows `TicketEvent.objects.bulk_create` would write, without building a model
    instance per row and having Django compile each value (most of a burst's time went there:
    a pass recording 10,000 breaches spent seconds in Python before this). `data` is encoded as
    JSONField encodes it (json.dumps with its defaults).
    """
    if not rows:
        return []
    at = connection.ops.adapt_datetimefield_value(now)
    ticket_ids = [ticket_id for ticket_id, _data in rows]
    table = TicketEvent._meta.db_table
    columns = '"ticket_id", "kind", "actor_id", "at", "data"'
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The ids as one array parameter and the data as one JSON document, not thousands of
            # placeholders (psycopg re-parses a long query's placeholders on every call) nor a
            # text[] of JSON strings (psycopg escapes each element with a regular expression:
            # 0.7 s of a 10,000-row escalation pass).
            cursor.execute(
                f'INSERT INTO "{table}" ({columns}) SELECT t.ticket_id, %s, NULL, %s, d.data '
                "FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(ticket_id, n) "
                "JOIN jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS d(data, n) USING (n) ORDER BY n "
                'RETURNING "id"',
                [kind, at, ticket_ids, json.dumps([row_data for _ticket_id, row_data in rows])],
            )
        else:
            values = ", ".join(["(%s, %s, NULL, %s, %s)"] * len(rows))
            params: list = []
            for ticket_id, row_data in rows:
                params += [ticket_id, kind, at, json.dumps(row_data)]
            cursor.execute(f'INSERT INTO "{table}" ({columns}) VALUES {values} RETURNING "id"', params)
        # Ids are handed out in insertion order, which is the batch's; sorting makes the order
        # explicit (RETURNING itself promises none).
        return sorted(pk for (pk,) in cursor.fetchall())


def ids_in(column: str, ids: list[int]) -> tuple[str, list]:
    """`column` IN the ids, as SQL and its parameters: one array parameter on PostgreSQL (see
    _insert_events), a placeholder per id on SQLite (whose driver binds them cheaply)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


# Promises that are not a ticket's (an app's own, e.g. a shift handover's acknowledgement): each
# hook is called with the pass's `now` after the ticket deadlines, in every pass; it claims its
# rows by compare-and-set in its own transactions, so a second pass does nothing twice.
PASS_HOOKS: list = []

# Hooks run inside each batch's transaction with the ids of the events just written: the
# notification outbox registers here, so a message row exists exactly when its event does.
RECORDED_HOOKS: list = []


def _recorded(what: str, events: list[int]) -> None:
    for hook in RECORDED_HOOKS:
        hook(what, events)
