"""Which resolved work gets a callback, and when it is due (E1).

Called from tickets.actions.work.resolve_ticket and tickets.actions.answer.answer_ticket inside
their transaction. It imports no ticket action, so the ticket actions may import it.
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings

from callbacks.models import Callback, CallbackKind, CallbackStatus
from deadlines.models import Deadline, DeadlineKind
from deadlines.services import due_time, policies_for
from tickets.models import EventKind, Ticket, TicketEvent
from tickets.vocabulary import Category

DEFAULT_CALLBACK_MINUTES = 48 * 60  # 001 第十三条(五): "48小时内随机电话回访"

# Work that is always called back; consultations are sampled. An emergency (抢修: a burst pipe,
# a gas smell) is repair work done in a hurry: its customer gets the repair callback too.
ALWAYS = {
    Category.REPAIR: CallbackKind.REPAIR,
    Category.EMERGENCY: CallbackKind.REPAIR,
    Category.COMPLAINT: CallbackKind.COMPLAINT,
}


def sample_bucket(number: str) -> int:
    """A stable number 0-9999 for a ticket number: the same ticket is always in or out of the
    sample, whichever process resolves it, and a test can choose numbers on either side."""
    digest = hashlib.sha256(number.encode()).digest()
    return int.from_bytes(digest[:4], "big") % 10_000


def is_sampled(number: str, percent: int | None = None) -> bool:
    if percent is None:
        percent = settings.KEFU_CALLBACK_CONSULTATION_PERCENT
    return sample_bucket(number) < max(0, min(100, percent)) * 100


def callback_kind_for(ticket: Ticket) -> str | None:
    """The kind of callback this resolution calls for, or None. A supervised ticket is always
    called back: the unit stays supervised until the customer says it is satisfied (D3)."""
    if ticket.category in ALWAYS:
        return ALWAYS[ticket.category]
    if ticket.category == Category.CONSULTATION and (ticket.supervised or is_sampled(ticket.number)):
        return CallbackKind.CONSULTATION
    if ticket.supervised:
        return CallbackKind.COMPLAINT if ticket.category == Category.COMPLAINT else CallbackKind.REPAIR
    return None


def callback_minutes(ticket: Ticket) -> tuple[int, object]:
    """Minutes allowed from resolution: the `callback` commitment when there is one, else 48 h."""
    policy = policies_for(ticket.category, ticket.priority, subtype_id=ticket.subtype_id, channel=ticket.channel).get(
        DeadlineKind.CALLBACK
    )
    if policy is not None:
        return policy.minutes, policy
    return DEFAULT_CALLBACK_MINUTES, None


def schedule_callback(ticket: Ticket, *, at: datetime) -> Callback | None:
    """After resolution: queue the callback this work calls for, with its deadline row so the
    deadline watcher warns and records a breach like any other promise."""
    kind = callback_kind_for(ticket)
    if kind is None:
        return None
    # A callback of an earlier round that nobody made is superseded by this one: the customer
    # is asked once, about the work as it stands now. Done without an outcome means superseded.
    Callback.objects.filter(ticket=ticket, status=CallbackStatus.DUE, round__lt=ticket.reopen_count).update(
        status=CallbackStatus.DONE, done_at=at
    )
    minutes, policy = callback_minutes(ticket)
    calendar = policy.calendar if policy is not None else None
    due_at = due_time(at, minutes, calendar)
    # The resolve/answer event was written just before, in this transaction: its actor did the work.
    resolved_by_id = (
        TicketEvent.objects.filter(ticket=ticket, kind__in=(EventKind.RESOLVED, EventKind.ANSWERED))
        .order_by("-id")
        .values_list("actor_id", flat=True)
        .first()
    )
    callback, created = Callback.objects.get_or_create(
        ticket=ticket,
        round=ticket.reopen_count,
        defaults={
            "kind": kind,
            "customer_id": ticket.customer_id,
            "department_id": ticket.department_id,
            "resolved_by_id": resolved_by_id,
            "created_at": at,
            "due_at": due_at,
        },
    )
    if created:
        Deadline.objects.get_or_create(
            ticket=ticket,
            kind=DeadlineKind.CALLBACK,
            round=ticket.reopen_count,
            defaults={"policy": policy, "allowed_minutes": minutes, "started_at": at, "due_at": due_at},
        )
    return callback


def meet_callback_deadline(callback: Callback, *, at: datetime) -> int:
    if callback.ticket_id is None:
        return 0
    return Deadline.objects.filter(
        ticket_id=callback.ticket_id, kind=DeadlineKind.CALLBACK, round=callback.round, met_at__isnull=True
    ).update(met_at=at, paused_at=None)


def retry_delay() -> timedelta:
    return timedelta(minutes=max(1, settings.KEFU_CALLBACK_RETRY_MINUTES))
