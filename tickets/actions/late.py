"""Running late (B2): the engineer who cannot arrive on time says so, with a reason and a new
time; the customer and the area steward (管家) are told, and the timeline keeps it."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import Forbidden, IllegalTransition, InvalidInput
from core.text import clean_text
from notifications.events import notify_late
from tickets.actions._common import lock
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event
from tickets.transitions import TRANSITIONS

# A new arrival time further out than this is a typo, not a delay.
MAX_DELAY = timedelta(days=30)
LATE_STATUSES = frozenset({Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS})


def may_report_late(ticket: Ticket, user: Staff) -> bool:
    """The department doing the work, the owner and the leads: whoever may put it on hold."""
    return ticket.status in LATE_STATUSES and TRANSITIONS["hold"].allowed(ticket, user)


def area_steward(ticket: Ticket) -> Staff | None:
    """The steward of the area the work is in (F4), if the premises are known."""
    premises = ticket.premises
    area = premises.community.area if premises is not None else None
    steward = area.steward if area is not None else None
    return steward if steward is not None and steward.is_active else None


@transaction.atomic
def report_late(ticket: Ticket, *, reason: str, new_eta: datetime | None, actor: Staff) -> Ticket:
    ticket = lock(ticket)
    if ticket.status not in LATE_STATUSES:
        raise IllegalTransition(
            _("Cannot report a delay on a ticket that is %(status)s.") % {"status": ticket.get_status_display()}
        )
    if not may_report_late(ticket, actor):
        raise Forbidden(_("You may not report a delay on this ticket."))
    reason = clean_text(reason, "reason", max_length=500)
    now = timezone.now()
    if new_eta is None:
        raise InvalidInput(_("Give the new arrival time."), fields={"new_eta": _("Required.")})
    if new_eta <= now or new_eta > now + MAX_DELAY:
        raise InvalidInput(
            _("The new arrival time must be in the next 30 days."), fields={"new_eta": _("Not in the next 30 days.")}
        )
    steward = area_steward(ticket)
    event = record_event(
        ticket,
        EventKind.LATE_REPORTED,
        actor=actor,
        at=now,
        reason=reason,
        new_eta=new_eta.isoformat(),
        # Who is told, as data: the honorific is worded (and translated) when shown.
        customer=ticket.customer_id,
        contact=ticket.contact_name,
        steward=steward.username if steward else "",
        steward_name=steward.display_name if steward else "",
    )
    notify_late(ticket, event, steward)  # outbox rows in this transaction: sent after commit
    ticket.updated_at = now
    ticket.save(update_fields=["updated_at"])
    return ticket
