"""Volume (K1): how much work came in and how much of it is closed.

- received = tickets received in the period (``received_at`` in [from, to]).
- closed = those of them whose status is now closed (callback done, or closed by a lead).

Worked example: in November 120 tickets were received; by today 97 of them are closed:
received 120, closed 97.
"""

from django.db.models import Count as CountOf
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.kpis.base import Count, Kpi
from tickets.vocabulary import Status

COUNTS = [
    Count("received", "tickets", CountOf("id"), _("Tickets received")),
    Count("closed", "tickets", CountOf("id", filter=Q(status=Status.CLOSED)), _("Tickets closed")),
]

KPIS = [
    Kpi(
        "received",
        pgettext_lazy("kpi", "Received"),
        _("Tickets received in the period."),
        "received",
        None,
        kind="count",
        drill=("tickets", "received"),
    ),
    Kpi(
        "closed",
        pgettext_lazy("kpi", "Closed"),
        _("Tickets received in the period that are closed now."),
        "closed",
        None,
        kind="count",
        drill=("tickets", "closed"),
    ),
]
