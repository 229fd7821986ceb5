"""Display helpers of the console: masked phones, timeline sentences, deadline states."""

import html
from dataclasses import dataclass
from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts import access
from core.phones import mask_phone
from tickets import timeline
from tickets.transitions import available_transitions

register = template.Library()


@register.filter(expects_localtime=True)
def minute(value) -> str:
    """Y-m-d H:i in the reader's time zone, as |date:"Y-m-d H:i" writes it, for a fraction of its
    cost: a list page writes a hundred of them (7 ms of the board's rendering, bench)."""
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


@register.filter
def masked(number: str) -> str:
    return mask_phone(number or "")


@register.filter
def describe(event) -> str:
    return timeline.describe(event)


@register.filter
def can_see_customers(user) -> bool:
    return access.can_see_customers(user)


@register.filter
def stewards(customer) -> list:
    """F4: who answers for the customer's areas, read from the premises that
    customers.selectors.with_card_data prefetched (no query)."""
    found = []
    for premises in customer.premises.all():
        area = premises.community.area
        if area and area.steward and area.steward not in found:
            found.append(area.steward)
    return found


@register.simple_tag(takes_context=True)
def moves(context, ticket) -> list[str]:
    """The names of the moves the reader may make on this ticket now (tickets.transitions)."""
    return [t.name for t in available_transitions(ticket, context["request"].user)]


@register.simple_tag
def choice_options(items, value_attr: str, selected) -> str:
    """<option>s for a filter select: the board's owner list has hundreds of people, and four
    template lookups per option cost ~15 ms a page (bench). Label: display_name and work number
    for staff, the name for a department. `items` may also be (value, label) pairs, as the board
    passes its owners (read as plain rows: 243 model instances were 5 ms a page)."""
    selected = "" if selected is None else str(selected)
    out = []
    for item in items:
        if isinstance(item, tuple):
            value, label = str(item[0]), item[1]
        else:
            value = str(getattr(item, value_attr))
            label = f"{item.display_name} {item.work_number}" if hasattr(item, "work_number") else item.name
        mark = " selected" if value == selected else ""
        out.append(f'<option value="{html.escape(value)}"{mark}>{html.escape(label)}</option>')
    return mark_safe("".join(out))  # every value escaped above (html.escape: what django's escape does to a str)


@register.filter
def list_cells(ticket):
    """The cells of a list row, written in Python for speed (tickets/list_cells.py)."""
    from tickets.list_cells import list_cells as cells  # it imports this module's deadline helpers

    return cells(ticket)


@register.filter
def next_deadline(ticket):
    """The nearest unmet promise: read for the whole page (tickets.selectors.prepare_list_page),
    else from the deadlines the list prefetched (no query per row either way)."""
    if hasattr(ticket, "next_deadline"):
        return ticket.next_deadline
    unmet = [d for d in ticket.deadlines.all() if d.met_at is None]
    return min(unmet, key=lambda d: d.due_at) if unmet else None


@dataclass
class DeadlineState:
    state: str  # met, late (met after due), overdue, warning (past the warning time), running, paused
    text: str
    percent: int  # share of the allowed time used, for the bar


@register.filter
def deadline_state(deadline, now=None) -> DeadlineState:
    now = now or timezone.now()
    total = max((deadline.due_at - deadline.started_at).total_seconds(), 1)
    reference = deadline.met_at or deadline.paused_at or now
    percent = int(min(max((reference - deadline.started_at).total_seconds() / total, 0), 1) * 100)
    if deadline.met_at is not None:
        if deadline.met_at > deadline.due_at:
            return DeadlineState("late", _("Met late"), percent)
        return DeadlineState("met", _("Met on time"), percent)
    remaining = deadline.remaining(now)
    if deadline.is_overdue(now):
        return DeadlineState("overdue", _("%(time)s overdue") % {"time": duration(-remaining)}, 100)
    text = _("%(time)s left") % {"time": duration(remaining)}
    if deadline.paused_at:
        return DeadlineState("paused", text, percent)
    if deadline.warned_at is not None or (deadline.warn_at is not None and deadline.warn_at <= now):
        return DeadlineState("warning", text, percent)  # past the warning time (80 % by default)
    return DeadlineState("running", text, percent)


@register.filter
def duration(value: timedelta) -> str:
    """2小时5分 / 3天4小时 / 30分: the two largest units are what an agent reads at a glance."""
    minutes = max(int(value.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)sd %(hours)sh") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)sh %(minutes)sm") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)sm") % {"minutes": minutes}
