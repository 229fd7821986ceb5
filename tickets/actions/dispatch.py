"""Dispatch (派工, B1): hand the work to the department that does it; the hand-over time is kept."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Staff
from core.errors import InvalidInput
from core.text import clean_text
from deadlines.services import meet_deadlines
from notifications.events import notify_dispatched
from tickets.actions._common import lock
from tickets.actions.assign import check_assignee
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event
from tickets.transitions import check_transition


@transaction.atomic
def dispatch_ticket(
    ticket: Ticket, *, department: Department, actor: Staff, note: str = "", assignee: Staff | None = None
) -> Ticket:
    """Hand the work to `department`, optionally to one of its engineers (派工到人). Whoever will do
    it is told at once: the assignee, else the department (notifications.events.notify_dispatched)."""
    ticket = lock(ticket)
    check_transition(ticket, "dispatch", actor)
    note = clean_text(note, "note", required=False)
    if not department.is_active:
        raise InvalidInput(_("This department no longer takes work."), fields={"department": _("Inactive.")})
    if assignee is not None:
        check_assignee(department, assignee)
    same_assignee = assignee is None or assignee.pk == ticket.assignee_id
    if ticket.department_id == department.pk and ticket.status == Status.DISPATCHED and same_assignee:
        return ticket  # already waiting there: nothing changes, nothing to log
    now = timezone.now()
    previous = ticket.department
    ticket.department = department
    ticket.status = Status.DISPATCHED
    ticket.dispatched_at = now
    # A re-dispatch starts a new hand-over: the previous acknowledgement no longer holds.
    ticket.accepted_at = None
    ticket.accepted_by = None
    ticket.assignee = assignee
    ticket.updated_at = now
    ticket.save(
        update_fields=["department", "status", "dispatched_at", "accepted_at", "accepted_by", "assignee", "updated_at"]
    )
    meet_deadlines(ticket, "dispatch", at=now)
    event = record_event(
        ticket,
        EventKind.DISPATCHED,
        actor=actor,
        at=now,
        department=department.code,
        department_name=department.name,
        from_department=previous.code if previous else None,
        from_department_name=previous.name if previous else None,
        note=note,
        **({"assignee": assignee.username, "assignee_name": assignee.display_name} if assignee else {}),
    )
    notify_dispatched(ticket, event)
    return ticket
