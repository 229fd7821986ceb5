from datetime import timedelta

from django import template

from deadlines import access
from tickets.templatetags.kefu import duration

register = template.Library()


@register.filter
def minutes_text(minutes: int) -> str:
    """A commitment's allowed time as an agent reads it: 30分, 6小时0分, 2天0小时."""
    return duration(timedelta(minutes=minutes or 0))


@register.filter
def can_see_overdue_board(user) -> bool:
    return access.can_see_overdue_board(user)


@register.filter
def can_read_commitments(user) -> bool:
    return access.can_read_commitments(user)


@register.filter
def can_manage_outages(user) -> bool:
    """The outage screens belong to the same menu of time-bound promises (C6)."""
    from outages.access import can_manage_outages as allowed

    return allowed(user)
