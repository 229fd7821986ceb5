"""验收 (B4): the customer's acceptance of the finished work — accepted, or not accepted with a
reason — with who confirmed it and how (on site, by phone, on the portal). Not accepted sends
the work back: the ticket reopens to the department that did it, with a fresh round of promises."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import Conflict, Forbidden, InvalidInput
from core.text import clean_text
from tickets.actions import reopen_ticket
from tickets.actions._common import lock
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event
from workorders.access import may_record_acceptance
from workorders.models import Acceptance, AcceptanceMethod

REFUSED_CAUSE = "acceptance_refused"  # tickets.timeline.REOPEN_CAUSES, registered in WorkordersConfig


@transaction.atomic
def record_acceptance(
    ticket: Ticket,
    *,
    accepted: bool,
    method: str,
    actor: Staff | None,
    confirmed_by: str = "",
    reason: str = "",
) -> Acceptance:
    """Record the verdict on this round's work. `actor` None is the customer on the portal."""
    ticket = lock(ticket)
    if not isinstance(accepted, bool):
        raise InvalidInput(_("Say whether the work is accepted."), fields={"accepted": _("Must be true or false.")})
    if method not in AcceptanceMethod.values:
        raise InvalidInput(_("Say how the customer confirmed."), fields={"method": _("Not an allowed value.")})
    if (actor is None) != (method == AcceptanceMethod.PORTAL):
        # The portal's acceptance is the customer's own click; staff record what they heard or saw.
        raise InvalidInput(
            _("Staff record an acceptance given on site or by phone."), fields={"method": _("Not an allowed value.")}
        )
    if ticket.status != Status.RESOLVED:
        raise Conflict(_("The customer accepts the work once it is resolved, before the ticket is closed."))
    if actor is not None and not may_record_acceptance(ticket, actor):
        raise Forbidden(_("Only customer service or the department that did the work records the acceptance."))
    reason = clean_text(reason, "reason", required=not accepted, max_length=500)
    confirmed_by = clean_text(confirmed_by or ticket.contact_name, "confirmed_by", max_length=50)
    if Acceptance.objects.filter(ticket=ticket, round=ticket.reopen_count).exists():
        raise Conflict(_("The acceptance of this work is recorded already."))
    now = timezone.now()
    acceptance = Acceptance.objects.create(
        ticket=ticket,
        round=ticket.reopen_count,
        accepted=accepted,
        reason=reason,
        confirmed_by=confirmed_by,
        method=method,
        recorded_by=actor,
        recorded_at=now,
    )
    record_event(
        ticket,
        EventKind.ACCEPTANCE,
        actor=actor,
        at=now,
        accepted=accepted,
        reason=reason,
        confirmed_by=confirmed_by,
        method=method,
    )
    if not accepted:
        reopen_ticket(ticket, reason=reason, actor=_sender_back(ticket, actor), cause=REFUSED_CAUSE)
    return acceptance


def _sender_back(ticket: Ticket, actor: Staff | None) -> Staff:
    """Who sends the work back: the recorder when customer service, else the request's
    first-contact owner (首问负责制), on whose behalf the department or the portal reported it."""
    for person in (actor, ticket.owner):
        if person is not None and person.is_active and person.takes_requests:
            return person
    raise Conflict(_("The request's owner no longer takes requests: transfer it first, then record this."))


def acceptance_of(ticket: Ticket, among: list[Acceptance] | None = None) -> Acceptance | None:
    """The verdict on the current round's work, if given. `among`: the ticket's acceptances, when
    the caller has read them already (one per round: acceptance_once_per_round)."""
    if among is not None:
        return next((a for a in among if a.round == ticket.reopen_count), None)
    return Acceptance.objects.filter(ticket=ticket, round=ticket.reopen_count).first()
