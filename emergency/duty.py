"""Who is on duty: the ONE place this app asks (the duty roster, shifts.selectors.on_duty).

An alarm must reach someone: where the roster has nobody of a role on duty (no roster entered,
or the role not rostered at that hour), everyone active in that role (and department) is alerted
instead — too many people rather than nobody."""

from datetime import datetime

from accounts.models import Department, Staff
from shifts.selectors import on_duty as rostered


def on_duty(
    role: str | None = None, *, at: datetime | None = None, department: Department | None = None
) -> list[Staff]:
    people = rostered(role=role, at=at, department=department)
    if people:
        return people
    everyone = Staff.objects.filter(is_active=True)
    if role:
        everyone = everyone.filter(role=role)
    if department is not None:
        everyone = everyone.filter(department=department)
    return list(everyone.order_by("work_number"))
