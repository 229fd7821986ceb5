"""Daily figures (speed at a million tickets): each past day's KPI counts per cell of every
grouping (department, staff, category, channel, community), rebuilt by the worker day by day. A
report reads the days that are fresh here and counts only the rest live (today, and any day not
rebuilt in time), so a month reads a few thousand rows instead of probing every ticket's
promises, and a year a few hundred thousand instead of a third of the tickets with theirs.

How fresh: the last RECENT_DAYS days are rebuilt once an hour, older days once a day, at most
BATCH days a pass (the worker's pass must stay short: the deadline watcher shares it). A past
day's figure can therefore lag the live counts by up to an hour of changes (a ticket closed since,
a callback recorded) in the last five weeks, and a day before that (a promise of an old ticket
settled today). A day whose figures are older than that is counted live again, so a stopped worker
makes reports slower, never wrong for longer. The drill-down lists are always live.
"""

import hashlib
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from reports.groupings import GROUPINGS
from reports.kpis import COUNTS, SOURCES, add_counts
from reports.models import DailyFigures, DailyTotals, FiguresDay
from reports.sources import MOMENT, source

DAYS = 800  # two years and more: a month's 同比 a year back is read from here too
RECENT_DAYS = 35
RECENT_EVERY = timedelta(hours=1)
OLDER_EVERY = timedelta(days=1)
# A day is read from the figures while rebuilt within this long; live after.
RECENT_FRESH = timedelta(hours=2)
OLDER_FRESH = timedelta(days=2)
BATCH = 7  # about a second and a half a pass at a million tickets (bench/reports_bench.py)

# The cells: DailyFigures' column for each grouping that has one of its own (area is read through community).
CELLS = {g.cube: g for g in GROUPINGS.values() if g.cube and "__" not in g.cube}
SHAPE = hashlib.sha1("|".join([*sorted(COUNTS), *CELLS]).encode()).hexdigest()[:16]


def _recent(day: date, today: date) -> bool:
    return day >= today - timedelta(days=RECENT_DAYS)


def fresh_days(first: date, last: date, now: datetime | None = None) -> set[date]:
    """The days in [first, last] whose figures may be read: before today and rebuilt recently enough."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    last = min(last, today - timedelta(days=1))
    if last < first:
        return set()
    rows = FiguresDay.objects.filter(day__gte=first, day__lte=last, shape=SHAPE).values_list("day", "refreshed_at")
    return {day for day, refreshed in rows if now - refreshed < (RECENT_FRESH if _recent(day, today) else OLDER_FRESH)}


def refresh(now: datetime | None = None, *, force: bool = False) -> int:
    """The worker's pass: rebuild the stalest due days (newest first), at most BATCH of them (every
    day of the range with `force`); returns the number of figure rows written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = today - timedelta(days=DAYS)
    done = dict(FiguresDay.objects.filter(day__gte=first, shape=SHAPE).values_list("day", "refreshed_at"))
    due = []
    day = today - timedelta(days=1)
    while day >= first:
        refreshed = done.get(day)
        every = RECENT_EVERY if _recent(day, today) else OLDER_EVERY
        if force or refreshed is None or now - refreshed >= every:
            due.append(day)
        day -= timedelta(days=1)
    if not force:
        due = due[:BATCH]
    written = 0
    for run in _runs(sorted(due)):
        written += rebuild(run[0], run[-1], now)
    for model in (FiguresDay, DailyFigures, DailyTotals):
        model.objects.filter(day__lt=first).delete()
    return written


def _runs(days: list[date]) -> list[list[date]]:
    """Consecutive days together, each run one query per source."""
    runs: list[list[date]] = []
    for day in days:
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def rebuild(first: date, last: date, now: datetime | None = None) -> int:
    """Recount the days [first, last] into their figures, in one transaction."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    merged: dict = defaultdict(dict)
    for name in SOURCES:
        aggregates = {c.name: c.expression for c in COUNTS.values() if c.source == name}
        columns = {cell: grouping.column(name) for cell, grouping in CELLS.items()}
        grouped = (
            source(name, start, end)
            .values(day=TruncDate(MOMENT[name], tzinfo=zone), **{f"cell_{c}": v for c, v in columns.items()})
            .annotate(**aggregates)
        )
        for values in grouped:
            key = (values.pop("day"),) + tuple(values.pop(f"cell_{c}") for c in CELLS)
            merged[key].update(values)
    rows, totals = [], defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for (day, *cells), counts in merged.items():
        numbers = dict.fromkeys(COUNTS, 0)
        add_counts(numbers, counts)
        cell = dict(zip(CELLS, cells, strict=True))
        rows.append(DailyFigures(day=day, **cell, **numbers))
        add_counts(totals[(day, cell["department_id"])], numbers)
    with transaction.atomic():
        DailyFigures.objects.filter(day__gte=first, day__lte=last).delete()
        DailyFigures.objects.bulk_create(rows, batch_size=2000)
        DailyTotals.objects.filter(day__gte=first, day__lte=last).delete()
        DailyTotals.objects.bulk_create(
            (DailyTotals(day=day, department_id=dept, **numbers) for (day, dept), numbers in totals.items()),
            batch_size=2000,
        )
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        FiguresDay.objects.filter(day__in=days).delete()
        FiguresDay.objects.bulk_create(FiguresDay(day=d, refreshed_at=now, shape=SHAPE) for d in days)
    return len(rows)


def cube_counts(days: list[date], by, department: int | None = None) -> dict[object, dict]:
    """{grouped value: {count name: number}} from the figures of `days` (consecutive runs)."""
    within = Q()
    for run in _runs(sorted(days)):
        within |= Q(day__gte=run[0], day__lte=run[-1])
    # The trends and the department grouping need no cell: the day's totals per department do.
    model = DailyTotals if by.on_totals else DailyFigures
    qs = model.objects.filter(within)
    if department:
        qs = qs.filter(department_id=department)
    out = {}
    for values in qs.order_by().values(group=by.cube_column()).annotate(**{n: Sum(n) for n in COUNTS}):
        out[values.pop("group")] = values
    return out
