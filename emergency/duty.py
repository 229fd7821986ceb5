"""Who is on duty: the ONE place this app asks. Until the duty roster (app `shifts`,
shifts.selectors.on_duty) is on main, everyone active in the role (and department) counts as on
duty, so an alarm reaches too many people rather than nobody."""

from datetime import datetime

from accounts.models import Department, Staff


def on_duty(
    role: str | None = None, *, at: datetime | None = None, department: Department | None = None
) -> list[Staff]:
    people = Staff.objects.filter(is_active=True)
    if role:
        people = people.filter(role=role)
    if department is not None:
        people = people.filter(department=department)
    return list(people.order_by("work_number"))
