"""Answering a consultation (A6): the answer is logged and ends the work, pending callback."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Staff
from core import customer_text
from core.text import clean_text
from deadlines.services import meet_deadlines
from tickets import signals
from tickets.actions._common import lock
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event
from tickets.transitions import check_transition


@transaction.atomic
def answer_ticket(ticket: Ticket, *, answer: str, actor: Staff, override_reason: str = "") -> Ticket:
    ticket = lock(ticket)
    check_transition(ticket, "answer", actor)
    answer = clean_text(answer, "answer")
    # J1: the customer reads it; forbidden phrases refuse the answer unless a reason is recorded.
    customer_text.check(answer, field="answer", actor=actor, ticket=ticket, override_reason=override_reason)
    now = timezone.now()
    old_status = ticket.status
    ticket.status = Status.RESOLVED
    ticket.answer = answer
    ticket.resolved_at = now
    ticket.updated_at = now
    ticket.save(update_fields=["status", "answer", "resolved_at", "updated_at"])
    meet_deadlines(ticket, "answer", at=now)
    record_event(ticket, EventKind.ANSWERED, actor=actor, at=now, answer=answer, from_status=old_status)
    signals.work_finished.send(Ticket, ticket=ticket, at=now)  # E1: the customer's verdict is asked next
    return ticket
