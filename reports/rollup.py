"""Daily figures for the dashboards (speed at a million tickets): the KPI counts per day and
department, rebuilt by the worker every hour for the last 400 days, so a dashboard reads twelve
months of trend and its comparison periods from a few thousand rows instead of counting hundreds
of thousands of tickets and their promises.

Only the dashboards read it, only for days before today, and only while it is fresh (rebuilt
within two hours); otherwise they count live, as every other screen, the API and the spreadsheets
always do. A dashboard's past figures can therefore lag the live ones by up to an hour of changes
(a ticket closed since, a callback recorded), never more.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from reports.figures import Row, source
from reports.kpis import COUNTS, SOURCES
from reports.models import DailyFigures, Rollup
from reports.periods import Period

REFRESH_EVERY = timedelta(hours=1)
FRESH_FOR = timedelta(hours=2)
DAYS = 400

_DAY = {"tickets": "received_at", "callbacks": "created_at", "charges": "ticket__received_at"}
_DEPARTMENT = {"tickets": "department_id", "callbacks": "department_id", "charges": "ticket__department_id"}


def refresh(now: datetime | None = None, *, force: bool = False) -> int:
    """The worker's pass: rebuild the last DAYS days (before today) once an hour; returns rows."""
    now = now or timezone.now()
    state = Rollup.objects.first()
    if state is not None and not force and now - state.refreshed_at < REFRESH_EVERY:
        return 0
    today = timezone.localdate(now)
    days = Period(today - timedelta(days=DAYS), today - timedelta(days=1))
    start, end = days.bounds()
    zone = timezone.get_current_timezone()
    merged: dict = defaultdict(dict)
    for name in SOURCES:
        aggregates = {c.name: c.expression for c in COUNTS.values() if c.source == name}
        grouped = (
            source(name, start, end)
            .values(day=TruncDate(_DAY[name], tzinfo=zone), dept=F(_DEPARTMENT[name]))
            .annotate(**aggregates)
        )
        for values in grouped:
            merged[(values.pop("day"), values.pop("dept"))].update(values)
    rows = []
    for (day, department), counts in merged.items():
        numbers = {name: counts.get(name) or 0 for name in COUNTS}
        cycle = numbers["complaint_cycle"]
        numbers["complaint_cycle"] = cycle.total_seconds() if isinstance(cycle, timedelta) else float(cycle)
        rows.append(DailyFigures(day=day, department_id=department, **numbers))
    with transaction.atomic():
        DailyFigures.objects.all().delete()
        DailyFigures.objects.bulk_create(rows, batch_size=2000)
        Rollup.objects.all().delete()
        Rollup.objects.create(first_day=days.first, last_day=days.last, refreshed_at=now)
    return len(rows)


def _covers(period: Period, now: datetime | None = None) -> bool:
    state = Rollup.objects.first()
    now = now or timezone.now()
    return bool(
        state
        and now - state.refreshed_at < FRESH_FOR
        and state.first_day <= period.first
        and period.last <= state.last_day
    )


def _days(period: Period, department: int | None):
    qs = DailyFigures.objects.filter(day__gte=period.first, day__lte=period.last)
    return qs.filter(department_id=department) if department else qs


def _row(values: dict, key: str = "") -> Row:
    row = Row(key=key, label=key)
    row.add({name: values.get(name) or 0 for name in COUNTS})
    return row


def totals(period: Period, department: int | None = None) -> Row | None:
    """The whole period's counts from the daily figures, or None where they do not cover it."""
    if not _covers(period):
        return None
    return _row(_days(period, department).aggregate(**{name: Sum(name) for name in COUNTS}))


def months(period: Period, department: int | None = None) -> dict[str, Row] | None:
    """{"2026-10": counts} for the months of a period of whole months, or None (not covered)."""
    if not _covers(period):
        return None
    grouped = (
        _days(period, department)
        .order_by()
        .values(month=TruncMonth("day"))
        .annotate(**{name: Sum(name) for name in COUNTS})
    )
    out = {}
    for values in grouped:
        month = values.pop("month").isoformat()[:7]
        out[month] = _row(values, month)
    return out
