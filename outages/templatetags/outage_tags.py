from django import template
from django.utils import timezone

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
