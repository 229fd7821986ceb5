"""Rescheduling a visit at the customer's request (C5): the appointment moves, the promises it
sets (start handling, repair) move with it, and the timeline says who moved it, from when to
when and why. A breach already recorded stays: it happened."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import Forbidden, IllegalTransition, InvalidInput
from core.text import clean_text
from deadlines.appointments import move_to_appointment
from deadlines.models import Deadline
from deadlines.services import calendar_cache
from tickets.actions._common import lock
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event
from tickets.transitions import TRANSITIONS

# Further out than this is a typo, not an appointment.
FURTHEST = timedelta(days=180)
RESCHEDULE_STATUSES = frozenset({Status.NEW, Status.DISPATCHED, Status.ACCEPTED, Status.ON_HOLD})


def may_reschedule(ticket: Ticket, user: Staff) -> bool:
    """Whoever may put the ticket on hold: its owner, the department doing it, the leads."""
    return ticket.status in RESCHEDULE_STATUSES and TRANSITIONS["hold"].allowed(ticket, user)


@transaction.atomic
def reschedule_appointment(ticket: Ticket, *, appointment_at: datetime, reason: str, actor: Staff) -> Ticket:
    ticket = lock(ticket)
    if ticket.status not in RESCHEDULE_STATUSES:
        raise IllegalTransition(
            _("The visit of a ticket that is %(status)s cannot be rescheduled.")
            % {"status": ticket.get_status_display()}
        )
    if not may_reschedule(ticket, actor):
        raise Forbidden(_("You may not reschedule this visit."))
    reason = clean_text(reason, "reason", max_length=500)
    now = timezone.now()
    if appointment_at is None or appointment_at <= now or appointment_at > now + FURTHEST:
        raise InvalidInput(
            _("The new appointment must be in the future, within half a year."),
            fields={"appointment_at": _("Not a possible time.")},
        )
    previous = ticket.appointment_at
    if previous == appointment_at:
        return ticket
    ticket.appointment_at = appointment_at
    ticket.updated_at = now
    ticket.save(update_fields=["appointment_at", "updated_at"])
    rows = list(
        Deadline.objects.filter(ticket=ticket, round=ticket.reopen_count)
        .select_related("calendar")
        .select_for_update(of=("self",))
    )
    moved = move_to_appointment(rows, appointment_at, calendar_cache())
    record_event(
        ticket,
        EventKind.APPOINTMENT_MOVED,
        actor=actor,
        at=now,
        old=previous.isoformat() if previous else None,
        new=appointment_at.isoformat(),
        reason=reason,
        deadlines={d.kind: d.due_at.isoformat() for d in moved},
    )
    return ticket
