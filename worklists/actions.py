"""Bulk actions on the ticket lists and the board's saved filters.

A bulk action is the per-ticket action called once for each ticket chosen: each ticket in its own
transaction with its own timeline event (the per-ticket action's), so one refusal leaves the other
tickets done. The answer says, ticket by ticket, which were done and why the others were refused.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Staff
from callbacks.access import CALLBACK_ROLES
from callbacks.actions import CALLBACK_LEADS, assign_callback
from callbacks.models import Callback, CallbackStatus
from core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from core.schemas import validate_query
from core.text import clean_text
from tickets.access import get_ticket_for_staff
from tickets.actions import close_ticket, dispatch_ticket
from tickets.filters import TicketQuery
from tickets.models import Ticket
from tickets.views.lists import BOARD_FIELDS
from worklists.models import SavedFilter

ACTIONS = ("dispatch", "close", "assign_callback")
# A page of the lists is 50 rows; two pages' worth keeps one request short.
MAX_TICKETS = 100
MAX_SAVED = 20  # saved filters a person keeps


@dataclass(frozen=True)
class Result:
    number: str
    done: bool
    message: str = ""


def bulk_tickets(
    user: Staff,
    *,
    action: str,
    numbers: list[str],
    department: str = "",
    agent: str = "",
) -> list[Result]:
    """Run `action` on each ticket of `numbers`. Bad input (an unknown action, department or
    agent, no ticket, too many) is refused before any ticket is touched."""
    if action not in ACTIONS:
        raise InvalidInput(
            _("Choose what to do with the selected tickets."), fields={"action": _("Not an allowed value.")}
        )
    chosen = list(dict.fromkeys(n.strip()[:24] for n in numbers if n and n.strip()))
    if not chosen:
        raise InvalidInput(_("Select at least one ticket."), fields={"numbers": _("Required.")})
    if len(chosen) > MAX_TICKETS:
        raise InvalidInput(
            _("At most %(max)s tickets at a time.") % {"max": MAX_TICKETS},
            fields={"numbers": _("At most %(max)s items.") % {"max": MAX_TICKETS}},
        )
    if action == "dispatch":
        target = Department.objects.filter(code=department, is_active=True).first() if department else None
        if target is None:
            raise InvalidInput(_("Choose a department."), fields={"department": _("Unknown department.")})

        def run(ticket: Ticket) -> None:
            dispatch_ticket(ticket, department=target, actor=user)

    elif action == "close":

        def run(ticket: Ticket) -> None:
            _close(ticket, user)

    else:
        if user.role not in CALLBACK_LEADS:
            raise Forbidden(_("Only the manager or a supervisor assigns callbacks."))
        caller = (
            Staff.objects.filter(username=agent, is_active=True, role__in=CALLBACK_ROLES).first() if agent else None
        )
        if caller is None:
            raise InvalidInput(_("Choose the callback agent."), fields={"agent": _("Not a callback agent.")})

        def run(ticket: Ticket) -> None:
            callback = Callback.objects.filter(ticket=ticket, status=CallbackStatus.DUE).order_by("-round").first()
            if callback is None:
                raise Conflict(_("No callback is waiting for this ticket."), code="no_callback")
            assign_callback(callback, agent=caller, actor=user)

    results = []
    for number in chosen:
        try:
            run(get_ticket_for_staff(user, number))
        except NotFound:
            results.append(Result(number, False, str(_("No such ticket, or not yours to see."))))
        except DomainError as refusal:
            results.append(Result(number, False, str(refusal.message)))
        else:
            results.append(Result(number, True))
    return results


@transaction.atomic
def _close(ticket: Ticket, user: Staff) -> None:
    """Close by hand, unless a callback is due: then the customer's verdict closes it (E2)."""
    if Callback.objects.filter(ticket=ticket, status=CallbackStatus.DUE).exists():
        raise Conflict(_("Waiting for the callback: the customer's verdict closes this ticket."), code="callback_due")
    close_ticket(ticket, actor=user)


def board_query(params) -> str:
    """The board's filters among `params` (a QueryDict or dict), checked through TicketQuery and
    written back as a query string in the board's order of fields; page and unknown names go."""
    values = {name: (params.get(name) or "").strip() for name in BOARD_FIELDS}
    validate_query(TicketQuery, values)  # the board's own checks and messages
    return urlencode([(name, value) for name, value in values.items() if value])


def save_filter(owner: Staff, *, name: str, params) -> SavedFilter:
    """Keep the board's current filters under `name`; the same name again replaces its query."""
    name = clean_text(name, "name", max_length=40)
    query = board_query(params)
    existing = SavedFilter.objects.filter(owner=owner, name=name).first()
    if existing is not None:
        existing.query = query
        existing.save(update_fields=["query"])
        return existing
    if SavedFilter.objects.filter(owner=owner).count() >= MAX_SAVED:
        raise InvalidInput(
            _("You keep at most %(max)s saved filters; delete one first.") % {"max": MAX_SAVED},
            fields={"name": _("Too many.")},
        )
    try:
        with transaction.atomic():
            return SavedFilter.objects.create(owner=owner, name=name, query=query)
    except IntegrityError:  # the same name saved at the same moment from another tab
        raise Conflict(_("A saved filter has this name already."), fields={"name": _("Taken.")}) from None


def delete_filter(owner: Staff, pk: int) -> None:
    deleted, _rows = SavedFilter.objects.filter(owner=owner, pk=pk).delete()
    if not deleted:
        raise NotFound()


def saved_filters(owner: Staff) -> list[SavedFilter]:
    return list(SavedFilter.objects.filter(owner=owner).order_by("name", "id"))
