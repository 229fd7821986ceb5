"""Who may read the figures. The leads of the service centre (manager, supervisors, quality
inspectors) and the administrators read every department's; a department's own staff (field
engineers, the department head among them) read their department's only; others none."""

from accounts.models import Role, Staff
from core.errors import Forbidden

ALL_DEPARTMENTS_ROLES = frozenset({Role.MANAGER, Role.SUPERVISOR, Role.QA, Role.ADMIN})


def can_read_reports(user: Staff) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.role in ALL_DEPARTMENTS_ROLES or (user.role == Role.FIELD and user.department_id is not None)


def report_scope(user: Staff) -> int | None:
    """The department the reader is held to (its id), or None for every department. Refuses
    those who may read no figures at all."""
    if not can_read_reports(user):
        raise Forbidden()
    if user.role in ALL_DEPARTMENTS_ROLES:
        return None
    return user.department_id
