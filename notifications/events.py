"""Which event tells whom: the watcher's warnings, breaches and escalations, emergencies at
intake and engineers running late. Each function runs inside the transaction of its events."""

from accounts.models import Staff
from notifications.models import Channel
from notifications.services import customer_message, customer_messages, notify, preferred_address, staff_messages
from tickets.models import EventKind, Ticket, TicketEvent

_WATCHER_TEMPLATES = {
    EventKind.DEADLINE_WARNING: "deadline_warning",
    EventKind.DEADLINE_BREACHED: "deadline_breached",
    EventKind.ESCALATED: "escalated",
}


def _ticket_params(ticket: Ticket, event: TicketEvent) -> dict:
    return {"number": ticket.number, "address": ticket.contact_address, **event.data}


def notify_watcher_events(what: str, events: list[TicketEvent]) -> None:
    """A warning and a breach go to the person holding the work (in-app; a breach by e-mail
    too); an escalation to the person it reaches, by every channel they have."""
    from deadlines.escalation import holder

    if not events:
        return
    tickets = Ticket.objects.select_related("owner", "accepted_by").in_bulk({e.ticket_id for e in events})
    people = {}
    if what == "escalation":
        people = {s.username: s for s in Staff.objects.filter(username__in={e.data["to"] for e in events})}
    rows = []
    for event in events:
        ticket = tickets[event.ticket_id]
        params = _ticket_params(ticket, event)
        template = _WATCHER_TEMPLATES[event.kind]
        if what == "escalation":
            person = people.get(event.data["to"])
            recipients, channels = ([person] if person else []), (Channel.INAPP, Channel.EMAIL, Channel.SMS)
        elif what == "breach":
            recipients, channels = [holder(ticket)], (Channel.INAPP, Channel.EMAIL)
        else:
            recipients, channels = [holder(ticket)], (Channel.INAPP,)
        rows += staff_messages(recipients, template, params, channels=channels, ticket=ticket, caused_by=event, now=event.at)
    notify(rows)


def notify_emergency(ticket: Ticket, event: TicketEvent, people: list[Staff]) -> None:
    params = {**_ticket_params(ticket, event), "content": ticket.content[:100], "at": event.at.isoformat()}
    notify(
        staff_messages(
            people, "emergency", params, channels=(Channel.INAPP, Channel.SMS), ticket=ticket, caused_by=event, now=event.at
        )
    )


def notify_late(ticket: Ticket, event: TicketEvent, steward: Staff | None) -> None:
    params = _ticket_params(ticket, event)
    channel, _address = preferred_address(ticket.customer, ticket.contact_phone)
    if channel == Channel.EMAIL:  # the customer asked for e-mail
        rows = customer_messages(ticket.customer, "late_customer", params, ticket=ticket, caused_by=event, now=event.at)
    else:  # a text to the number given for this request, where the engineer will call
        phone = ticket.contact_phone
        rows = customer_message(ticket.customer, phone, "late_customer", params, ticket=ticket, caused_by=event, now=event.at)
    if steward is not None:
        rows += staff_messages([steward], "late_steward", params, channels=(Channel.INAPP,), ticket=ticket, caused_by=event, now=event.at)
    notify(rows)
