"""Who may do what with complaints: customer-service staff grade and follow them; only the
customer-service manager accepts a major complaint and approves compensation (D2)."""

from accounts.models import INTAKE_ROLES, Role, Staff
from core.errors import Forbidden


def can_handle_complaints(user: Staff) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in INTAKE_ROLES)


def require_complaint_staff(user: Staff) -> None:
    if not can_handle_complaints(user):
        raise Forbidden()


def is_manager(user: Staff) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.MANAGER)


def require_manager(user: Staff) -> None:
    if not is_manager(user):
        raise Forbidden()
