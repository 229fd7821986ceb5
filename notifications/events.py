"""Which event tells whom: the watcher's warnings, breaches and escalations, emergencies at
intake and engineers running late. Each function runs inside the transaction of its events."""

from datetime import datetime

from django.conf import settings
from django.db import connection

from accounts.models import Role, Staff
from deadlines.escalation import DUTY_ENGINEERS, emergency_recipients, on_duty
from deadlines.watcher import ids_in
from notifications.models import Channel, Notification, State
from notifications.services import customer_message, notify, preferred_address, staff_messages
from tickets.models import EventKind, Ticket, TicketEvent, holder_sql
from tickets.timeline import record_event

# Who watches the incoming work at the desk (A1): the agents, the night staff and the supervisors.
DESK_ROLES = (Role.AGENT, Role.NIGHT_DUTY, Role.SUPERVISOR)


def _ticket_params(ticket: Ticket, event: TicketEvent) -> dict:
    return {"number": ticket.number, "address": ticket.contact_address, **event.data}


# Who is told, and how, of each kind of watcher event: the holder of the work (one rule,
# tickets.models.holder_sql); an escalation goes to the person it reached.
def _holder(pg: bool) -> str:
    kind = "e.data ->> 'deadline'" if pg else "json_extract(e.data, '$.deadline')"
    return f"s.id = {holder_sql('t', kind_sql=kind)}"


_WATCHER_MESSAGES = {
    "breach": ("deadline_breached", (Channel.INAPP, Channel.EMAIL)),
    "warning": ("deadline_warning", (Channel.INAPP,)),
    "escalation": ("escalated", (Channel.INAPP, Channel.EMAIL, Channel.SMS)),
}


def notify_watcher_events(what: str, event_ids: list[int]) -> None:
    """A warning and a breach go to the person holding the work (in-app; a breach by e-mail
    too); an escalation to the person it reaches, by every channel they have.

    Someone who would get more than KEFU_DIGEST_AFTER of one kind from the same batch gets one
    summary instead (`<template>_digest`: how many, the first ticket numbers, every causing event
    in params["events"], the first as caused_by). A watcher back after an outage, or a morning
    when a night's backlog falls due, must not send an engineer 250 e-mails and a supervisor 250
    texts; the overdue board lists every ticket. Everyone else gets one message per event, as
    the batch's events are recorded.

    The per-event rows are those `staff_messages` makes (in-app sent on writing, e-mail and SMS
    pending and only where the person has an address; params = the ticket's number and address
    and the event's data), written by one INSERT … SELECT from the events just recorded joined
    to their tickets and recipients. A burst of breaches writes thousands of rows a pass, and
    building a model instance per row cost most of the pass (issue 3, point 8).
    """
    if not event_ids:
        return
    template, channels = _WATCHER_MESSAGES[what]
    pg = connection.vendor == "postgresql"
    if what == "escalation":
        recipient = "s.username = " + ("e.data ->> 'to'" if pg else "json_extract(e.data, '$.to')")
    else:
        recipient = _holder(pg)
    joined = (
        f'FROM "{TicketEvent._meta.db_table}" e JOIN "{Ticket._meta.db_table}" t ON t.id = e.ticket_id '
        f'JOIN "{Staff._meta.db_table}" s ON {recipient}'
    )
    events_in, events_params = ids_in("e.id", event_ids)
    if len(event_ids) > settings.KEFU_DIGEST_AFTER:  # fewer events cannot flood anyone: no counting
        # Who gets how many: (event, recipient, ticket number) for the batch, ints and short strings.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT e.id, s.id, t.number {joined} WHERE {events_in} ORDER BY e.id", events_params)
            recipients = cursor.fetchall()
        per_person: dict[int, list[tuple[int, str]]] = {}
        for event_id, staff_id, number in recipients:
            per_person.setdefault(staff_id, []).append((event_id, number))
        flooded = {staff_id: got for staff_id, got in per_person.items() if len(got) > settings.KEFU_DIGEST_AFTER}
        if flooded:
            event_ids = [event_id for event_id, staff_id, _number in recipients if staff_id not in flooded]
            _digests(f"{template}_digest", channels, flooded)
            if not event_ids:
                return
            events_in, events_params = ids_in("e.id", event_ids)
    # {"number": …, "address": …, **event.data}, as _ticket_params makes it.
    params = (
        "jsonb_build_object('number', t.number, 'address', t.contact_address) || e.data"
        if pg
        else "json_patch(json_object('number', t.number, 'address', t.contact_address), e.data)"
    )
    address = f"CASE c.channel WHEN '{Channel.EMAIL}' THEN s.email WHEN '{Channel.SMS}' THEN s.phone ELSE '' END"
    inapp = f"c.channel = '{Channel.INAPP}'"
    every_channel = " UNION ALL ".join(
        f"SELECT '{channel}' AS channel, {position} AS position" for position, channel in enumerate(channels)
    )
    table = Notification._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO "{table}" ("staff_id", "customer_id", "channel", "address", "template", "params",
                "ticket_id", "caused_by_id", "state", "attempts", "next_attempt_at", "last_error", "claim",
                "created_at", "sent_at", "read_at")
            SELECT s.id, NULL, c.channel, {address}, %s, {params},
                t.id, e.id, CASE WHEN {inapp} THEN '{State.SENT}' ELSE '{State.PENDING}' END, 0, e.at, '', '',
                e.at, CASE WHEN {inapp} THEN e.at END, NULL
            {joined}
            CROSS JOIN ({every_channel}) c
            WHERE {events_in} AND ({inapp} OR COALESCE({address}, '') <> '')
            ORDER BY e.id, c.position
            """,
            [template, *events_params],
        )


# A summary names this many tickets; the rest are counted ("… and 240 more").
DIGEST_NUMBERS = 20


def _digests(template: str, channels: tuple[str, ...], flooded: dict[int, list[tuple[int, str]]]) -> None:
    """One summary per person and channel for the events in `flooded` (staff id → [(event id,
    ticket number)] in event order), written at the events' time."""
    first_event = min(got[0][0] for got in flooded.values())
    at = TicketEvent.objects.values_list("at", flat=True).get(pk=first_event)  # one `at` per batch
    people = Staff.objects.in_bulk(flooded)
    rows = []
    for staff_id, got in flooded.items():
        params = {
            "count": len(got),
            "numbers": [number for _event_id, number in got[:DIGEST_NUMBERS]],
            "events": [event_id for event_id, _number in got],
        }
        for row in staff_messages([people[staff_id]], template, params, channels=channels, now=at):
            row.caused_by_id = got[0][0]
            rows.append(row)
    notify(rows)


