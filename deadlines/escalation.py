"""Who hears about a broken promise, and who hears about an emergency (C5, A7).

A breach climbs the reporting line of the person holding the work, one level per
KEFU_ESCALATION_MINUTES: level 1 is the holder's superior (客服主管 for an agent), level 2 the
superior's superior (客服经理), and the last level the head of the department holding the work.
Level 0 is the holder, told at the breach itself. People missing from the line (no superior, no
head, inactive) are skipped, and a line that runs out ends the escalation.
"""

from django.db.models import Q

from accounts.models import Department, Role, Staff
from tickets.models import Ticket

# How far up the superiors an escalation climbs before it goes to the department head.
SUPERIOR_LEVELS = 2


def reporting_line(ticket: Ticket) -> list[Staff]:
    """[holder, supervisor, manager, head of the department holding the work], each once."""
    first = ticket.holder
    line = [first]
    person = first
    for _ in range(SUPERIOR_LEVELS):
        person = person.superior
        if person is None:
            break
        line.append(person)
    department = ticket.department if ticket.department_id else first.department
    if department is not None and department.head_id:
        line.append(department.head)
    unique: list[Staff] = []
    for person in line:
        if person.is_active and all(person.pk != other.pk for other in unique):
            unique.append(person)
    return unique


def emergency_recipients(ticket: Ticket) -> list[Staff]:
    """The manager on duty and the leaders (A7). Until a duty roster exists, every active
    customer-service manager is on duty; the leaders are the department heads."""
    people = Staff.objects.filter(is_active=True).filter(
        Q(role=Role.MANAGER) | Q(pk__in=Department.objects.filter(is_active=True, head__isnull=False).values("head"))
    )
    return list(people.exclude(pk=ticket.created_by_id).order_by("work_number"))
