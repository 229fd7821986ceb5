"""The figures engine: the counts of every KPI family, grouped in the database, one query per
source (tickets with their promises, callbacks, charges) whatever the number of tickets, plus one over the
daily figures for the past days they cover (reports.rollup). Python only merges the grouped rows
and divides.

Each ticket, promise and callback falls in exactly one group (an empty column is a group of its
own), so the total of a table is the sum of its rows: no extra query for it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from reports import rollup
from reports.groupings import NOTHING, Bucket, Grouping
from reports.kpis import COUNTS, EVERYONE, KPIS, SOURCES, Kpi, add_counts
from reports.sources import source


@dataclass
class Row:
    key: str
    label: str
    group: object = None  # the grouped value itself (an id, a vocabulary value, a date)
    counts: dict = field(default_factory=dict)
    order: object = None  # where the grouping lists it (reports.groupings); the label when None

    def value(self, code: str):
        return KPIS[code].value(self.counts)

    @property
    def figures(self) -> dict:
        return {code: kpi.value(self.counts) for code, kpi in KPIS.items()}

    def add(self, counts: dict) -> None:
        add_counts(self.counts, counts)


def grouped_counts(start: datetime, end: datetime, by, *, department: int | None = None) -> dict[object, dict]:
    """{grouped value: {count name: number}} over the sources: the fresh past days of the period
    from the daily figures, the rest counted live."""
    merged: dict[object, dict] = defaultdict(dict)
    covered, live = _split(start, end)
    if covered:
        for group, counts in rollup.cube_counts(covered, by, department).items():
            add_counts(merged[group], counts)
    for first, last in live:
        for name in SOURCES:
            aggregates = {c.name: c.expression for c in COUNTS.values() if c.source == name}
            rows = source(name, first, last, department).values(group=by.column(name)).annotate(**aggregates)
            for values in rows:
                group = values.pop("group")
                if isinstance(by, Bucket):  # a moment in the time zone, the daily figures' a date
                    group = timezone.localtime(group).date()
                add_counts(merged[group], values)
    return merged


def _split(start: datetime, end: datetime) -> tuple[list[date], list[tuple[datetime, datetime]]]:
    """The period's whole days read from the daily figures, and the ranges left to count live."""
    zone = timezone.get_current_timezone()
    start, end = timezone.localtime(start, zone), timezone.localtime(end, zone)
    first = start.date() if start.time() == time.min else start.date() + timedelta(days=1)
    last = end.date() - timedelta(days=1)
    fresh = sorted(rollup.fresh_days(first, last)) if first <= last else []
    live, at = [], start
    for day in fresh:
        begins = datetime.combine(day, time.min, tzinfo=zone)
        if begins > at:
            live.append((at, begins))
        at = begins + timedelta(days=1)
    if at < end:
        live.append((at, end))
    return fresh, live


def _to_rows(merged: dict, by) -> list[Row]:
    if isinstance(by, Grouping):
        labels = by.labels([g for g in merged if g is not None])
    else:
        labels = {g: (g.isoformat(), g.isoformat(), g) for g in merged if g is not None}
    rows = []
    for group, counts in merged.items():
        if group is None:
            key, label, order = "", str(by.empty) if isinstance(by, Grouping) else NOTHING, None
        else:
            key, label, order = labels.get(group, (str(group), str(group), None))
        row = Row(key=key, label=label, group=group, order=order)
        row.add({c: counts.get(c, 0) for c in COUNTS})
        rows.append(row)
    return rows


def table(start: datetime, end: datetime, by: Grouping, *, department: int | None = None) -> tuple[list[Row], Row]:
    """The rows of one grouping in its own order (reports.groupings; the empty group last), and
    their total."""
    rows = _to_rows(grouped_counts(start, end, by, department=department), by)
    rows.sort(key=lambda r: (r.group is None, r.order is None, r.order if r.order is not None else "", r.label, r.key))
    return rows, total_of(rows)


def series(start: datetime, end: datetime, unit: str, *, department: int | None = None) -> list[Row]:
    """The figures per day, week, month, quarter or year of the period, oldest first."""
    rows = _to_rows(grouped_counts(start, end, Bucket(unit), department=department), Bucket(unit))
    return sorted((r for r in rows if r.group is not None), key=lambda r: r.group)


def total_of(rows: list[Row]) -> Row:
    total = Row(key="", label="")
    for row in rows:
        total.add(row.counts)
    if not rows:
        total.add({c: 0 for c in COUNTS})
    return total


def visible_kpis(department: int | None) -> list[Kpi]:
    """The KPIs a reader sees: a department's own staff do not get the leads-only ones."""
    return [k for k in KPIS.values() if department is None or k.audience == EVERYONE]
