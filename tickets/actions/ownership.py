"""Transfer (A5): the only way first-contact ownership moves, and it is always on the timeline."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import InvalidInput
from core.text import clean_text
from tickets.actions._common import lock
from tickets.models import EventKind, Ticket
from tickets.timeline import record_event
from tickets.transitions import check_transition


@transaction.atomic
def transfer_ticket(ticket: Ticket, *, owner: Staff, actor: Staff, reason: str = "") -> Ticket:
    ticket = lock(ticket)
    check_transition(ticket, "transfer", actor)
    reason = clean_text(reason, "reason", required=False, max_length=500)
    if not owner.is_active or not owner.takes_requests:
        raise InvalidInput(
            _("%(name)s cannot own requests; choose customer-service staff.") % {"name": owner.display_name},
            fields={"owner": _("Not customer-service staff.")},
        )
    if owner.pk == ticket.owner_id:
        return ticket
    now = timezone.now()
    previous = ticket.owner
    ticket.owner = owner
    ticket.updated_at = now
    ticket.save(update_fields=["owner", "updated_at"])
    record_event(
        ticket,
        EventKind.TRANSFERRED,
        actor=actor,
        at=now,
        from_owner=previous.username,
        from_name=previous.display_name,
        to_owner=owner.username,
        to_name=owner.display_name,
        reason=reason,
    )
    return ticket
