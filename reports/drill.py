"""The items behind a figure (drill-down, K2): the tickets or callbacks a number counts, with the
period, the grouping's row and the figure's own condition: a click on a cell lists exactly them."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from callbacks.models import CallbackStatus, Outcome
from core.errors import InvalidInput
from deadlines.models import Deadline
from knowledge.models import Charge
from reports.groupings import Grouping
from reports.kpis.complaints import COMPLAINT, PROCESSED, WITHIN_24H
from reports.kpis.satisfaction import REPAIR, VERDICT
from reports.kpis.timeliness import DECIDED, ON_TIME
from reports.periods import Period
from reports.sources import source
from tickets.vocabulary import Status

_BROKEN_PROMISE = Deadline.objects.filter(DECIDED, ticket=OuterRef("pk")).exclude(ON_TIME)
_PAID_CHARGE = Charge.objects.filter(ticket=OuterRef("pk"), paid=True)
_FREE_CHARGE = Charge.objects.filter(ticket=OuterRef("pk"), paid=False)

# name: (source, condition, what the list shows)
DRILLS = {
    "received": ("tickets", Q(), _("Tickets received")),
    "closed": ("tickets", Q(status=Status.CLOSED), _("Tickets closed")),
    "late": ("tickets", Q(Exists(_BROKEN_PROMISE)), _("Tickets with a promise not met on time")),
    "complaints": ("tickets", COMPLAINT, _("Complaints")),
    "complaints_open": ("tickets", COMPLAINT & ~PROCESSED, _("Complaints not processed")),
    "complaints_late": ("tickets", COMPLAINT & ~WITHIN_24H, _("Complaints not processed within 24 h")),
    "paid_charges": ("tickets", Q(Exists(_PAID_CHARGE)), _("Tickets with paid service items")),
    "free_charges": ("tickets", Q(Exists(_FREE_CHARGE)), _("Tickets with free service items")),
    "verdicts": ("callbacks", VERDICT, _("Callbacks with a verdict")),
    "failed": ("callbacks", Q(outcome=Outcome.UNSATISFIED), _("Callbacks unsatisfied")),
    "repair_failed": ("callbacks", REPAIR & Q(outcome=Outcome.UNSATISFIED), _("Repair callbacks unsatisfied")),
    "open": ("callbacks", ~Q(status=CallbackStatus.DONE), _("Callbacks not done")),
}


def drill_items(
    period: Period, by: Grouping | None, key: str | None, name: str, *, department: int | None = None
) -> tuple[str, QuerySet]:
    """(source, items) behind the figure `name` of the row `key` of grouping `by` (no grouping:
    the whole period's)."""
    if name not in DRILLS:
        raise InvalidInput(_("Unknown figure."), fields={"figure": _("Not an allowed value.")})
    kind, condition, _title = DRILLS[name]
    qs = source(kind, *period.bounds(), department).filter(condition)
    if by is not None and key is not None:
        qs = qs.filter(by.matching(kind, key))
    if kind == "tickets":
        qs = qs.select_related("department", "owner", "premises__community").order_by("-received_at", "-id")
    else:
        qs = qs.select_related("ticket", "department", "resolved_by").order_by("-created_at", "-id")
    return kind, qs
