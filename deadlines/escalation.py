"""Who hears about a broken promise, and who hears about an emergency (C5, A7).

A breach climbs the reporting line of the person holding the work, one level per
KEFU_ESCALATION_MINUTES: level 1 is the holder's superior (客服主管 for an agent), level 2 the
superior's superior (客服经理), and the last level the head of the department holding the work.
Level 0 is the holder, told at the breach itself. People missing from the line (no superior, no
head, inactive) are skipped, and a line that runs out ends the escalation.

Out of office hours, when a duty roster (排班) says who is at work, the line runs through the
people on duty instead: the duty supervisor or manager, then the on-duty engineer of the
department holding the work; an emergency goes to the people on duty, not to every manager.
The roster lives in an app above this one; it registers a provider in DUTY_PROVIDERS. With no
provider, or no roster for that moment, the rules above stand unchanged.
"""

from collections.abc import Callable
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from accounts.models import Department, Role, Staff
from deadlines.models import BusinessCalendar
from deadlines.services import working_time
from tickets.models import OWNER_HELD_KINDS, Ticket

# provider(roles, *, at, department) -> the staff of those roles on duty at `at` (of that
# department when given), or None when no roster covers that moment.
DUTY_PROVIDERS: list[Callable[..., list[Staff] | None]] = []
# Who answers for an emergency or an escalation when on duty (A7).
DUTY_LEADS = (Role.SUPERVISOR, Role.MANAGER)
DUTY_FRONT = (Role.NIGHT_DUTY,)
DUTY_ENGINEERS = (Role.FIELD,)


def on_duty(roles, *, at: datetime, department: Department | None = None) -> list[Staff] | None:
    for provider in DUTY_PROVIDERS:
        people = provider(roles, at=at, department=department)
        if people is not None:
            return people
    return None


def out_of_hours(at: datetime) -> bool:
    """Outside the office calendar (the first business-hours calendar: 工作日 8:30-17:30)."""
    calendar = BusinessCalendar.objects.filter(around_the_clock=False).order_by("id").first()
    return calendar is not None and not working_time(calendar).is_working(at)


def _unique_active(people: list[Staff]) -> list[Staff]:
    unique: list[Staff] = []
    for person in people:
        if person.is_active and all(person.pk != other.pk for other in unique):
            unique.append(person)
    return unique


def _duty_line(ticket: Ticket, first: Staff, at: datetime, cache: dict) -> list[Staff] | None:
    """Out of hours: [holder, duty leads (supervisors before managers), the department's
    on-duty engineers], or None when nobody of the leads is on the roster then. `cache` keeps
    what does not depend on the ticket for the rest of a watcher pass (one `at`)."""
    if not DUTY_PROVIDERS:
        return None
    if "leads" not in cache:
        leads = on_duty(DUTY_LEADS, at=at) if out_of_hours(at) else None
        cache["leads"] = sorted(leads or [], key=lambda person: (DUTY_LEADS.index(person.role), person.work_number))
    if not cache["leads"]:
        return None
    department_id = ticket.department_id
    if department_id and ("engineers", department_id) not in cache:
        cache["engineers", department_id] = on_duty(DUTY_ENGINEERS, at=at, department=ticket.department) or []
    engineers = cache["engineers", department_id] if department_id else []
    return _unique_active([first, *cache["leads"], *engineers])


# How far up the superiors an escalation climbs before it goes to the department head.
SUPERIOR_LEVELS = 2


def reporting_line(
    ticket: Ticket, kind: str | None = None, *, at: datetime | None = None, cache: dict | None = None
) -> list[Staff]:
    """[holder, supervisor, manager, head of the department holding the work], each once, for the
    promise of `kind` (a callback climbs the customer-service side's line, not the engineers');
    out of hours with a roster, the people on duty at `at` (see the module's docstring)."""
    first = ticket.holder_for(kind)
    if at is not None:
        duty = _duty_line(ticket, first, at, {} if cache is None else cache)
        if duty is not None:
            return duty
    line = [first]
    person = first
    for _ in range(SUPERIOR_LEVELS):
        person = person.superior
        if person is None:
            break
        line.append(person)
    department = first.department if kind in OWNER_HELD_KINDS or not ticket.department_id else ticket.department
    if department is not None and department.head_id:
        line.append(department.head)
    return _unique_active(line)


def emergency_recipients(ticket: Ticket, *, at: datetime | None = None) -> list[Staff]:
    """The manager on duty and the leaders (A7). With a roster: the duty supervisor or manager,
    the night staff and the on-duty engineers (of the ticket's department when it has one) on
    duty at `at`. Without one (or nobody of the leads on it), every active customer-service
    manager is on duty; the leaders are the department heads."""
    at = at or timezone.now()
    if DUTY_PROVIDERS:
        leads = on_duty(DUTY_LEADS + DUTY_FRONT, at=at)
        if leads:
            department = ticket.department if ticket.department_id else None
            engineers = on_duty(DUTY_ENGINEERS, at=at, department=department) or []
            people = sorted(_unique_active(leads + engineers), key=lambda person: person.work_number)
            return [person for person in people if person.pk != ticket.created_by_id]
    people = Staff.objects.filter(is_active=True).filter(
        Q(role=Role.MANAGER) | Q(pk__in=Department.objects.filter(is_active=True, head__isnull=False).values("head"))
    )
    return list(people.exclude(pk=ticket.created_by_id).order_by("work_number"))
