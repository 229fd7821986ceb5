"""Timeliness (K1, C): the on-time completion rate of the time promises (时效承诺).

- promises decided = the time promises (dispatch, handling, resolution ... each round of each)
  of the tickets received in the period that are settled: met, or recorded as broken by the
  deadline watcher. A promise still running and not yet due is not counted yet.
- on time = of those, the promises met by their due time and never recorded as broken.
- on-time rate = on time ÷ promises decided.

Worked example: 40 repairs received in a week made 120 promises; 100 are settled, 92 of them met
by their due time: on-time rate = 92 ÷ 100 = 0.92 (92 %). The 20 still running wait.

Counted on the tickets: each ticket's promises by a correlated subquery (an index probe on
deadline_once_per_round per ticket). Joined instead, PostgreSQL hashed the whole deadline table
(every promise ever made) to keep a month's worth: 2.1 s at 1,000,000 tickets (bench/README.md).
"""

from django.db.models import Count as CountOf
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deadlines.models import Deadline
from reports.kpis.base import Count, Kpi

DECIDED = Q(met_at__isnull=False) | Q(breached_at__isnull=False)
ON_TIME = Q(met_at__isnull=False, met_at__lte=F("due_at"), breached_at__isnull=True)


def _per_ticket(condition: Q) -> Sum:
    """The sum over the grouped tickets of each one's promises matching `condition`."""
    promises = Deadline.objects.filter(condition, ticket=OuterRef("pk")).order_by().values("ticket")
    counted = Subquery(promises.annotate(n=CountOf("id")).values("n"), output_field=IntegerField())
    return Sum(Coalesce(counted, 0))


COUNTS = [
    Count("promises", "tickets", _per_ticket(DECIDED), _("Promises settled")),
    Count("on_time", "tickets", _per_ticket(ON_TIME), _("Promises met on time")),
]

KPIS = [
    Kpi(
        "on_time_rate",
        pgettext_lazy("kpi", "On-time rate"),
        _("Time promises met by their due time ÷ time promises settled (met or broken)."),
        "on_time",
        "promises",
        drill=("tickets", "late"),
    ),
]
