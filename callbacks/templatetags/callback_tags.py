from django import template

from callbacks.access import can_work_callbacks as _can_work_callbacks

register = template.Library()


@register.filter
def can_work_callbacks(user) -> bool:
    return _can_work_callbacks(user)
