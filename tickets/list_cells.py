"""The rows of a ticket list (home, my tickets, the queue, the board), written in Python.

The board shows 50 rows of eleven cells; through the template language that was about 2 ms a
row, most of the page's time (bench: board p95 121 ms at 100,000 tickets, of which ~90 ms
rendering). The same markup written here costs a few hundredths of that. The row's opening
(list_row: <tr> with its marks and data attributes, the bulk bar's box) is written here too, for
the whole page in one pass (list_rows); only the queue's action cell is left to the row partial
of templates/tickets/lists.html (bench/README.md, issue 19).
The cells' markup definition is the template tickets/includes/list_cells.html:
tickets/tests/test_list_cells_template.py holds this code to it on rows of every shape, and
tickets/tests/test_list_cells.py checks the cells' content against the ticket, state by state.
"""

import html
from functools import cache

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.formats import minute
from core.phones import mask_phone
from core.web import route
from deadlines.models import DeadlineKind
from tickets.models import Category, Priority, Status, choice_label


def escape(value) -> str:
    """django.utils.html.escape of a value that is not lazy: the same html.escape, without the
    lazy-argument check that made it a third of this module's time (a page escapes ~1,000)."""
    return html.escape(str(value))


def _minute(value) -> str:
    return minute(timezone.localtime(value)) if value else ""


@cache
def _words(language: str) -> dict[str, str]:
    """The badges' words in `language`, escaped: the same on every row of every page."""
    return {
        "emergency": escape(_("Emergency")),
        "urgent": escape(_("Urgent")),
        "supervised_title": escape(_("Unsatisfied at callback: watched until the customer is satisfied")),
        "supervised": escape(_("Supervised")),
        "overdue": escape(_("Overdue")),
        "select": escape(_("Select %(number)s")),
        "labels": {},  # (choices, value) → the escaped label, filled by _label
    }


def _label(words: dict, choices, value) -> str:
    """A choice's label, escaped, kept with the words of its language: four a row, and looking
    the language up for each was ~200 context-local reads a page."""
    labels = words["labels"]
    found = labels.get((choices, value))
    if found is None:
        found = labels[(choices, value)] = escape(choice_label(choices, value))
    return found


def next_deadline(ticket):
    """The nearest unmet promise: read for the whole page (tickets.selectors.prepare_list_page),
    else from the deadlines the list prefetched (no query per row either way)."""
    if hasattr(ticket, "next_deadline"):
        return ticket.next_deadline
    unmet = [d for d in ticket.deadlines.all() if d.met_at is None]
    return min(unmet, key=lambda d: d.due_at) if unmet else None


def list_rows(tickets, *, bulk: bool) -> list[tuple]:
    """(ticket, list_row) for a page: the clock and the words read once for all its rows."""
    now = timezone.now()
    words = _words(get_language() or "")
    return [(t, list_row(t, bulk=bulk, now=now, words=words)) for t in tickets]


def list_row(ticket, *, bulk: bool, now=None, words=None) -> SafeString:
    """A list row without its end: <tr> (emergency, overdue and due-today marks, the number and
    status the page's scripts read), the bulk bar's box when the list has one, and the eleven
    cells. The template closes it, after the queue's action cell where there is one."""
    words = words or _words(get_language() or "")
    number = escape(ticket.number)
    marks = (
        ("is-emergency" if ticket.is_emergency else "")
        + (" is-overdue" if ticket.is_overdue else "")
        + (" is-due-today" if getattr(ticket, "due_today", False) else "")  # my tasks only
    )
    box = (
        f'<td class="select"><input type="checkbox" name="numbers" value="{number}" form="bulk-form" data-bulk-row'
        f' aria-label="{words["select"] % {"number": number}}"></td>'
        if bulk
        else ""
    )
    return mark_safe(  # every value escaped (list_cells too)
        f'<tr class="{marks}" data-ticket="{number}" data-status="{escape(ticket.status)}">{box}'
        f"{list_cells(ticket, now, words)}"
    )


def list_cells(ticket, now=None, words=None) -> SafeString:
    """Eleven <td>: number (with the urgent badge), category, status (with 督办), priority,
    customer, masked phone, address, owner, department, received, next promise (with overdue)."""
    now = now or timezone.now()
    words = words or _words(get_language() or "")
    number = escape(ticket.number)
    urgent = (
        f' <span class="badge badge-emergency" title="{words["emergency"]}">{words["urgent"]}</span>'
        if ticket.is_emergency
        else ""
    )
    status = escape(ticket.status)
    supervised = (
        f' <span class="badge badge-emergency" data-supervised title="{words["supervised_title"]}">{words["supervised"]}</span>'
        if ticket.supervised
        else ""
    )
    who = ticket.customer.honorific if ticket.customer_id else ticket.contact_name
    deadline = ""
    d = next_deadline(ticket)
    if d is not None:
        st = d.state_at(now)
        kind = _label(words, DeadlineKind, d.kind)
        deadline = (
            f'<span class="deadline deadline-{st.state}" title="{kind} {_minute(d.due_at)}">{kind} · {escape(st.text)}'
            f'<span class="bar bar-mini" aria-hidden="true" data-percent="{st.percent}"><span style="width: {st.percent}%">'
            "</span></span></span>"
        )
    overdue = f'<span class="badge badge-overdue" data-overdue>{words["overdue"]}</span>' if ticket.is_overdue else ""
    address = escape(ticket.contact_address)
    link = escape(route("ticket-detail", ticket.number))
    return mark_safe(  # every value above is escaped
        f'<td class="nowrap"><a class="mono" href="{link}">{number}</a>{urgent}</td>'
        f'<td class="nowrap">{_label(words, Category, ticket.category)}</td>'
        f'<td class="nowrap"><span class="status status-{status}" data-status="{status}">'
        f"{_label(words, Status, ticket.status)}</span>{supervised}</td>"
        f'<td class="nowrap"><span class="prio prio-{escape(ticket.priority)}">{_label(words, Priority, ticket.priority)}</span></td>'
        f'<td class="nowrap">{escape(who)}</td>'
        f'<td class="nowrap mono">{escape(mask_phone(ticket.contact_phone or ""))}</td>'
        f'<td class="ellipsis" title="{address}">{address}</td>'
        f'<td class="nowrap">{escape(ticket.owner.display_name)}</td>'
        f'<td class="nowrap">{escape(ticket.department.name) if ticket.department_id and ticket.department.name else "—"}</td>'
        f'<td class="nowrap muted">{_minute(ticket.received_at)}</td>'
        f'<td class="nowrap">{deadline}{overdue}</td>'
    )
