"""The project-wide display helpers: times, durations, masked phones, filter options. Domain
helpers live with their app's own library (ticket_tags, deadline_tags, ...)."""

import html
from datetime import timedelta
from functools import lru_cache

from django import template
from django.utils.safestring import mark_safe

from core import formats
from core.phones import mask_phone

register = template.Library()


@register.filter(expects_localtime=True)
def minute(value) -> str:
    return formats.minute(value)


@register.filter
def duration(value: timedelta) -> str:
    return formats.duration(value)


@register.filter
def masked(number: str) -> str:
    return mask_phone(number or "")


@register.simple_tag
def choice_options(items, value_attr: str, selected) -> str:
    """<option>s for a filter select: the board's owner list has hundreds of people, and four
    template lookups per option cost ~15 ms a page (bench). Label: display_name and work number
    for staff, the name for a department. `items` may also be (value, label) pairs, as the board
    passes its owners (read as plain rows: 243 model instances were 5 ms a page)."""
    selected = "" if selected is None else str(selected)
    pairs = []
    for item in items:
        if isinstance(item, tuple):
            pairs.append((str(item[0]), item[1]))
        else:
            label = f"{item.display_name} {item.work_number}" if hasattr(item, "work_number") else item.name
            pairs.append((str(getattr(item, value_attr)), label))
    options = _options(tuple(pairs))
    if selected:  # values are unique: mark the one chosen
        chosen = f'<option value="{html.escape(selected)}">'
        options = options.replace(chosen, f"{chosen[:-1]} selected>", 1)
    return mark_safe(options)  # every value escaped in _options


@lru_cache(maxsize=256)
def _options(pairs: tuple[tuple[str, str], ...]) -> str:
    """The options of these (value, label) pairs, none selected. Keyed by the pairs themselves, so
    an edited name is a new key, never a stale list; the board's 243 owners were written anew on
    every request (~1 ms)."""
    return "".join(f'<option value="{html.escape(v)}">{html.escape(label)}</option>' for v, label in pairs)
