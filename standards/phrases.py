"""Filling a standard phrase's variables for the person using it and the request at hand (J2)."""

import re

from django.conf import settings
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from customers.names import honorific

VARIABLES = {
    "company": _("company name"),
    "hotline": _("service hotline"),
    "work_number": _("your work number"),
    "agent": _("your name"),
    "honorific": _("the customer's honorific, e.g. 王先生"),
    "ticket": _("the ticket number"),
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def unknown_variables(text: str) -> list[str]:
    return sorted({name for name in _PLACEHOLDER.findall(text) if name not in VARIABLES})


def values_for(actor, ticket=None) -> dict[str, str]:
    """What the variables read for `actor` speaking about `ticket` (or to a caller not yet known).
    The phrases are said to customers in Chinese, whatever language the agent's screen is in."""
    with translation.override(settings.LANGUAGE_CODE):
        return _values(actor, ticket)


def _values(actor, ticket) -> dict[str, str]:
    values = {
        "company": settings.KEFU_COMPANY_NAME,
        "hotline": settings.KEFU_HOTLINE,
        "work_number": getattr(actor, "work_number", "") or "",
        "agent": actor.display_name if actor is not None else "",
        "honorific": str(_("Sir or Madam")),
        "ticket": "",
    }
    if ticket is not None:
        values["ticket"] = ticket.number
        if ticket.customer_id:
            values["honorific"] = str(ticket.customer.honorific)
        elif ticket.contact_name:
            values["honorific"] = str(honorific(ticket.contact_name, "unknown"))
    return values


def fill(text: str, values: dict[str, str]) -> str:
    """Known variables replaced; anything else in braces stays as typed."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def fill_marked(text: str, values: dict[str, str], name: str) -> str:
    """`fill` as HTML, with the variable `name` in a span the page can change later: the intake
    screen's scripts are shown before the caller is known, and say 王先生 once the card is picked."""
    parts = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append(escape(text[last : match.start()]))
        value = values.get(match.group(1), match.group(0))
        if match.group(1) == name:
            parts.append(format_html('<span data-var="{}" data-default="{}">{}</span>', name, value, value))
        else:
            parts.append(escape(value))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


SAMPLE_VALUES = {
    "company": "亚美物业",
    "hotline": "400-826-5858",
    "work_number": "KF101",
    "agent": "孙丽",
    "honorific": "王先生",
    "ticket": "GD20261203-0001",
}
