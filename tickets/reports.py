"""A month's KPI summary per department: tickets by category and by status, and the on-time rate.

A selector (reads only), costed by the month's tickets, not by the whole table: both queries
range over `received_at`, which the `ticket_recent` index orders.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Q
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


def month_summary(year: int, month: int) -> list[DepartmentMonth]:
    """One row per department that had tickets received in the month, largest first."""
    start, end = month_bounds(year, month)
    names = dict(Department.objects.values_list("id", "name"))
    rows: dict[int | None, DepartmentMonth] = {}

    def row(department_id: int | None) -> DepartmentMonth:
        if department_id not in rows:
            rows[department_id] = DepartmentMonth(department_id, names.get(department_id, ""))
        return rows[department_id]

    counts = (
        Ticket.objects.filter(received_at__gte=start, received_at__lt=end)
        .order_by()
        .values_list("department_id", "category", "status")
        .annotate(n=Count("id"))
    )
    for department_id, category, status, n in counts:
        r = row(department_id)
        r.total += n
        r.by_category[category] = r.by_category.get(category, 0) + n
        r.by_status[status] = r.by_status.get(status, 0) + n

    promises = (
        Deadline.objects.filter(ticket__received_at__gte=start, ticket__received_at__lt=end)
        .order_by()
        .values_list("ticket__department_id")
        .annotate(
            total=Count("id"),
            on_time=Count("id", filter=Q(met_at__isnull=False, met_at__lte=F("due_at"), breached_at__isnull=True)),
        )
    )
    for department_id, total, on_time in promises:
        r = row(department_id)
        r.deadlines += total
        r.met_on_time += on_time

    return sorted(rows.values(), key=lambda r: (-r.total, r.department_name))
