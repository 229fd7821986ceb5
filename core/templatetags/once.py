"""{% form_token %}: a one-time token in a form, so that submitting the page twice records once
(guards.middleware.OneTimeFormMiddleware keeps the first answer)."""

from uuid import uuid4

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return format_html('<input type="hidden" name="form_token" value="{}">', uuid4().hex)
