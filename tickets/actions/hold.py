"""Hold and resume: waiting for the customer or for parts pauses every running clock."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Staff
from core.text import clean_text
from deadlines.services import pause_deadlines, resume_deadlines
from tickets.actions._common import lock
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event
from tickets.transitions import check_transition


@transaction.atomic
def hold_ticket(ticket: Ticket, *, reason: str, actor: Staff) -> Ticket:
    ticket = lock(ticket)
    check_transition(ticket, "hold", actor)
    reason = clean_text(reason, "reason", max_length=500)
    now = timezone.now()
    old_status = ticket.status
    ticket.held_from = old_status
    ticket.status = Status.ON_HOLD
    ticket.held_at = now
    ticket.updated_at = now
    ticket.save(update_fields=["held_from", "status", "held_at", "updated_at"])
    pause_deadlines(ticket, at=now)
    record_event(ticket, EventKind.HELD, actor=actor, at=now, reason=reason, from_status=old_status)
    return ticket


@transaction.atomic
def resume_ticket(ticket: Ticket, *, actor: Staff) -> Ticket:
    ticket = lock(ticket)
    check_transition(ticket, "resume", actor)
    now = timezone.now()
    paused = resume_deadlines(ticket, at=now)
    ticket.status = ticket.held_from or Status.DISPATCHED
    ticket.held_from = ""
    ticket.held_at = None
    ticket.updated_at = now
    ticket.save(update_fields=["status", "held_from", "held_at", "updated_at"])
    record_event(
        ticket,
        EventKind.RESUMED,
        actor=actor,
        at=now,
        to_status=ticket.status,
        paused_minutes=int(paused.total_seconds() // 60),
    )
    return ticket
