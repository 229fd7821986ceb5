"""The project-wide display helpers: times, durations, masked phones, filter options. Domain
helpers live with their app's own library (ticket_tags, deadline_tags, ...)."""

import html
from datetime import timedelta
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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
def tel_link(number: str) -> str:
    """A phone number a customer can tap to call, inside a sentence ({% blocktranslate with %})."""
    return format_html('<a href="tel:{}">{}</a>', "".join(c for c in number or "" if c.isdigit() or c == "+"), number)


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
        if isinstance(item, tuple):  # the label as text: a lazy one would key the cache by its language's words
            pairs.append((str(item[0]), str(item[1])))
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


@register.simple_tag
def main_nav(*, here, app, role, takes_requests, department_id, **can) -> str:
    """The top bar's menu (includes/main_nav.html), written once per process for each set of the
    facts it reads: ~30 links reversed and translated were ~1 ms of every page (bench/README.md,
    issue 19). `can`: the access checks base.html ran for the reader (overdue_board, outages, ...)."""
    facts = (here, app, role, bool(takes_requests), department_id is not None, tuple(sorted(can.items())))
    if settings.DEBUG:  # an edited template shows at once
        return _main_nav.__wrapped__(facts, get_language(), get_script_prefix(), settings.ROOT_URLCONF, get_urlconf())
    return _main_nav(facts, get_language(), get_script_prefix(), settings.ROOT_URLCONF, get_urlconf())


# Safe in every process: the menu is a function of its arguments alone (the template reads only
# the facts passed to it; the words and links come from the language, the prefix and the URLs).
@lru_cache(maxsize=1024)
def _main_nav(facts: tuple, language, script_prefix, root_urlconf, urlconf) -> str:
    here, app, role, takes_requests, in_department, can = facts
    user = {"role": role, "takes_requests": takes_requests, "department_id": in_department}
    nav = render_to_string("includes/main_nav.html", {"here": here, "app": app, "user": user, "can": dict(can)})
    return mark_safe(f"\n  {nav.strip()}\n  ")  # laid out as base.html's lines around it were
