"""Closing after the customer's verdict, and reopening when the work did not hold."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Staff
from core.text import clean_text
from deadlines.models import DeadlineKind
from deadlines.services import create_deadlines, meet_deadlines
from tickets.actions._common import lock
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event
from tickets.transitions import check_transition


@transaction.atomic
def close_ticket(ticket: Ticket, *, actor: Staff, note: str = "") -> Ticket:
    ticket = lock(ticket)
    check_transition(ticket, "close", actor)
    note = clean_text(note, "note", required=False)
    now = timezone.now()
    ticket.status = Status.CLOSED
    ticket.closed_at = now
    ticket.updated_at = now
    ticket.save(update_fields=["status", "closed_at", "updated_at"])
    meet_deadlines(ticket, "close", at=now)
    record_event(ticket, EventKind.CLOSED, actor=actor, at=now, note=note)
    return ticket


@transaction.atomic
def reopen_ticket(ticket: Ticket, *, reason: str, actor: Staff, cause: str = "") -> Ticket:
    """Back to the department that did the work (or to dispatch), with a fresh round of promises.
    `cause` is a code from tickets.timeline.REOPEN_CAUSES when the system, not a person, gives
    the reason (the reason may then be empty): the timeline words it in the reader's language."""
    ticket = lock(ticket)
    check_transition(ticket, "reopen", actor)
    reason = clean_text(reason, "reason", max_length=500, required=not cause)
    now = timezone.now()
    old_status = ticket.status
    meet_deadlines(ticket, "close", at=now)  # the old round's open promises end with it
    ticket.status = Status.DISPATCHED if ticket.department_id else Status.NEW
    ticket.reopen_count += 1
    ticket.dispatched_at = now if ticket.department_id else None
    ticket.accepted_at = None
    ticket.accepted_by = None
    ticket.started_at = None
    ticket.resolved_at = None
    ticket.closed_at = None
    ticket.updated_at = now
    ticket.save(
        update_fields=[
            "status",
            "reopen_count",
            "dispatched_at",
            "accepted_at",
            "accepted_by",
            "started_at",
            "resolved_at",
            "closed_at",
            "updated_at",
        ]
    )
    skip = (DeadlineKind.DISPATCH,) if ticket.department_id else ()
    create_deadlines(ticket, start=now, skip=skip)
    extra = {"cause": cause} if cause else {}
    record_event(
        ticket,
        EventKind.REOPENED,
        actor=actor,
        at=now,
        reason=reason,
        from_status=old_status,
        to_status=ticket.status,
        **extra,
    )
    return ticket
