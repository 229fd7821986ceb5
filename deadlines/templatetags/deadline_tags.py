from datetime import timedelta

from django import template

from core.formats import duration
from deadlines import access

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
def deadline_state(deadline, now=None):
    """Deadline.state_at for a template: {% with st=d|deadline_state %}."""
    return deadline.state_at(now)
