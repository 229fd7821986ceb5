from django import template

from reports.access import can_read_reports as _can_read_reports

register = template.Library()


@register.filter
def can_read_reports(user) -> bool:
    return _can_read_reports(user)
