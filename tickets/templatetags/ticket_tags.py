"""Display helpers of the ticket screens: timeline sentences, the moves a reader may make, list rows."""

from django import template
from django.utils.html import format_html

from accounts import access
from tickets import list_cells as cells
from tickets import timeline
from tickets.transitions import available_transitions

register = template.Library()


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


@register.filter
def next_deadline(ticket):
    return cells.next_deadline(ticket)


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label) -> str:
    """A list's column heading that sorts by `key` (tickets.filters.SORT_KEYS): the first click
    ascending, the next descending; the other filters are kept, the page starts again at 1."""
    request = context["request"]
    current = request.GET.get("sort", "")
    query = request.GET.copy()
    query.pop("page", None)
    query["sort"] = f"-{key}" if current == key else key
    state = {key: "ascending", f"-{key}": "descending"}.get(current, "none")
    arrow = {"ascending": " ▲", "descending": " ▼"}.get(state, "")
    return format_html(
        '<th aria-sort="{}" data-sort="{}"><a href="?{}">{}{}</a></th>', state, key, query.urlencode(), label, arrow
    )
