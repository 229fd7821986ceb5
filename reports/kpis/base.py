"""What a KPI is: a code, a title, its formula in words, the counts it divides and who may see it.

Every figure is a ratio of two counts (or a mean: a sum over a count). The counts are aggregate
expressions run by the database over one of three sources, each grouped as the report asks:

- ``tickets``: the tickets received (``received_at``) in the period (their time promises are
  counted per ticket, reports.kpis.timeliness);
- ``callbacks``: the callbacks created (the work resolved) in the period, superseded rounds left out;
- ``charges``: the items charged on the tickets received in the period (grouped by their ticket's
  columns).

A family module (volume, timeliness, satisfaction, complaints, charges) declares the counts it needs on
each source and the KPIs made of them; reports.table runs one grouped query per source.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Aggregate
from django.utils.functional import Promise

SOURCES = ("tickets", "callbacks", "charges")

# Who may read a figure: "leads" (manager, supervisors, inspectors, administrators, every
# department) or "departments" (also a department's own staff, for their department only).
EVERYONE = "departments"
LEADS = "leads"


@dataclass(frozen=True)
class Count:
    """A named count (or sum) over one source."""

    name: str
    source: str
    expression: Aggregate
    title: Promise


@dataclass(frozen=True)
class Kpi:
    code: str
    title: Promise
    formula: Promise
    numerator: str  # a Count name
    denominator: str | None  # a Count name; None: the numerator is shown as is (a count)
    # "count", "rate" (0..1), "hours" (a mean duration), "score" (a mean), "money" (yuan, a Decimal)
    kind: str = "rate"
    # The handbooks' target, as (comparison, value): (">", 0.98), ("<", 24) ...
    target: tuple[str, float] | None = None
    audience: str = EVERYONE
    # How to list the items behind the figure: the source and the filter names of reports.drill.
    drill: tuple[str, str] | None = None

    def ratio(self, counts: dict) -> Decimal | None:
        """The exact figure from a row's counts (hours for a duration); None where nothing was
        measured (nothing to divide by)."""
        top = Decimal(str(counts.get(self.numerator) or 0))
        if self.denominator is None:
            return top
        bottom = Decimal(str(counts.get(self.denominator) or 0))
        if not bottom:
            return None
        return top / bottom / 3600 if self.kind == "hours" else top / bottom

    def value(self, counts: dict) -> Decimal | float | int | None:
        """The figure as shown and exported: counts as they are, money as a Decimal to the fen,
        rates to 4 places (0.9834 is 98.34 %), hours to one decimal, scores to two; rounded half up."""
        exact = self.ratio(counts)
        if exact is None:
            return None
        if self.kind == "money":
            return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if self.denominator is None:
            return int(exact)
        places = {"hours": "0.1", "score": "0.01"}.get(self.kind, "0.0001")
        return float(exact.quantize(Decimal(places), rounding=ROUND_HALF_UP))

    def meets(self, value) -> bool | None:
        if self.target is None or value is None:
            return None
        op, goal = self.target
        return {">": value > goal, ">=": value >= goal, "<": value < goal, "<=": value <= goal}[op]


def add_counts(into: dict, counts: dict) -> None:
    """Add grouped counts into `into`, durations as seconds: how live rows, daily figures and
    totals are summed alike."""
    for name, value in counts.items():
        if isinstance(value, timedelta):
            value = value.total_seconds()
        into[name] = (into.get(name) or 0) + (value or 0)
