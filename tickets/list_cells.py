"""The rows of a ticket list (home, my tickets, the queue, the board), written in Python.

The board shows 50 rows of eleven cells; through the template language that was about 2 ms a
row, most of the page's time (bench: board p95 121 ms at 100,000 tickets, of which ~90 ms
rendering). The same markup written here costs a few hundredths of that. The row's opening
(list_row: <tr> with its marks and data attributes, the bulk bar's box) is written here too, for
the whole page in one pass (list_rows); only the queue's action cell is left to the row partial
of templates/tickets/lists.html (bench/README.md, issue 19).
The board and my tickets read their rows as values, flat (ListRow, tickets.selectors.list_page_rows:
~200 model instances a page were a third of the board's CPU, issue 19); the queue and my tasks
pass their Tickets, made ListRows by row_of.
The cells' markup definition is the template tickets/includes/list_cells.html:
tickets/tests/test_list_cells_template.py holds this code to it on rows of every shape, and
tickets/tests/test_list_cells.py checks the cells' content against the ticket, state by state.
"""

import html
from datetime import datetime
from functools import cache
from typing import NamedTuple

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.formats import minute
from core.phones import mask_phone
from core.web import route
from deadlines.models import Deadline, DeadlineKind
from tickets.models import Category, Priority, Status, Ticket, choice_label


def escape(value) -> str:
    """django.utils.html.escape of a value that is not lazy: the same html.escape, without the
    lazy-argument check that made it a third of this module's time (a page escapes ~1,000)."""
    return html.escape(str(value))


def _minute(value, tz) -> str:
    """Y-m-d H:i in `tz`, the reader's zone read once for the page (timezone.localtime reads it
    for each value: ~2 µs, twice a row)."""
    return minute(value.astimezone(tz)) if value else ""


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


class NextPromise(NamedTuple):
    """The columns of a row's nearest unmet promise that its cell shows, read as values for the
    whole page (tickets.selectors.list_page_rows): a Deadline instance each was ~9 µs."""

    kind: str
    started_at: datetime
    due_at: datetime
    paused_at: datetime | None
    warn_at: datetime | None
    warned_at: datetime | None
    breached_at: datetime | None
    met_at: None = None  # unmet, by its reading

    # Deadline's own reckoning (plain functions reading these attributes), not a copy of it.
    state_at = Deadline.state_at
    remaining = Deadline.remaining
    is_overdue = Deadline.is_overdue


class ListRow(NamedTuple):
    """What a list row shows, flat: built from a page's values in bulk for the board and my
    tickets (tickets.selectors.list_page_rows), or from a Ticket (row_of) for the other lists."""

    number: str
    category: str
    status: str
    priority: str
    supervised: bool
    is_overdue: bool
    who: str  # the customer's honorific, or the caller's name
    contact_phone: str
    contact_address: str
    owner_name: str
    department_name: str  # "" without a department
    received_at: datetime
    next_deadline: "NextPromise | Deadline | None"
    due_today: bool = False  # my tasks only

    is_emergency = Ticket.is_emergency  # the ticket's own rule (a property reading these columns)


def row_of(ticket) -> ListRow:
    """A Ticket's row (its customer, owner and department read, or prefetched)."""
    if isinstance(ticket, ListRow):
        return ticket
    return ListRow(
        number=ticket.number,
        category=ticket.category,
        status=ticket.status,
        priority=ticket.priority,
        supervised=ticket.supervised,
        is_overdue=ticket.is_overdue,
        who=ticket.customer.honorific if ticket.customer_id else ticket.contact_name,
        contact_phone=ticket.contact_phone,
        contact_address=ticket.contact_address,
        owner_name=ticket.owner.display_name,
        department_name=(ticket.department.name if ticket.department_id else "") or "",
        received_at=ticket.received_at,
        next_deadline=next_deadline(ticket),
        due_today=getattr(ticket, "due_today", False),
    )


