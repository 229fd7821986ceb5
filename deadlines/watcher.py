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
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from deadlines.escalation import reporting_line
from deadlines.models import Deadline
from tickets.models import EventKind, TicketEvent


class PassResult(int):
    """The number of breaches recorded (what `check_deadlines()` always returned), carrying the
    warnings and escalations of the same pass as attributes."""

    warnings: int = 0
    escalations: int = 0

    @classmethod
    def of(cls, *, breaches: int, warnings: int, escalations: int) -> "PassResult":
        result = cls(breaches)
        result.warnings, result.escalations = warnings, escalations
        return result

    @property
    def breaches(self) -> int:
        return int(self)


def escalation_interval() -> timedelta:
    return timedelta(minutes=max(1, settings.KEFU_ESCALATION_MINUTES))


def check_deadlines(now: datetime | None = None, *, batch_size: int = 500) -> PassResult:
    """One watcher pass. Breaches first: a promise already broken leaves the warning index, so
    the warning pass never looks at it again."""
    now = now or timezone.now()
    breaches = record_breaches(now, batch_size=batch_size)
    warnings = record_warnings(now, batch_size=batch_size)
    escalations = escalate(now, batch_size=batch_size)
    return PassResult.of(breaches=breaches, warnings=warnings, escalations=escalations)


@dataclass(frozen=True)
class _Row:
    id: int
    ticket_id: int
    kind: str
    due_at: datetime


def _take(candidates, order: str, batch_size: int) -> list[_Row]:
    rows = (
        candidates.order_by(order, "id")
        .select_for_update(skip_locked=True)
        .values_list("id", "ticket_id", "kind", "due_at")[:batch_size]
    )
    return [_Row(*row) for row in rows]


def _claimed(batch: list[_Row], still_candidates, **change) -> list[_Row]:
    """Compare-and-set: update the rows still matching the condition they were taken by and
    return those; a row another watcher took in between is left to it."""
    ids = [row.id for row in batch]
    updated = still_candidates.filter(id__in=ids).update(**change)
    if updated == len(ids):
        return batch
    taken = set(Deadline.objects.filter(id__in=ids, **change).values_list("id", flat=True))
    return [row for row in batch if row.id in taken]


def record_breaches(now: datetime, *, batch_size: int = 500) -> int:
    recorded = 0
    first_escalation = now + escalation_interval()
    while True:
        with transaction.atomic():
            batch = _take(Deadline.objects.due_by(now), "due_at", batch_size)
            if not batch:
                return recorded
            batch = _claimed(batch, Deadline.objects.due_by(now), breached_at=now, escalate_at=first_escalation)
            events = _insert_events(EventKind.DEADLINE_BREACHED, batch, now)
            _recorded("breach", batch, events)
            recorded += len(batch)


def record_warnings(now: datetime, *, batch_size: int = 500) -> int:
    recorded = 0
    while True:
        with transaction.atomic():
            batch = _take(Deadline.objects.warning_due_by(now), "warn_at", batch_size)
            if not batch:
                return recorded
            batch = _claimed(batch, Deadline.objects.warning_due_by(now), warned_at=now)
            events = _insert_events(EventKind.DEADLINE_WARNING, batch, now)
            _recorded("warning", batch, events)
            recorded += len(batch)


def escalate(now: datetime, *, batch_size: int = 500) -> int:
    """Move each due escalation one level up the reporting line (one level per pass and row: a
    watcher that was down for hours does not fire the whole line at once)."""
    recorded = 0
    interval = escalation_interval()
    seen: set[int] = set()
    while True:
        with transaction.atomic():
            candidates = Deadline.objects.escalation_due_by(now).exclude(id__in=seen)
            rows = list(
                candidates.order_by("escalate_at", "id")
                .select_for_update(skip_locked=True, of=("self",))
                .select_related(
                    "ticket__owner__superior__superior",
                    "ticket__owner__department__head",
                    "ticket__accepted_by__superior__superior",
                    "ticket__accepted_by__department__head",
                    "ticket__department__head",
                )[:batch_size]
            )
            if not rows:
                return recorded
            events = []
            for deadline in rows:
                line = reporting_line(deadline.ticket)
                level = deadline.escalation_level + 1
                person = line[level] if level < len(line) else None
                next_at = now + interval if person is not None and level + 1 < len(line) else None
                # Compare-and-set on the level and time we read: exactly one watcher moves it.
                moved = Deadline.objects.filter(
                    id=deadline.id,
                    met_at__isnull=True,
                    escalation_level=deadline.escalation_level,
                    escalate_at=deadline.escalate_at,
                ).update(escalation_level=level if person is not None else deadline.escalation_level, escalate_at=next_at)
                if moved != 1:
                    seen.add(deadline.id)  # another watcher moved it; do not pick it up again
                    continue
                if person is None:
                    continue
                events.append(
                    TicketEvent(
                        ticket_id=deadline.ticket_id,
                        kind=EventKind.ESCALATED,
                        actor=None,
                        at=now,
                        data={
                            "deadline": deadline.kind,
                            "due_at": deadline.due_at.isoformat(),
                            "level": level,
                            "to": person.username,
                            "to_name": person.display_name,
                        },
                    )
                )
            events = TicketEvent.objects.bulk_create(events)
            _recorded("escalation", None, [event.pk for event in events])
            recorded += len(events)


def _insert_events(kind: str, batch: list[_Row], now: datetime) -> list[int]:
    """The batch's timeline rows in one INSERT … RETURNING id, in the batch's order; returns
    their ids.

    The same rows `TicketEvent.objects.bulk_create` would write, without building a model
    instance per row and having Django compile each value (most of a burst's time went there:
    a pass recording 10,000 breaches spent seconds in Python before this). The values are plain
    tuples; `data` is encoded as JSONField would encode it (json.dumps with its defaults).
    """
    if not batch:
        return []
    at = connection.ops.adapt_datetimefield_value(now)
    data = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    values = ", ".join([f"(%s, %s, NULL, %s, {data})"] * len(batch))
    params: list = []
    for row in batch:
        params += [row.ticket_id, kind, at, json.dumps({"deadline": row.kind, "due_at": row.due_at.isoformat()})]
    table = TicketEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ("ticket_id", "kind", "actor_id", "at", "data") VALUES {values} RETURNING "id"',
            params,
        )
        # Both databases return the rows of a multi-row VALUES in its order (Django's own
        # bulk_create relies on the same); sorting makes the order explicit.
        return sorted(pk for (pk,) in cursor.fetchall())


# Hooks run inside each batch's transaction with the ids of the events just written: the
# notification outbox registers here, so a message row exists exactly when its event does.
RECORDED_HOOKS: list = []


def _recorded(what: str, batch: list[_Row] | None, events: list[int]) -> None:
    for hook in RECORDED_HOOKS:
        hook(what, events)
