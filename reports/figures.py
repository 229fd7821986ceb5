"""The figures engine: the counts of every KPI family, grouped in the database, one query per
source (tickets with their promises, callbacks, charges) whatever the number of tickets. Python only merges
the grouped rows and divides.

Each ticket, promise and callback falls in exactly one group (an empty column is a group of its
own), so the total of a table is the sum of its rows: no extra query for it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import QuerySet

from callbacks.models import Callback, CallbackStatus
from knowledge.models import Charge
from reports.groupings import NOTHING, Bucket, Grouping
from reports.kpis import COUNTS, EVERYONE, KPIS, SOURCES, Kpi
from tickets.models import Ticket


def counted_callbacks(start: datetime, end: datetime) -> QuerySet:
    """The callbacks of the period (created, i.e. the work resolved, in [start, end)), without
    those superseded by a later round of the same ticket (done without an outcome)."""
    return (
        Callback.objects.filter(created_at__gte=start, created_at__lt=end)
        .exclude(status=CallbackStatus.DONE, outcome="")
        .order_by()
    )


def received_tickets(start: datetime, end: datetime) -> QuerySet:
    return Ticket.objects.filter(received_at__gte=start, received_at__lt=end).order_by()


def source(name: str, start: datetime, end: datetime, department: int | None = None) -> QuerySet:
    """The items of one source in the period, of one department when `department` is given."""
    if name == "tickets":
        qs = received_tickets(start, end)
        return qs.filter(department_id=department) if department else qs
    if name == "charges":
        # The charges of the tickets received in the period: their figures group with the tickets'.
        qs = Charge.objects.filter(ticket__received_at__gte=start, ticket__received_at__lt=end).order_by()
        return qs.filter(ticket__department_id=department) if department else qs
    qs = counted_callbacks(start, end)
    return qs.filter(department_id=department) if department else qs


@dataclass
class Row:
    key: str
    label: str
    group: object = None  # the grouped value itself (an id, a vocabulary value, a date)
    counts: dict = field(default_factory=dict)

    def value(self, code: str):
        return KPIS[code].value(self.counts)

    @property
    def figures(self) -> dict:
        return {code: kpi.value(self.counts) for code, kpi in KPIS.items()}

    def add(self, counts: dict) -> None:
        for name, value in counts.items():
            if isinstance(value, timedelta):
                value = value.total_seconds()
            self.counts[name] = (self.counts.get(name) or 0) + (value or 0)


def grouped_counts(start: datetime, end: datetime, by, *, department: int | None = None) -> dict[object, dict]:
    """{grouped value: {count name: number}} over the sources."""
    merged: dict[object, dict] = defaultdict(dict)
    for name in SOURCES:
        aggregates = {c.name: c.expression for c in COUNTS.values() if c.source == name}
        rows = source(name, start, end, department).values(group=by.column(name)).annotate(**aggregates)
        for values in rows:
            group = values.pop("group")
            merged[group].update(values)
    return merged


def _to_rows(merged: dict, by) -> list[Row]:
    if isinstance(by, Grouping):
        labels = by.labels([g for g in merged if g is not None])
    else:
        labels = {g: (g.date().isoformat(), g.date().isoformat()) for g in merged if g is not None}
    rows = []
    for group, counts in merged.items():
        if group is None:
            key, label = "", str(by.empty) if isinstance(by, Grouping) else NOTHING
        else:
            key, label = labels.get(group, (str(group), str(group)))
        row = Row(key=key, label=label, group=group)
        row.add({c: counts.get(c, 0) for c in COUNTS})
        rows.append(row)
    return rows


def table(start: datetime, end: datetime, by: Grouping, *, department: int | None = None) -> tuple[list[Row], Row]:
    """The rows of one grouping, sorted by label (the empty group last), and their total."""
    rows = _to_rows(grouped_counts(start, end, by, department=department), by)
    rows.sort(key=lambda r: (r.group is None, r.label, r.key))
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
