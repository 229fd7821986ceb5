"""Charges (J3): what the paid services brought in and how much free service was given.

- paid revenue (有偿服务收入) = the sum of the amounts of the paid items recorded on the tickets
  received in the period, in yuan (a Decimal, never a float).
- free items (无偿服务项次) = the number of free items recorded on those tickets (one per line
  recorded, whatever its quantity: two free inspections on one visit entered as quantity 2 are
  one line).

Counted, like every ticket figure, on the tickets received in the period, so the rows group and
drill down the same way (the ticket's department, owner, category, channel, community, area),
and a charge recorded later still counts in the period its ticket came in.

Counted on the charges themselves, a source of their own joined to their ticket: the charges
table is small beside the tickets, so the query scans the charges of the period, not a
correlated subquery per ticket.

Worked example: in November 120 tickets were received; three of them had paid items (a battery
¥12.00, 1.5 m of pipe ¥38.25, a valve ¥45.00) and two a free safety inspection each: paid revenue
¥95.25, free items 2.
"""

from django.db.models import Count as CountOf
from django.db.models import DecimalField, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.kpis.base import Count, Kpi

PAID = Q(paid=True)
FREE = Q(paid=False)

COUNTS = [
    Count(
        "paid_revenue",
        "charges",
        Sum("amount", filter=PAID, output_field=DecimalField(max_digits=14, decimal_places=2)),
        _("Revenue from paid services"),
    ),
    Count("free_items", "charges", CountOf("id", filter=FREE), _("Free service items")),
]

KPIS = [
    Kpi(
        "paid_revenue",
        pgettext_lazy("kpi", "Paid service revenue"),
        _("Sum of the paid items' amounts on the tickets received in the period (yuan)."),
        "paid_revenue",
        None,
        kind="money",
        drill=("tickets", "paid_charges"),
    ),
    Kpi(
        "free_items",
        pgettext_lazy("kpi", "Free service items"),
        _("Free items recorded on the tickets received in the period (one per line)."),
        "free_items",
        None,
        kind="count",
        drill=("tickets", "free_charges"),
    ),
]
