"""The department's side of the work: acknowledge the hand-over, start, report the result (B1, B4)."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Staff
from core import customer_text
from core.text import clean_text
from deadlines.services import meet_deadlines
from tickets import signals
from tickets.actions._common import lock
from tickets.models import EventKind, Status, Ticket
from tickets.search import ticket_token_text
from tickets.timeline import record_event
from tickets.transitions import check_transition


@transaction.atomic
def accept_ticket(ticket: Ticket, *, actor: Staff) -> Ticket:
    """The department acknowledges receipt (工单交接手续); the hand-over time is kept."""
    ticket = lock(ticket)
    check_transition(ticket, "accept", actor)
    now = timezone.now()
    ticket.status = Status.ACCEPTED
    ticket.accepted_at = now
    ticket.accepted_by = actor
    ticket.assignee = actor  # whoever acknowledges it does it (an assigned colleague may take it over)
    ticket.updated_at = now
    ticket.save(update_fields=["status", "accepted_at", "accepted_by", "assignee", "updated_at"])
    meet_deadlines(ticket, "accept", at=now)
    handover_minutes = int((now - ticket.dispatched_at).total_seconds() // 60) if ticket.dispatched_at else None
    record_event(
        ticket,
        EventKind.ACCEPTED,
        actor=actor,
        at=now,
        department=ticket.department.code,
        department_name=ticket.department.name,
        handover_minutes=handover_minutes,
    )
    return ticket


@transaction.atomic
def start_ticket(ticket: Ticket, *, actor: Staff) -> Ticket:
    ticket = lock(ticket)
    check_transition(ticket, "start", actor)
    now = timezone.now()
    ticket.status = Status.IN_PROGRESS
    ticket.started_at = now
    ticket.updated_at = now
    ticket.save(update_fields=["status", "started_at", "updated_at"])
    meet_deadlines(ticket, "start", at=now)
    record_event(ticket, EventKind.STARTED, actor=actor, at=now)
    return ticket


@transaction.atomic
def resolve_ticket(ticket: Ticket, *, result: str, actor: Staff, override_reason: str = "") -> Ticket:
    ticket = lock(ticket)
    check_transition(ticket, "resolve", actor)
    signals.resolving.send(Ticket, ticket=ticket)  # e.g. D2: a major complaint waits for the manager
    result = clean_text(result, "result")
    # J1: the result is shown to the customer (portal, callback); checked like an answer.
    customer_text.check(result, field="result", actor=actor, ticket=ticket, override_reason=override_reason)
    now = timezone.now()
    ticket.status = Status.RESOLVED
    ticket.result = result
    ticket.resolved_at = now
    ticket.updated_at = now
    ticket.search_tokens = ticket_token_text(ticket)  # the result is searchable too
    ticket.save(update_fields=["status", "result", "resolved_at", "updated_at", "search_tokens"])
    meet_deadlines(ticket, "resolve", at=now)
    record_event(ticket, EventKind.RESOLVED, actor=actor, at=now, result=result)
    signals.work_finished.send(Ticket, ticket=ticket, at=now)  # E1: the customer's verdict is asked next
    return ticket
