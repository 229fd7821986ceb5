"""Who may see and touch which ticket. Views and API endpoints fetch tickets only through these."""

from django.db.models import Q, QuerySet

from accounts.models import ALL_TICKETS_ROLES, Staff
from core.errors import NotFound
from tickets.models import Ticket


def visible_tickets(user: Staff, queryset: QuerySet | None = None) -> QuerySet:
    """Customer-service roles see all work; field staff see their department's and their own."""
    qs = queryset if queryset is not None else Ticket.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role in ALL_TICKETS_ROLES:
        return qs
    if user.department_id is None:
        return qs.filter(owner=user)
    return qs.filter(Q(department_id=user.department_id) | Q(owner=user))


def get_ticket_for_staff(user: Staff, number: str, *, for_update: bool = False, annotate: dict | None = None):
    """The ticket by number if `user` may see it. Unknown and invisible look the same (404),
    so a field engineer cannot probe other departments' ticket numbers. `annotate`: expressions an
    app above tickets reads in the same query (knowledge: whether the ticket has charges)."""
    qs = visible_tickets(
        user,
        Ticket.objects.select_related(
            "customer", "department", "owner", "accepted_by", "assignee", "premises__community", "subtype"
        ),
    )
    if annotate:
        qs = qs.annotate(**annotate)
    if for_update:
        # Lock the ticket row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer joins select_related makes (customer, department, premises).
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(number=number)
    except Ticket.DoesNotExist:
        raise NotFound() from None
