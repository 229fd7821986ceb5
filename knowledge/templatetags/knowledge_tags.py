"""{% load knowledge_tags %}: a ticket's charges where lower templates show the ticket (the
portal's progress page), without their views knowing this app."""

from django import template

from knowledge.selectors import ticket_charges

register = template.Library()


@register.inclusion_tag("knowledge/_charges_table.html")
def charges_table(ticket, public=False):
    charges, total = ticket_charges(ticket)
    return {"ticket": ticket, "charges": charges, "total": total, "public": public}
