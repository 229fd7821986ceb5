"""Who may read the figures. The leads of the service centre (manager, supervisors, quality
inspectors) and the administrators read every department's; a department's own staff (field
engineers, the department head among them) read their department's only; others none."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Role, Staff
from core.errors import Forbidden, InvalidInput

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


def scope_for(user: Staff, code: str = "") -> int | None:
    """The department a request reads: a department's staff their own, whatever they ask; the
    leads the one they name by code, or every one."""
    department = report_scope(user)
    if not code:
        return department
    chosen = Department.objects.filter(code=code[:32]).values_list("pk", flat=True).first()
    if chosen is None:
        raise InvalidInput(_("Unknown department."), fields={"department": _("Unknown department.")})
    if department is not None and chosen != department:
        raise Forbidden()
    return chosen


def require_subscription_manager(user: Staff) -> None:
    """Subscriptions are set up by the leads (for themselves, the department heads, anyone)."""
    if not (user.is_authenticated and user.is_active and user.role in ALL_DEPARTMENTS_ROLES):
        raise Forbidden()
