"""Reading callbacks: the API list and the agents' queue."""

from django.db.models import QuerySet

from accounts.models import Staff
from callbacks.access import require_callback_role
from callbacks.models import Callback


def callbacks_for(user: Staff, *, ticket: str | None = None, status: str | None = None) -> QuerySet:
    require_callback_role(user)
    qs = Callback.objects.select_related("ticket", "department", "done_by", "customer", "assigned_to")
    if ticket:
        qs = qs.filter(ticket__number=ticket)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_at", "id")


def callback_queue(user: Staff, *, mine: bool = False) -> QuerySet:
    """Still to call, the oldest due first (E1); `mine`: only those assigned to `user`."""
    require_callback_role(user)
    qs = Callback.objects.queue().filter(assigned_to=user) if mine else Callback.objects.queue()
    return qs.select_related("ticket__department", "customer", "department", "assigned_to").prefetch_related(
        "customer__phones"
    )
