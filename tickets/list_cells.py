"""The cells of a ticket list row (home, my tickets, the queue, the board), written in Python.

The board shows 50 rows of eleven cells; through the template language that was about 2 ms a
row, most of the page's time (bench: board p95 121 ms at 100,000 tickets, of which ~90 ms
rendering). The same markup written here costs a few hundredths of that. The row itself
(<tr> and its data attributes) and the queue's action forms stay in templates/tickets/lists.html;
tickets/tests/test_list_cells.py checks the cells' content against the ticket, state by state.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.phones import mask_phone
from deadlines.models import DeadlineKind
from tickets.models import choice_label
from tickets.templatetags.kefu import deadline_state, minute, next_deadline


def _minute(value) -> str:
    return minute(timezone.localtime(value)) if value else ""


def list_cells(ticket, now=None) -> SafeString:
    """Eleven <td>: number (with the urgent badge), category, status (with 督办), priority,
    customer, masked phone, address, owner, department, received, next promise (with overdue)."""
    now = now or timezone.now()
    number = escape(ticket.number)
    urgent = (
        f' <span class="badge badge-emergency" title="{escape(_("Emergency"))}">{escape(_("Urgent"))}</span>'
        if ticket.is_emergency
        else ""
    )
    status = escape(ticket.status)
    supervised = (
        f' <span class="badge badge-emergency" data-supervised title="'
        f'{escape(_("Unsatisfied at callback: watched until the customer is satisfied"))}">{escape(_("Supervised"))}</span>'
        if ticket.supervised
        else ""
    )
    who = ticket.customer.honorific if ticket.customer_id else ticket.contact_name
    deadline = ""
    d = next_deadline(ticket)
    if d is not None:
        st = deadline_state(d, now)
        kind = escape(choice_label(DeadlineKind, d.kind))
        deadline = (
            f'<span class="deadline deadline-{st.state}" title="{kind} {_minute(d.due_at)}">{kind} · {escape(st.text)}'
            f'<span class="bar bar-mini" aria-hidden="true" data-percent="{st.percent}"><span style="width: {st.percent}%">'
            "</span></span></span>"
        )
    overdue = f'<span class="badge badge-overdue" data-overdue>{escape(_("Overdue"))}</span>' if ticket.is_overdue else ""
    address = escape(ticket.contact_address)
    return mark_safe(  # every value above is escaped
        f'<td class="nowrap"><a class="mono" href="{escape(reverse("ticket-detail", args=[ticket.number]))}">{number}</a>{urgent}</td>'
        f'<td class="nowrap">{escape(ticket.get_category_display())}</td>'
        f'<td class="nowrap"><span class="status status-{status}" data-status="{status}">'
        f"{escape(ticket.get_status_display())}</span>{supervised}</td>"
        f'<td class="nowrap"><span class="prio prio-{escape(ticket.priority)}">{escape(ticket.get_priority_display())}</span></td>'
        f'<td class="nowrap">{escape(who)}</td>'
        f'<td class="nowrap mono">{escape(mask_phone(ticket.contact_phone or ""))}</td>'
        f'<td class="ellipsis" title="{address}">{address}</td>'
        f'<td class="nowrap">{escape(ticket.owner.display_name)}</td>'
        f'<td class="nowrap">{escape(ticket.department.name) if ticket.department_id and ticket.department.name else "—"}</td>'
        f'<td class="nowrap muted">{_minute(ticket.received_at)}</td>'
        f'<td class="nowrap">{deadline}{overdue}</td>'
    )
