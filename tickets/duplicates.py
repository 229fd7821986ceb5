"""The same caller with a similar request a short while ago: probably one matter told twice.

Intake warns (it never refuses: a second leak in the same flat is a real second ticket).
"""

from datetime import timedelta
from difflib import SequenceMatcher

from django.conf import settings
from django.db.models import Q

from tickets.models import Ticket
from tickets.vocabulary import OPEN_STATUS_LIST

SIMILAR = 0.6  # SequenceMatcher ratio from which two requests read as the same matter


def similar_recent(ticket: Ticket) -> list[Ticket]:
    """Tickets of the same caller (customer or phone) received within KEFU_DUPLICATE_WINDOW_MINUTES
    before `ticket`, with the same category or similar content; newest first, at most five."""
    caller = Q()
    if ticket.customer_id:
        caller |= Q(customer_id=ticket.customer_id)
    if ticket.contact_phone:
        caller |= Q(contact_phone=ticket.contact_phone)
    if not caller:
        return []
    since = ticket.received_at - timedelta(minutes=settings.KEFU_DUPLICATE_WINDOW_MINUTES)
    earlier = (
        Ticket.objects.filter(caller, received_at__gte=since, received_at__lte=ticket.received_at)
        .exclude(pk=ticket.pk)
        .order_by("-received_at")[:20]
    )
    return [
        other
        for other in earlier
        if other.category == ticket.category or SequenceMatcher(None, other.content, ticket.content).ratio() >= SIMILAR
    ][:5]


OPEN_SAME_SHOWN = 10  # the open tickets of the same kind an intake warning lists, newest first


def open_same_category(customer_id: int, category: str) -> list[Ticket]:
    """The customer's open tickets of `category`, whatever their age (issue 13, defect 8: three
    open leak tickets of one customer raised no warning). One query, read through
    ticket_customer_recent (customer, -received_at): a customer has few tickets, the open ones fewer."""
    return list(
        Ticket.objects.filter(customer_id=customer_id, category=category, status__in=OPEN_STATUS_LIST)
        .only("number", "category", "status", "content", "received_at")
        .order_by("-received_at", "-id")[:OPEN_SAME_SHOWN]
    )
