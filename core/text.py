"""Free text as people type it: what it may contain, trimmed, required or not, bounded, refused
with a field message.

Control characters (NUL above all: PostgreSQL refuses it, so it answered 500) and lone surrogates
(no UTF-8 encoding) are refused for every way in, once, by guards.middleware; tab, line feed and
carriage return are ordinary typing. Invisible characters at either end do not count as content
(here and in the API's Text() fields).
"""

import re

from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

MAX_TEXT = 2000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Invisible characters that str.strip() keeps: zero-width space, joiners, word joiner, BOM.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def has_control(value: str) -> bool:
    return CONTROL.search(value) is not None


def trim(value: str) -> str:
    """Blanks and invisible characters off both ends: "\u200b\u200b" is no content."""
    previous = None
    while previous != value:
        previous, value = value, value.strip().strip(INVISIBLE)
    return value


def clean_text(value: str | None, field: str, *, required: bool = True, max_length: int = MAX_TEXT) -> str:
    text = trim(value or "")
    if required and not text:
        raise InvalidInput(
            _("Please fill in %(field)s.") % {"field": _field_label(field)}, fields={field: _("Required.")}
        )
    if len(text) > max_length:
        raise InvalidInput(
            _("%(field)s is too long (at most %(max)s characters).")
            % {"field": _field_label(field), "max": max_length},
            fields={field: _("At most %(max)s characters.") % {"max": max_length}},
        )
    return text


_FIELD_LABELS = {
    "content": _("the request"),
    "result": _("the result"),
    "answer": _("the answer"),
    "reason": _("the reason"),
    "note": _("the note"),
    "text": _("the note"),
    "name": _("the name"),
    "place": _("the place"),
    "told": _("who was told"),
    "description": _("the description"),
    "title": _("the title"),
    "resources": _("the resources"),
    "cause": _("the cause"),
    "advice": _("the advice"),
    "went_well": _("what went well"),
    "unit": _("the unit"),
    "tracking_number": _("the tracking number"),
    "to_improve": _("what to improve"),
    "tags": _("the tags"),
    "steps": _("the steps"),
    "solution": _("the solution"),
    "situation": _("the situation"),
    "scope": _("the scope"),
    "scenario": _("the scenario"),
    "route": _("the route"),
    "revision_note": _("the revision note"),
    "reference": _("the reference"),
    "phrase": _("the phrase"),
    "override_reason": _("the reason for sending anyway"),
    "notices": _("the notices"),
    "named_person": _("the named person"),
    "keywords": _("the keywords"),
    "goal": _("the goal"),
    "findings": _("the findings"),
    "confirmed_by": _("who confirmed"),
    "code": _("the code"),
    "card_number": _("the card number"),
    "by": _("who handled it"),
    "borrower": _("the borrower"),
    "body": _("the text"),
    "authorised": _("the authorised person"),
}


def _field_label(field: str) -> str:
    # Never the machine's field name in a sentence a person reads: "请填写place。" was one.
    return str(_FIELD_LABELS.get(field, _("this field")))
