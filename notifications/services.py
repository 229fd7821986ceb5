"""The one notification service: every message of kefu is written here, as outbox rows in the
transaction of the event that causes it."""

from datetime import datetime

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
    customer: Customer | None, phone: str, template: str, params: dict, *, ticket=None, caused_by=None, now=None
) -> list[Notification]:
    """An SMS to the customer (the preferred channel for residents), to the number on file."""
    assert template in TEMPLATES, template
    if not phone:
        return []  # a caller known only by name: nothing to send to
    now = now or timezone.now()
    return [
        Notification(
            customer=customer,
            channel=Channel.SMS,
            address=phone,
            template=template,
            params=params,
            ticket=ticket,
            caused_by=caused_by,
            created_at=now,
            next_attempt_at=now,
        )
    ]


def notify(rows: list[Notification]) -> list[Notification]:
    """Write the outbox rows. Call it inside the transaction of the causing event."""
    return Notification.objects.bulk_create(rows)


def unread_count(staff: Staff) -> int:
    return Notification.objects.filter(staff=staff, channel=Channel.INAPP, read_at__isnull=True).count()


def mark_read(staff: Staff, *, now: datetime | None = None) -> int:
    return Notification.objects.filter(staff=staff, channel=Channel.INAPP, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
