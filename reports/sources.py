"""The items each KPI source counts over a period: the tickets received in it, the callbacks created
in it. The live counts (reports.figures), the daily figures (reports.rollup) and the drill-down
(reports.drill) all start here, so a figure and the items behind it are the same set. The charges
of the tickets received in the period are a source of their own (reports.kpis.charges)."""

from datetime import datetime

from django.db.models import QuerySet

from callbacks.models import Callback, CallbackStatus
from knowledge.models import Charge
from tickets.models import Ticket

# The moment that puts an item of each source in a period (and on a day of the daily figures).
MOMENT = {"tickets": "received_at", "callbacks": "created_at", "charges": "ticket__received_at"}


def counted_callbacks(start: datetime, end: datetime) -> QuerySet:
    """The callbacks of the period (created, i.e. the work resolved, in [start, end)), without
    those superseded by a later round of the same ticket (done without an outcome)."""
    return (
        Callback.objects.filter(created_at__gte=start, created_at__lt=end)
        .exclude(status=CallbackStatus.DONE, outcome="")
        .order_by()
    )


def received_tickets(start: datetime, end: datetime) -> QuerySet:
    return Ticket.objects.filter(received_at__gte=start, received_at__lt=end).order_by()


def source(name: str, start: datetime, end: datetime, department: int | None = None) -> QuerySet:
    """The items of one source in the period, of one department when `department` is given."""
    if name == "tickets":
        qs = received_tickets(start, end)
        return qs.filter(department_id=department) if department else qs
    if name == "charges":
        # The charges of the tickets received in the period: their figures group with the tickets'.
        qs = Charge.objects.filter(ticket__received_at__gte=start, ticket__received_at__lt=end).order_by()
        return qs.filter(ticket__department_id=department) if department else qs
    qs = counted_callbacks(start, end)
    return qs.filter(department_id=department) if department else qs
