"""Who may see and touch what. Views and API endpoints fetch objects only through these."""

from django.db.models import Q, QuerySet

from accounts.models import ALL_TICKETS_ROLES, PHONE_REVEAL_ROLES, Role, Staff
from core.errors import Forbidden, NotFound


def visible_tickets(user: Staff, queryset: QuerySet | None = None) -> QuerySet:
    """Customer-service roles see all work; field staff see their department's and their own."""
    from tickets.models import Ticket

    qs = queryset if queryset is not None else Ticket.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role in ALL_TICKETS_ROLES:
        return qs
    if user.department_id is None:
        return qs.filter(owner=user)
    return qs.filter(Q(department_id=user.department_id) | Q(owner=user))


def get_ticket_for_staff(user: Staff, number: str, *, for_update: bool = False):
    """The ticket by number if `user` may see it. Unknown and invisible look the same (404),
    so a field engineer cannot probe other departments' ticket numbers."""
    from tickets.models import Ticket

    qs = visible_tickets(
        user, Ticket.objects.select_related("customer", "department", "owner", "accepted_by", "premises__community")
    )
    if for_update:
        # Lock the ticket row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer joins select_related makes (customer, department, premises).
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(number=number)
    except Ticket.DoesNotExist:
        raise NotFound() from None


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
