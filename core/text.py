"""Free text as people type it: trimmed, required or not, bounded, refused with a field message."""

from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

MAX_TEXT = 2000


def clean_text(value: str | None, field: str, *, required: bool = True, max_length: int = MAX_TEXT) -> str:
    text = (value or "").strip()
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
}


def _field_label(field: str) -> str:
    return str(_FIELD_LABELS.get(field, field))
