"""A month's KPI summary per department: tickets by category and by status, and the on-time rate.

A selector (reads only), costed by the month's tickets, not by the whole table: the query
ranges over `received_at`, which the `ticket_recent` index orders.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Department
from deadlines.models import Deadline
from tickets.models import Ticket


@dataclass
class DepartmentMonth:
    department_id: int | None  # None: tickets never dispatched (answered or still waiting)
    department_name: str
    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    deadlines: int = 0
    met_on_time: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Promises met by their due time, out of the month's promises (None when there were none)."""
        return self.met_on_time / self.deadlines if self.deadlines else None


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month in the installation's time zone, as [start, end)."""
    tz = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


def _count_of(promises) -> Subquery:
    return Subquery(promises.annotate(c=Count("id")).values("c"), output_field=IntegerField())


def month_summary(year: int, month: int) -> list[DepartmentMonth]:
    """One row per department that had tickets received in the month, largest first."""
    start, end = month_bounds(year, month)
    names = dict(Department.objects.values_list("id", "name"))
    rows: dict[int | None, DepartmentMonth] = {}

    def row(department_id: int | None) -> DepartmentMonth:
        if department_id not in rows:
            rows[department_id] = DepartmentMonth(department_id, names.get(department_id, ""))
        return rows[department_id]

    # One pass over the month's tickets; each ticket's promises are counted by a correlated
    # subquery (an index probe per ticket). Joined instead, PostgreSQL hashed the whole deadline
    # table (every promise ever made) to keep a month's worth: 54 ms at 100,000 tickets, growing
    # with the years of history; probed, the cost is the month's (bench/README.md).
    promises = Deadline.objects.filter(ticket=OuterRef("pk")).order_by().values("ticket")
    on_time = promises.filter(met_at__isnull=False, met_at__lte=F("due_at"), breached_at__isnull=True)
    counts = (
        Ticket.objects.filter(received_at__gte=start, received_at__lt=end)
        .order_by()
        .values_list("department_id", "category", "status")
        .annotate(
            n=Count("id"),
            deadlines=Sum(Coalesce(_count_of(promises), 0)),
            on_time=Sum(Coalesce(_count_of(on_time), 0)),
        )
    )
    for department_id, category, status, n, deadlines, met_on_time in counts:
        r = row(department_id)
        r.total += n
        r.by_category[category] = r.by_category.get(category, 0) + n
        r.by_status[status] = r.by_status.get(status, 0) + n
        r.deadlines += deadlines
        r.met_on_time += met_on_time

    return sorted(rows.values(), key=lambda r: (-r.total, r.department_name))
