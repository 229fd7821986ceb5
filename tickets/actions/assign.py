"""派工到人: the work given to a named engineer of the department doing it, by the dispatcher or
the department head; the engineer is told at once (in-app and SMS)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Staff
from core.errors import InvalidInput
from notifications.events import notify_assigned
from tickets.actions._common import lock
from tickets.models import EventKind, Ticket
from tickets.timeline import record_event
from tickets.transitions import check_transition


def check_assignee(department: Department, assignee: Staff) -> None:
    """The assignee is an active member of the department that does the work."""
    if not assignee.is_active or assignee.department_id != department.pk:
        raise InvalidInput(
            _("Assign the work to an active member of %(department)s.") % {"department": department.name},
            fields={"assignee": _("Not an active member of this department.")},
        )


@transaction.atomic
def assign_ticket(ticket: Ticket, *, assignee: Staff, actor: Staff, note: str = "") -> Ticket:
    ticket = lock(ticket)
    check_transition(ticket, "assign", actor)
    check_assignee(ticket.department, assignee)
    if ticket.assignee_id == assignee.pk:
        return ticket  # already theirs: nothing changes, nothing to log
    now = timezone.now()
    previous = ticket.assignee
    ticket.assignee = assignee
    ticket.updated_at = now
    ticket.save(update_fields=["assignee", "updated_at"])
    event = record_event(
        ticket,
        EventKind.ASSIGNED,
        actor=actor,
        at=now,
        assignee=assignee.username,
        assignee_name=assignee.display_name,
        from_assignee=previous.username if previous else None,
        from_assignee_name=previous.display_name if previous else None,
        note=note,
    )
    notify_assigned(ticket, event, [assignee])
    return ticket
