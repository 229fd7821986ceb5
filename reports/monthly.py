"""A month's summary per department: tickets by category and by status, and the on-time rate
(reports.kpis.timeliness). Grouped in the database: one query for the tickets with their
promises, one for the department names, whatever the month's volume."""

from dataclasses import dataclass, field
from datetime import date

from accounts.models import Department
from reports.kpis import COUNTS, KPIS
from reports.periods import around
from reports.sources import source


@dataclass
class DepartmentMonth:
    department_id: int | None  # None: tickets never dispatched (answered or still waiting)
    department_name: str
    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    deadlines: int = 0  # promises settled (met or broken)
    met_on_time: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """reports.kpis.timeliness: promises met on time ÷ promises settled (None: none settled)."""
        exact = KPIS["on_time_rate"].ratio({"on_time": self.met_on_time, "promises": self.deadlines})
        return None if exact is None else float(exact)


def month_summary(year: int, month: int) -> list[DepartmentMonth]:
    """One row per department that had tickets received in the month, largest first."""
    start, end = around("month", date(year, month, 1)).bounds()
    names = dict(Department.objects.values_list("id", "name"))
    rows: dict[int | None, DepartmentMonth] = {}

    def row(department_id: int | None) -> DepartmentMonth:
        if department_id not in rows:
            rows[department_id] = DepartmentMonth(department_id, names.get(department_id, ""))
        return rows[department_id]

    counts = {name: COUNTS[name].expression for name in ("received", "promises", "on_time")}
    grouped = source("tickets", start, end).values_list("department_id", "category", "status").annotate(**counts)
    for department_id, category, status, n, promises, on_time in grouped:
        r = row(department_id)
        r.total += n
        r.by_category[category] = r.by_category.get(category, 0) + n
        r.by_status[status] = r.by_status.get(status, 0) + n
        r.deadlines += promises
        r.met_on_time += on_time
    return sorted(rows.values(), key=lambda r: (-r.total, r.department_name))
