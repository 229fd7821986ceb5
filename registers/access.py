"""Who works the front-desk registers: the customer-service centre (front desk, night duty,
stewards, supervisors, the manager); QA and the administrator may read them."""

from accounts.models import INTAKE_ROLES, Role, Staff
from core.errors import Forbidden


def can_read_registers(user: Staff) -> bool:
    return user.is_authenticated and (user.role in INTAKE_ROLES or user.role in (Role.QA, Role.ADMIN))


def can_work_registers(user: Staff) -> bool:
    return user.is_authenticated and user.role in INTAKE_ROLES


def require_read(user: Staff) -> None:
    if not can_read_registers(user):
        raise Forbidden()


def require_work(user: Staff) -> None:
    if not can_work_registers(user):
        raise Forbidden()
