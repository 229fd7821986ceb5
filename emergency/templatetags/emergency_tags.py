"""The emergency box of the ticket page: the plan the ticket suggests, one click to start it,
and the activations already running for it."""

from django import template

from emergency import access
from emergency.models import Plan
from emergency.plans import suggest_plan
from emergency.selectors import running_for_ticket
from tickets.vocabulary import Category

register = template.Library()

# Tickets whose page offers to start a plan: alarms, and complaints that may turn major.
OFFERED_FOR = (Category.EMERGENCY, Category.COMPLAINT)


@register.inclusion_tag("emergency/_ticket_box.html", takes_context=True)
def emergency_box(context, ticket):
    user = context["user"]
    activations = running_for_ticket(ticket)
    offer = access.can_activate(user) and ticket.is_open and ticket.category in OFFERED_FOR
    suggested = suggest_plan(ticket) if offer else None
    return {
        "ticket": ticket,
        "activations": activations,
        "offer": offer,
        "suggested": suggested,
        "plans": list(Plan.objects.current().order_by("code")) if offer else [],
        "csrf_token": context.get("csrf_token"),
    }
