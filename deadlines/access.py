"""Who may watch the promises and who may change them.

The overdue board is the leads' screen: the customer-service manager and supervisors, quality
inspection and the administrator see all work; a department head sees the work held by the
department they lead. Commitment targets and calendars are changed by the manager and the
administrator only (the Django admin at /admin/ is the administrator's alone); the other board
roles may read them.
"""

from django.db.models import Q, QuerySet

from accounts.models import Department, Role, Staff
from core.errors import Forbidden

BOARD_ROLES = frozenset({Role.MANAGER, Role.SUPERVISOR, Role.QA, Role.ADMIN})
COMMITMENT_EDIT_ROLES = frozenset({Role.MANAGER, Role.ADMIN})


def headed_departments(user: Staff) -> QuerySet:
    return Department.objects.filter(head=user, is_active=True)


def can_see_overdue_board(user: Staff) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.role in BOARD_ROLES or headed_departments(user).exists()


def require_overdue_board(user: Staff) -> None:
    if not can_see_overdue_board(user):
        raise Forbidden()


def board_scope(user: Staff, deadlines: QuerySet) -> QuerySet:
    """The promises a board reader may see: all, or those of the departments they head (work
    not yet dispatched is the customer-service centre's, held by its owner's department)."""
    if user.role in BOARD_ROLES:
        return deadlines
    departments = list(headed_departments(user).values_list("pk", flat=True))
    return deadlines.filter(
        Q(ticket__department_id__in=departments)
        | Q(ticket__department__isnull=True, ticket__owner__department_id__in=departments)
    )


def can_read_commitments(user: Staff) -> bool:
    return user.is_authenticated and user.is_active and user.role in BOARD_ROLES


def can_edit_commitments(user: Staff) -> bool:
    return user.is_authenticated and user.is_active and user.role in COMMITMENT_EDIT_ROLES


def require_read_commitments(user: Staff) -> None:
    if not can_read_commitments(user):
        raise Forbidden()


def require_edit_commitments(user: Staff) -> None:
    if not can_edit_commitments(user):
        raise Forbidden(code="commitments_read_only")
