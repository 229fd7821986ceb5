"""Who may see and touch what. Views and API endpoints fetch objects only through these."""

from accounts.models import PHONE_REVEAL_ROLES, Role, Staff
from core.errors import Forbidden


def can_see_customers(user: Staff) -> bool:
    return user.is_authenticated and user.role != Role.FIELD


def require_customer_access(user: Staff) -> None:
    """The archive is customer-service data; field staff reach customers only through tickets."""
    if not can_see_customers(user):
        raise Forbidden()


def can_reveal_phone(user: Staff) -> bool:
    return user.is_authenticated and user.role in PHONE_REVEAL_ROLES


def require_admin(user: Staff) -> None:
    if not (user.is_authenticated and user.role == Role.ADMIN):
        raise Forbidden()