def notify_emergency(ticket: Ticket, event: TicketEvent, people: list[Staff]) -> None:
    params = {**_ticket_params(ticket, event), "content": ticket.content[:100], "at": event.at.isoformat()}
    notify(
        staff_messages(
            people,
            "emergency",
            params,
            channels=(Channel.INAPP, Channel.SMS),
            ticket=ticket,
            caused_by=event,
            now=event.at,
        )
    )


def notify_late(ticket: Ticket, event: TicketEvent, steward: Staff | None) -> None:
    params = _ticket_params(ticket, event)
    channel, address = preferred_address(ticket.customer, ticket.contact_phone)
    if channel != Channel.EMAIL:  # unless the customer asked for e-mail: a text to the number given
        channel, address = Channel.SMS, ticket.contact_phone  # for this request, where the engineer will call
    rows = customer_message(
        ticket.customer,
        "late_customer",
        params,
        channel=channel,
        address=address,
        ticket=ticket,
        caused_by=event,
        now=event.at,
    )
    if steward is not None:
        rows += staff_messages(
            [steward], "late_steward", params, channels=(Channel.INAPP,), ticket=ticket, caused_by=event, now=event.at
        )
    notify(rows)


def alert_emergency(ticket: Ticket, *, at: datetime) -> list[Staff]:
    """Escalate an emergency at intake, in the intake's transaction: the timeline shows who was
    told, and their messages go out from the outbox once the ticket is committed."""
    people = emergency_recipients(ticket, at=at)
    if not people:
        return []
    event = record_event(
        ticket,
        EventKind.ESCALATED,
        at=at,
        emergency=True,
        level=0,
        to=[person.username for person in people],
        to_names=[person.display_name for person in people],
    )
    notify_emergency(ticket, event, people)
    return people


def notify_dispatched(ticket: Ticket, event: TicketEvent) -> None:
    """B1, A7: the engineer the work is given to hears of it at once (in-app and SMS). Work given
    to the department alone goes to its engineers on duty when the roster (排班) says who they are,
    with the head; without a roster, to the head's inbox. An emergency goes by SMS too, and with no
    roster to every active member, since nobody may wait for someone to share it out."""
    if ticket.assignee_id:
        notify_assigned(ticket, event, [ticket.assignee])
        return
    department = ticket.department
    on_shift = on_duty(DUTY_ENGINEERS, at=event.at, department=department)
    head = [department.head] if department.head_id and department.head.is_active else []
    if on_shift:
        people = [*on_shift, *(h for h in head if h not in on_shift)]
    elif ticket.is_emergency:
        people = list(Staff.objects.filter(department=department, is_active=True).order_by("work_number"))
    else:
        people = head
    channels = (Channel.INAPP, Channel.SMS) if ticket.is_emergency or on_shift else (Channel.INAPP,)
    params = {**_dispatch_params(ticket, event), "department": department.name}
    notify(
        staff_messages(
            people, "dispatched_department", params, channels=channels, ticket=ticket, caused_by=event, now=event.at
        )
    )


def notify_assigned(ticket: Ticket, event: TicketEvent, people: list[Staff]) -> None:
    notify(
        staff_messages(
            people,
            "dispatched",
            _dispatch_params(ticket, event),
            channels=(Channel.INAPP, Channel.SMS),
            ticket=ticket,
            caused_by=event,
            now=event.at,
        )
    )


def _dispatch_params(ticket: Ticket, event: TicketEvent) -> dict:
    return {"number": ticket.number, "address": ticket.contact_address, "content": ticket.content[:100]}


def alert_desk(ticket: Ticket) -> None:
    """A request filed online (A1, C3): everyone at the desk sees it in their bell at once."""
    people = list(
        Staff.objects.filter(is_active=True, role__in=DESK_ROLES).exclude(pk=ticket.owner_id).order_by("work_number")
    )
    people.insert(0, ticket.owner)
    params = {"number": ticket.number, "address": ticket.contact_address, "content": ticket.content[:100]}
    notify(
        staff_messages(
            people, "online_request", params, channels=(Channel.INAPP,), ticket=ticket, now=ticket.created_at
        )
    )
