"""Who plans and announces outages: the customer-service manager, supervisors and the area
stewards (管家), who answer for the residents of their patch, and the administrator."""

from accounts.models import Role, Staff
from core.errors import Forbidden

OUTAGE_ROLES = frozenset({Role.MANAGER, Role.SUPERVISOR, Role.STEWARD, Role.ADMIN})


def can_manage_outages(user: Staff) -> bool:
    return user.is_authenticated and user.is_active and user.role in OUTAGE_ROLES


def require_outage_role(user: Staff) -> None:
    if not can_manage_outages(user):
        raise Forbidden()
