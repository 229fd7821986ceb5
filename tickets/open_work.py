"""A person's open tickets, listed when they leave (accounts.upkeep.OPEN_WORK) so that each
can be handed to someone else: those they own (首问负责制) and those they accepted to do."""

from django.db.models import Q

from accounts.models import Staff
from tickets.models import Ticket


def open_tickets_of(staff: Staff) -> list[dict]:
    tickets = (
        Ticket.objects.open()
        .filter(Q(owner=staff) | Q(accepted_by=staff))
        .order_by("received_at", "id")
        .values_list("number", "owner_id", "content")[:500]
    )
    return [
        {"kind": "ticket_owned" if owner_id == staff.pk else "ticket_accepted", "ref": number, "summary": content[:60]}
        for number, owner_id, content in tickets
    ]
