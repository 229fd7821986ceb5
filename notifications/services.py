"""The one notification service: every message of kefu is written here, as outbox rows in the
transaction of the event that causes it."""

from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from accounts.models import Staff
from customers.models import Customer
from notifications.models import Channel, Notification, State
from notifications.templates import TEMPLATES

STAFF_CHANNELS = (Channel.INAPP, Channel.EMAIL)


def staff_messages(
    people: list[Staff],
    template: str,
    params: dict,
    *,
    channels: tuple[str, ...] = STAFF_CHANNELS,
    ticket=None,
    caused_by=None,
    now: datetime | None = None,
) -> list[Notification]:
    """Unsaved rows for staff: in-app always (delivered by being in the inbox), e-mail and SMS
    where the person has an address."""
    assert template in TEMPLATES, template
    now = now or timezone.now()
    rows = []
    for person in people:
        for channel in channels:
            address = {Channel.INAPP: "", Channel.EMAIL: person.email, Channel.SMS: person.phone}[channel]
            if channel != Channel.INAPP and not address:
                continue
            rows.append(
                Notification(
                    staff=person,
                    channel=channel,
                    address=address,
                    template=template,
                    params=params,
                    ticket=ticket,
                    caused_by=caused_by,
                    created_at=now,
                    next_attempt_at=now,
                    state=State.SENT if channel == Channel.INAPP else State.PENDING,
                    sent_at=now if channel == Channel.INAPP else None,
                )
            )
    return rows


def customer_message(
    customer: Customer | None,
    template: str,
    params: dict,
    *,
    channel: str,
    address: str,
    ticket=None,
    caused_by=None,
    outage=None,
    now=None,
) -> list[Notification]:
    """One message to the customer by `channel` at `address`; none without an address (a caller
    known only by name)."""
    assert template in TEMPLATES, template
    if not channel or not address:
        return []
    now = now or timezone.now()
    return [
        Notification(
            customer=customer,
            channel=channel,
            address=address,
            template=template,
            params=params,
            ticket=ticket,
            caused_by=caused_by,
            outage=outage,
            created_at=now,
            next_attempt_at=now,
        )
    ]


def preferred_address(customer: Customer | None, fallback_phone: str = "") -> tuple[str, str]:
    """(channel, address) a customer is told by: their preference where it has an address, else
    an SMS to the preferred number, the primary phone, or `fallback_phone` (the number on the
    ticket). ("", "") when there is nothing to send to. Reads `contact_preference` and `phones`,
    which callers announcing to many customers prefetch."""
    preference = None
    if customer is not None:
        try:
            preference = customer.contact_preference
        except ObjectDoesNotExist:
            preference = None
    if preference is not None and preference.channel == Channel.EMAIL and preference.email:
        return Channel.EMAIL, preference.email
    phone = preference.phone if preference is not None and preference.phone else ""
    if not phone and customer is not None:
        phones = list(customer.phones.all())  # ordered primary first
        phone = phones[0].number if phones else ""
    phone = phone or fallback_phone
    return (Channel.SMS, phone) if phone else ("", "")


def customer_messages(
    customer: Customer | None,
    template: str,
    params: dict,
    *,
    fallback_phone: str = "",
    ticket=None,
    caused_by=None,
    outage=None,
    now=None,
) -> list[Notification]:
    """One message to the customer on their preferred channel (preferred_address)."""
    channel, address = preferred_address(customer, fallback_phone)
    return customer_message(
        customer,
        template,
        params,
        channel=channel,
        address=address,
        ticket=ticket,
        caused_by=caused_by,
        outage=outage,
        now=now,
    )


def notify(rows: list[Notification]) -> list[Notification]:
    """Write the outbox rows. Call it inside the transaction of the causing event."""
    return Notification.objects.bulk_create(rows)


def unread_count(staff: Staff) -> int:
    return Notification.objects.filter(staff=staff, channel=Channel.INAPP, read_at__isnull=True).count()


def mark_read(staff: Staff, *, now: datetime | None = None) -> int:
    return Notification.objects.filter(staff=staff, channel=Channel.INAPP, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
