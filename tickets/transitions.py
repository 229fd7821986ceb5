"""Which status follows which, and who may make each move. The one table of the lifecycle.

new ──dispatch──▶ dispatched ──accept──▶ accepted ──start──▶ in_progress ──resolve──▶ resolved ──close──▶ closed
 │                    ▲  │                  │                    │                       │  ▲            │
 └──answer (consultation, suggestion, praise)───────────────────────────────────────────▶│  └──reopen────┘
dispatched / accepted / in_progress ──hold──▶ on_hold ──resume──▶ (the status it left)
resolved / closed ──reopen──▶ dispatched (or new without a department)
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import INTAKE_ROLES, LEAD_ROLES, Role, Staff
from core.errors import Forbidden, IllegalTransition
from tickets.models import Ticket
from tickets.vocabulary import ANSWERABLE_CATEGORIES, Status


def _is_owner_or_lead(ticket: Ticket, user: Staff) -> bool:
    return ticket.owner_id == user.pk or user.role in LEAD_ROLES


def _in_department(ticket: Ticket, user: Staff) -> bool:
    # Quality inspectors and administrators watch; they never do the work themselves.
    return (
        ticket.department_id is not None
        and user.department_id == ticket.department_id
        and user.role not in (Role.QA, Role.ADMIN)
    )


def _assigns(ticket: Ticket, user: Staff) -> bool:
    """派工到人: the head of the department doing the work, or the centre's leads."""
    if user.role in LEAD_ROLES:
        return True
    department = ticket.department
    return department is not None and department.head_id == user.pk


def _customer_service(ticket: Ticket, user: Staff) -> bool:
    return user.role in INTAKE_ROLES


def _may_answer(ticket: Ticket, user: Staff) -> bool:
    if ticket.status == Status.NEW:
        return _is_owner_or_lead(ticket, user)
    return _in_department(ticket, user) or _is_owner_or_lead(ticket, user)


def _owner_lead_or_department(ticket: Ticket, user: Staff) -> bool:
    return _is_owner_or_lead(ticket, user) or _in_department(ticket, user)


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: frozenset[str]
    allowed: Callable[[Ticket, Staff], bool]
    applies: Callable[[Ticket], bool] = lambda ticket: True


_WORK = frozenset({Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "dispatch", _("Dispatch"), frozenset({Status.NEW, Status.DISPATCHED, Status.ACCEPTED}), _customer_service
        ),
        Transition("assign", _("Assign"), _WORK, _assigns),
        Transition("accept", _("Accept"), frozenset({Status.DISPATCHED}), _in_department),
        Transition("start", _("Start work"), frozenset({Status.ACCEPTED}), _in_department),
        Transition("resolve", _("Resolve"), frozenset({Status.IN_PROGRESS}), _in_department),
        Transition(
            "answer",
            _("Answer"),
            frozenset({Status.NEW}) | _WORK,
            _may_answer,
            applies=lambda ticket: ticket.category in ANSWERABLE_CATEGORIES,
        ),
        Transition("hold", _("Put on hold"), _WORK, _owner_lead_or_department),
        Transition("resume", _("Resume"), frozenset({Status.ON_HOLD}), _owner_lead_or_department),
        Transition("transfer", _("Transfer owner"), frozenset(Status.values) - {Status.CLOSED}, _is_owner_or_lead),
        Transition("close", _("Close"), frozenset({Status.RESOLVED}), _customer_service),
        Transition("reopen", _("Reopen"), frozenset({Status.RESOLVED, Status.CLOSED}), _customer_service),
    ]
}


def check_transition(ticket: Ticket, name: str, user: Staff) -> Transition:
    """Raise IllegalTransition (409) when the status forbids the move, Forbidden (403) when the
    status allows it but this user may not make it."""
    transition = TRANSITIONS[name]
    if ticket.status not in transition.sources or not transition.applies(ticket):
        raise IllegalTransition(
            _("Cannot %(action)s a ticket that is %(status)s.")
            % {"action": transition.label, "status": ticket.get_status_display()}
        )
    if not transition.allowed(ticket, user):
        raise Forbidden(_("You may not %(action)s this ticket.") % {"action": transition.label})
    return transition


def available_transitions(ticket: Ticket, user: Staff) -> list[Transition]:
    """The moves to offer as buttons: allowed by the status and by the user's role."""
    return [
        t for t in TRANSITIONS.values() if ticket.status in t.sources and t.applies(ticket) and t.allowed(ticket, user)
    ]
