"""Notes and the privacy-sensitive read of a full phone number (F3)."""

from django.db import transaction
from django.utils import timezone

from accounts.access import can_reveal_phone
from accounts.models import Staff
from core.errors import Forbidden
from core.text import clean_text
from tickets.models import EventKind, Ticket
from tickets.timeline import record_event


@transaction.atomic
def add_note(ticket: Ticket, *, text: str, actor: Staff) -> Ticket:
    text = clean_text(text, "text")
    record_event(ticket, EventKind.NOTE, actor=actor, text=text)
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now())
    return ticket


@transaction.atomic
def reveal_ticket_phone(ticket: Ticket, *, actor: Staff) -> str:
    """Return the contact's full number and leave a trace of who looked, and when."""
    if not can_reveal_phone(actor):
        raise Forbidden()
    record_event(ticket, EventKind.PHONE_REVEALED, actor=actor, phone_of="contact")
    return ticket.contact_phone