def list_rows(tickets, *, bulk: bool) -> list[tuple]:
    """(ticket, list_row) for a page: the clock and the words read once for all its rows."""
    now = timezone.now()
    words = _words(get_language() or "")
    tz = timezone.get_current_timezone()
    return [(t, list_row(t, bulk=bulk, now=now, words=words, tz=tz)) for t in tickets]


def list_row(ticket, *, bulk: bool, now=None, words=None, tz=None) -> SafeString:
    """A list row without its end: <tr> (emergency, overdue and due-today marks, the number and
    status the page's scripts read), the bulk bar's box when the list has one, and the eleven
    cells. The template closes it, after the queue's action cell where there is one. `ticket`:
    a Ticket or its ListRow."""
    words = words or _words(get_language() or "")
    row = row_of(ticket)
    number = escape(row.number)
    marks = (
        ("is-emergency" if row.is_emergency else "")
        + (" is-overdue" if row.is_overdue else "")
        + (" is-due-today" if row.due_today else "")
    )
    box = (
        f'<td class="select"><input type="checkbox" name="numbers" value="{number}" form="bulk-form" data-bulk-row'
        f' aria-label="{words["select"] % {"number": number}}"></td>'
        if bulk
        else ""
    )
    return mark_safe(  # every value escaped (list_cells too)
        f'<tr class="{marks}" data-ticket="{number}" data-status="{escape(row.status)}">{box}'
        f"{list_cells(row, now, words, tz)}"
    )


def list_cells(ticket, now=None, words=None, tz=None) -> SafeString:
    """Eleven <td>: number (with the urgent badge), category, status (with 督办), priority,
    customer, masked phone, address, owner, department, received, next promise (with overdue).
    `ticket`: a Ticket or its ListRow."""
    now = now or timezone.now()
    words = words or _words(get_language() or "")
    tz = tz or timezone.get_current_timezone()
    row = row_of(ticket)
    number = escape(row.number)
    urgent = (
        f' <span class="badge badge-emergency" title="{words["emergency"]}">{words["urgent"]}</span>'
        if row.is_emergency
        else ""
    )
    status = escape(row.status)
    supervised = (
        f' <span class="badge badge-emergency" data-supervised title="{words["supervised_title"]}">{words["supervised"]}</span>'
        if row.supervised
        else ""
    )
    deadline = ""
    d = row.next_deadline
    if d is not None:
        st = d.state_at(now)
        kind = _label(words, DeadlineKind, d.kind)
        deadline = (
            f'<span class="deadline deadline-{st.state}" title="{kind} {_minute(d.due_at, tz)}">{kind} · {escape(st.text)}'
            f'<span class="bar bar-mini" aria-hidden="true" data-percent="{st.percent}"><span style="width: {st.percent}%">'
            "</span></span></span>"
        )
    overdue = f'<span class="badge badge-overdue" data-overdue>{words["overdue"]}</span>' if row.is_overdue else ""
    address = escape(row.contact_address)
    link = escape(route("ticket-detail", row.number))
    return mark_safe(  # every value above is escaped
        f'<td class="nowrap"><a class="mono" href="{link}">{number}</a>{urgent}</td>'
        f'<td class="nowrap">{_label(words, Category, row.category)}</td>'
        f'<td class="nowrap"><span class="status status-{status}" data-status="{status}">'
        f"{_label(words, Status, row.status)}</span>{supervised}</td>"
        f'<td class="nowrap"><span class="prio prio-{escape(row.priority)}">{_label(words, Priority, row.priority)}</span></td>'
        f'<td class="nowrap">{escape(row.who)}</td>'
        f'<td class="nowrap mono">{escape(mask_phone(row.contact_phone or ""))}</td>'
        f'<td class="ellipsis" title="{address}">{address}</td>'
        f'<td class="nowrap">{escape(row.owner_name)}</td>'
        f'<td class="nowrap">{escape(row.department_name) if row.department_name else "—"}</td>'
        f'<td class="nowrap muted">{_minute(row.received_at, tz)}</td>'
        f'<td class="nowrap">{deadline}{overdue}</td>'
    )
