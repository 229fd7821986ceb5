"""Who may do what with a ticket's plan, sub-orders and acceptance."""

from accounts.models import INTAKE_ROLES, LEAD_ROLES, Role, Staff
from tickets.models import Ticket
from tickets.vocabulary import OPEN_STATUSES, Status

# A plan is made and followed while the department has the work.
PLAN_STATUSES = frozenset({Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD})


def in_handling_department(ticket: Ticket, user: Staff) -> bool:
    """A member of the department doing the work (inspectors and administrators only watch)."""
    return (
        ticket.department_id is not None
        and user.department_id == ticket.department_id
        and user.role not in (Role.QA, Role.ADMIN)
    )


def may_plan(ticket: Ticket, user: Staff) -> bool:
    """B3: the handling department writes its plan; the centre's leads may too."""
    return ticket.status in PLAN_STATUSES and (in_handling_department(ticket, user) or user.role in LEAD_ROLES)


def may_split(ticket: Ticket, user: Staff, *, suborder: bool | None = None) -> bool:
    """B5: whoever dispatches (customer service) splits the request; a sub-order is not split again.
    `suborder`: whether the ticket is one, when the caller has read it already."""
    if not (ticket.status in OPEN_STATUSES and user.role in INTAKE_ROLES):
        return False
    return not (is_suborder(ticket) if suborder is None else suborder)


def may_record_acceptance(ticket: Ticket, user: Staff) -> bool:
    """B4: customer service (by phone, at the desk) or the department on site, once the work is done."""
    return ticket.status == Status.RESOLVED and (user.role in INTAKE_ROLES or in_handling_department(ticket, user))


def is_suborder(ticket: Ticket) -> bool:
    from workorders.models import SubOrder

    return SubOrder.objects.filter(child=ticket).exists()
