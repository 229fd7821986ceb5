"""Recording a request (受理): the agent who records it owns it to the end (首问负责制, A5)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.db.compiled import Insert, New, execute, prepared
from core.errors import Forbidden, InvalidInput
from core.moments import check_moment
from core.phones import is_valid_phone, normalize_phone
from core.text import clean_text
from customers.models import Customer, Premises
from customers.selectors import first_premises
from deadlines.services import create_deadlines, policies_for_ticket
from notifications.events import alert_emergency
from tickets import signals
from tickets.models import Category, Channel, EventKind, Priority, RequestSubtype, Ticket, TicketSequence
from tickets.search import token_text
from tickets.timeline import record_event

# Both databases quote identifiers with double quotes.
_BUMP_SEQUENCE = f'UPDATE "{TicketSequence._meta.db_table}" SET "last" = "last" + 1 WHERE "day" = %s RETURNING "last"'

# The row is written once, with the id taken beforehand (_new_ticket_id): its INSERT made once.
_INSERT_TICKET = Insert(Ticket, with_pk=True)
_NEW_TICKET = New(Ticket)

# The codes intake accepts; Choices.values builds its list anew at every call.
_CATEGORIES, _CHANNELS, _PRIORITIES = frozenset(Category.values), frozenset(Channel.values), frozenset(Priority.values)

# A letter entered today may carry yesterday's date; a date in the future is a typo.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass
class Contact:
    name: str = ""
    phone: str = ""
    address: str = ""


def next_number(day) -> str:
    """GDyyyymmdd-NNNN, unique under concurrent intake on both databases.

    The UPDATE takes the day row's lock until our transaction ends, so two intakes cannot read
    the same value; RETURNING gives the value in the same statement (SQLite ≥ 3.35 and
    PostgreSQL; Django 5.2's update() cannot return). The first intake of a day creates the row,
    and a racing second one falls back to the UPDATE after the unique key makes its INSERT fail.
    """
    connection = connections[DEFAULT_DB_ALIAS]  # once: each use of django.db.connection looks it up
    value = connection.ops.adapt_datefield_value(day)
    rows = execute(connection, _BUMP_SEQUENCE, [value])
    if not rows:
        try:
            with transaction.atomic():
                TicketSequence.objects.create(day=day, last=1)
            rows = [(1,)]
        except IntegrityError:
            rows = execute(connection, _BUMP_SEQUENCE, [value])
    return f"GD{day:%Y%m%d}-{rows[0][0]:04d}"


def _new_ticket_id() -> int:
    """The id of the ticket being recorded, before its row is written. Written first with a
    provisional number and then numbered, the row was written twice, and on PostgreSQL an UPDATE
    of an indexed column adds an entry to every one of the table's indexes (22) again."""
    table = Ticket._meta.db_table
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        rows = execute(connection, "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
    else:
        # The transaction holds SQLite's write lock (BEGIN IMMEDIATE): no one else can insert
        # until we commit, so the next AUTOINCREMENT value is ours.
        rows = execute(connection, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0) + 1", [table])
    return rows[0][0]


def create_ticket(
    *,
    actor: Staff,
    category: str,
    channel: str,
    content: str,
    customer: Customer | None = None,
    contact: Contact | None = None,
    premises: Premises | None = None,
    priority: str | None = None,
    appointment_at: datetime | None = None,
    received_at: datetime | None = None,
    self_service: bool = False,
    subtype: str | None = None,
) -> Ticket:
    """Record a request, owned by `actor` (首问负责制). `self_service`: the customer filed it on the
    portal and `actor` is the desk member it was given to. `subtype`: the code of an active
    sub-type of `category` (A2), or nothing."""
    if not actor.takes_requests:
        raise Forbidden(_("Only customer-service staff record requests."))
    errors = {}
    if category not in _CATEGORIES:
        errors["category"] = _("Unknown category.")
    if channel not in _CHANNELS:
        errors["channel"] = _("Unknown channel.")
    if priority and priority not in _PRIORITIES:
        errors["priority"] = _("Unknown priority.")
    # Read only when one is given: a request without a sub-type costs no statement more.
    subtype_row = RequestSubtype.objects.filter(code=subtype).first() if subtype else None
    if subtype and (subtype_row is None or not subtype_row.is_active):
        errors["subtype"] = _("Unknown or deactivated sub-type.")
    elif subtype_row is not None and subtype_row.category != category and "category" not in errors:
        errors["subtype"] = _("This sub-type belongs to another category.")
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)
    content = clean_text(content, "content")
    contact = contact or Contact()
    contact = Contact(
        name=clean_text(contact.name, "contact.name", required=False, max_length=50),
        phone=normalize_phone(contact.phone),
        address=clean_text(contact.address, "contact.address", required=False, max_length=200),
    )
    if contact.phone and not is_valid_phone(contact.phone):
        raise InvalidInput(_("The phone number is not valid."), fields={"contact.phone": _("Not a phone number.")})
    if customer is None and not (contact.name and contact.phone):
        raise InvalidInput(
            _("Give a customer from the archive, or a contact with name and phone."),
            fields={"customer": _("Required unless a contact is given.")},
        )
    if premises is not None and customer is not None and premises.customer_id != customer.pk:
        raise InvalidInput(
            _("These premises belong to another customer."), fields={"premises": _("Not this customer's.")}
        )

    check_moment(received_at, "received_at")
    check_moment(appointment_at, "appointment_at")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + CLOCK_SKEW:
        raise InvalidInput(_("The time received cannot be in the future."), fields={"received_at": _("In the future.")})
    if appointment_at is not None and appointment_at < received_at - CLOCK_SKEW:
        raise InvalidInput(
            _("The appointment cannot be before the request."), fields={"appointment_at": _("Before the request.")}
        )
    if priority in (None, ""):
        priority = Priority.URGENT if category == Category.EMERGENCY else Priority.NORMAL

    # Fill the contact from the archive where the agent left it empty.
    if customer is not None:
        if premises is None:
            premises = first_premises(customer)
        if not contact.name:
            contact.name = customer.name
        if not contact.phone:
            if hasattr(customer, "first_phone"):  # customers.selectors.customer_for_intake read it
                contact.phone = customer.first_phone or ""
            else:
                first = customer.phones.first()
                contact.phone = first.number if first else ""
        if not contact.address and premises is not None:
            contact.address = premises.address

    # The row is written last, once, with its number (see below): its promises, first event and
    # outage links refer to the id taken in the transaction (the foreign keys are checked at commit).
    ticket = _NEW_TICKET(
        category=category,
        subtype=subtype_row,
        channel=channel,
        priority=priority,
        customer=customer,
        premises=premises,
        contact_name=contact.name,
        contact_phone=contact.phone,
        contact_address=contact.address,
        content=content,
        appointment_at=appointment_at,
        received_at=received_at,
        created_at=now,
        updated_at=now,
        owner=actor,
        created_by=actor,
        self_service=self_service,
        search_tokens=token_text(content, contact.name, contact.address, customer.name if customer else ""),
    )
    # Read before the write transaction: on SQLite every write waits while one is open.
    policies = policies_for_ticket(ticket)
    # Its statements are the same at every intake and their plans do not depend on the values.
    with prepared(), transaction.atomic():
        ticket.id = _new_ticket_id()
        deadlines = create_deadlines(ticket, start=received_at, policies=policies)
        signals.ticket_recorded.send(Ticket, ticket=ticket)  # e.g. C6: linked to a planned outage
        extra = {"subtype": subtype_row.code} if subtype_row is not None else {}
        record_event(
            ticket,
            EventKind.CREATED,
            actor=actor,
            at=now,
            channel=channel,
            category=category,
            priority=priority,
            **extra,
        )
        # The day's counter last: its row lock queues every other intake of the day until we
        # commit, so it is held for the ticket's INSERT and the commit, not for the whole intake
        # (taken first, it capped intake at ~40 a second whatever the cores; bench/README.md).
        # Still in this transaction, so a refused or failed intake uses up no number.
        ticket.number = next_number(timezone.localdate(now))
        _INSERT_TICKET([ticket])
        if ticket.is_emergency:
            alert_emergency(ticket, at=now)  # A7: at intake, not at a breach
    # The promises as written, for a caller that shows them at once (the API's response) without
    # reading them back; nothing in this transaction changes them after the INSERT.
    ticket.written_deadlines = deadlines
    return ticket
