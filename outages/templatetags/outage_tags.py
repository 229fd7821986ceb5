from django import template
from django.utils import timezone

from outages import access
from outages.models import OutageTicket
from outages.services import outages_at

register = template.Library()


@register.filter
def current_outages(customer) -> list:
    """Announced outages running now at any of the customer's premises: the agent sees at
    intake that the call is probably about it."""
    now = timezone.now()
    found = {}
    for premises in customer.premises.all():
        for outage in outages_at(premises, now):
            found[outage.pk] = outage
    return list(found.values())


@register.filter
def linked_outages(ticket) -> list:
    """The outages a request was linked to at intake (received from an affected customer during
    the window): the ticket page shows them beside the request."""
    return [link.outage for link in OutageTicket.objects.filter(ticket=ticket).select_related("outage")]


@register.filter
def can_manage_outages(user) -> bool:
    """The outage screens belong to the menu of time-bound promises (C6)."""
    return access.can_manage_outages(user)
