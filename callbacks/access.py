"""Who works callbacks: the customer-service manager, the supervisors and the agents (callback
agents are agents). Views and the API fetch callbacks only through these."""

from accounts.models import Role, Staff
from callbacks.models import Callback
from core.errors import Forbidden, NotFound

CALLBACK_ROLES = frozenset({Role.MANAGER, Role.SUPERVISOR, Role.AGENT})


def can_work_callbacks(user: Staff) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in CALLBACK_ROLES)


def require_callback_role(user: Staff) -> None:
    if not can_work_callbacks(user):
        raise Forbidden()


def get_callback_for_staff(user: Staff, callback_id: int) -> Callback:
    require_callback_role(user)
    try:
        return (
            Callback.objects.select_related("ticket__department", "customer", "department", "done_by", "assigned_to")
            .prefetch_related("customer__phones")
            .get(pk=callback_id)
        )
    except (Callback.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


FIGURES_ROLES = frozenset({Role.MANAGER, Role.SUPERVISOR, Role.QA})


def can_read_figures(user: Staff) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in FIGURES_ROLES)


def require_figures_role(user: Staff) -> None:
    """The satisfaction figures are the manager's board (and the supervisors' and inspectors')."""
    if not can_read_figures(user):
        raise Forbidden()
