"""Planned outages (C6): who is affected, announcing in advance, linking requests in the window."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core import customer_text
from core.db.compiled import Compiled, Param
from core.errors import Conflict, InvalidInput
from customers.models import Customer, Premises
from notifications.models import Notification
from notifications.services import customer_messages, notify
from outages.models import Outage, OutageKind, OutageTicket
from tickets.models import Ticket


def _premises_filter(outage: Outage, prefix: str = "") -> Q:
    condition = Q(**{f"{prefix}community__in": outage.communities.all()})
    if outage.building_list:
        condition &= Q(**{f"{prefix}building__in": outage.building_list})
    return condition


@transaction.atomic
def plan_outage(
    *, kind: str, communities: list, buildings: str, starts_at: datetime, ends_at: datetime, reason: str, actor: Staff
) -> Outage:
    """Enter a planned outage; it is announced separately (announce_outage), once checked."""
    errors = {}
    if kind not in OutageKind.values:
        errors["kind"] = _("Unknown kind of outage.")
    if not communities:
        errors["communities"] = _("Choose at least one community.")
    if starts_at is None:
        errors["starts_at"] = _("Enter a date and time.")
    if ends_at is None:
        errors["ends_at"] = _("Enter a date and time.")
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("The outage must end after it starts.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Give the reason the customers will read.")
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)
    # J1: every affected customer reads the reason; forbidden phrases are refused before saving.
    customer_text.check(reason, field="reason", actor=actor)
    outage = Outage.objects.create(
        kind=kind,
        buildings=(buildings or "").strip()[:200],
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason[:200],
        created_by=actor,
    )
    outage.communities.set(communities)
    return outage


def affected_customers(outage: Outage):
    """Every customer with premises in the outage's communities (and buildings, if given)."""
    premises = Premises.objects.filter(_premises_filter(outage))
    return (
        Customer.objects.filter(pk__in=premises.values("customer_id"))
        .select_related("contact_preference")
        .prefetch_related("phones")
        .order_by("pk")
    )


@transaction.atomic
def announce_outage(outage: Outage, *, actor: Staff) -> list[Notification]:
    """Tell every affected customer, once, before the outage starts, through their preferred
    channel (notifications.ContactPreference: e-mail, or SMS to the preferred or primary
    phone). Each message is an outbox row, delivered by the worker and kept with its delivery
    state; a customer with no phone and no e-mail is skipped."""
    outage = Outage.objects.select_for_update().get(pk=outage.pk)
    if outage.announced_at is not None:
        raise Conflict(_("This outage has already been announced."))
    now = timezone.now()
    if outage.starts_at <= now:
        raise InvalidInput(_("An outage is announced before it starts."), fields={"starts_at": _("Already started.")})
    params = {
        "outage": outage.pk,
        "outage_kind": outage.kind,
        "starts_at": outage.starts_at.isoformat(),
        "ends_at": outage.ends_at.isoformat(),
        "reason": outage.reason,
    }
    rows = []
    for customer in affected_customers(outage):
        rows += customer_messages(customer, "outage", params, outage=outage, now=now)
    outage.announced_at, outage.announced_by = now, actor
    outage.save(update_fields=["announced_at", "announced_by"])
    return notify(rows)


# Compiled once: read at every intake.
_RUNNING = Compiled(
    lambda: Outage.objects.filter(
        announced_at__isnull=False,
        starts_at__lte=Param("when", Outage._meta.get_field("starts_at")),
        ends_at__gte=Param("when", Outage._meta.get_field("ends_at")),
    )
)


def outages_at(premises: Premises | None, when: datetime):
    """Announced outages covering these premises at this moment."""
    if premises is None:
        return []
    # The outages running at this moment first (a plain read of the window's index, most often
    # none), then which of them cover the community: at every intake this costs less than the
    # join through the communities with DISTINCT (issue 19).
    running = _RUNNING.all(when=when)
    if not running:
        return []
    covering = set(
        Outage.communities.through.objects.filter(
            outage_id__in=[o.pk for o in running], community_id=premises.community_id
        ).values_list("outage_id", flat=True)
    )
    candidates = [o for o in running if o.pk in covering]
    # Few outages run at once: the building list is checked here rather than parsed in SQL.
    return [o for o in candidates if not o.building_list or premises.building in o.building_list]


def link_ticket(ticket: Ticket) -> list[OutageTicket]:
    """At intake: link a request from an affected customer during the window to the outage."""
    return [
        OutageTicket.objects.get_or_create(outage=outage, ticket=ticket)[0]
        for outage in outages_at(ticket.premises, ticket.received_at)
    ]
