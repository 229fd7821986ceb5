"""Who may do what with emergencies. Everyone on staff reads the plans and follows a live
activation (the people alerted come from every department); the desk (intake roles) starts one;
the people of a step's role, the person who activated and the leads check steps off; the customer-service
manager and supervisors close with the after-action report, record drills and revise plans."""

from accounts.models import INTAKE_ROLES, LEAD_ROLES, Role, Staff
from core.errors import Forbidden


def _active(user: Staff) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_read(user: Staff) -> bool:
    return _active(user)


def can_activate(user: Staff) -> bool:
    return _active(user) and user.role in INTAKE_ROLES


def can_lead(user: Staff) -> bool:
    return _active(user) and user.role in LEAD_ROLES


# The desk covers for each other: at night the duty agent does the agent's steps.
DESK_ROLES = frozenset({Role.AGENT, Role.NIGHT_DUTY, Role.STEWARD})


def can_check_off(user: Staff, activation, step) -> bool:
    """The leads and the person who activated, or someone of the step's role (and department,
    where the plan names one)."""
    if not _active(user):
        return False
    if user.role in LEAD_ROLES or user.pk == activation.started_by_id:
        return True
    if step.department_id is not None and step.department_id != user.department_id:
        return False
    return user.role == step.role or (user.role in DESK_ROLES and step.role in DESK_ROLES)


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden()
