"""Satisfaction figures (E4, D5) per ticket, department, staff member or category. Reads only.

The figures are those of the KPI catalogue (reports.kpis.satisfaction and reports.kpis.complaints,
docs/reports.md): the counts below are its expressions, the rates its ratios, shown here as
percentages. In short:

- A callback counts in the period when it was created (the work was resolved) in [start, end).
  A callback superseded by a later round of the same ticket (done without an outcome) never counts.
- verdicts = callbacks recorded satisfied, basically satisfied or unsatisfied.
- satisfaction rate = satisfied ÷ verdicts (满意率: "satisfied" only).
- callback pass rate = (satisfied + basically satisfied) ÷ verdicts (回访合格率, E4 target > 98 %).
- callback completion rate = callbacks done (a verdict, or unreachable after the last try) ÷ callbacks.
- average score = mean of the overall scores (1-5) given with a verdict.
- complaint processing rate = complaints received in the period that are resolved or closed ÷
  complaints received in the period (D5 target 100 %).
- complaint cycle = mean hours from receipt to the (last) resolution of those processed complaints
  (D5 target < 24 h).
- Rates are percentages rounded half up to one decimal, the average score to two decimals and
  the cycle to one decimal; a rate with nothing to divide by is shown as "—", not 0.

Grouping: a callback belongs to the department responsible for the work when it was resolved, to
the staff member who resolved or answered it, to the ticket's category and to the ticket; a
complaint to its ticket's department, its owner (who follows it, D2), its category and itself.

Cost: every figure is a COUNT/SUM grouped in the database, two queries per grouping (callbacks,
complaints) plus one per grouping for the labels, whatever the number of tickets; the period
filters use the `callback_created` and `ticket_recent` indexes. Python only merges the grouped
rows. The per-ticket grouping is paged (`ticket_page`), since a month holds thousands of tickets.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Staff
from core.errors import InvalidInput
from core.moments import check_moment
from reports.kpis import COUNTS, KPIS
from reports.sources import counted_callbacks
from tickets.models import Ticket
from tickets.vocabulary import Category

GROUPINGS = ("department", "staff", "category", "ticket")

# The column each grouping is counted by: on the callback, and on the complaint's ticket.
CALLBACK_KEY = {
    "department": "department_id",
    "staff": "resolved_by_id",
    "category": "ticket__category",
    "ticket": "ticket_id",
}
COMPLAINT_KEY = {"department": "department_id", "staff": "owner_id", "category": "category", "ticket": "id"}


def _round(value: Decimal, places: str) -> float:
    return float(value.quantize(Decimal(places), rounding=ROUND_HALF_UP))


@dataclass
class Row:
    key: str
    label: str
    callbacks: int = 0
    done: int = 0
    verdicts: int = 0
    satisfied: int = 0
    passed: int = 0
    scored: int = 0
    score_sum: int = 0
    complaints: int = 0
    complaints_processed: int = 0
    cycle_total: timedelta = timedelta(0)

    def _counts(self) -> dict:
        """The row in the names of the KPI catalogue's counts."""
        return {
            "callbacks": self.callbacks,
            "callbacks_done": self.done,
            "verdicts": self.verdicts,
            "satisfied": self.satisfied,
            "passed": self.passed,
            "scored": self.scored,
            "score_sum": self.score_sum,
            "complaints": self.complaints,
            "complaints_processed": self.complaints_processed,
            "complaint_cycle": self.cycle_total.total_seconds(),
        }

    def _percent(self, code: str) -> float | None:
        exact = KPIS[code].ratio(self._counts())
        return None if exact is None else _round(100 * exact, "0.1")

    @property
    def satisfaction_rate(self) -> float | None:
        return self._percent("satisfaction_rate")

    @property
    def pass_rate(self) -> float | None:
        return self._percent("callback_pass_rate")

    @property
    def completion_rate(self) -> float | None:
        return self._percent("callback_completion_rate")

    @property
    def average_score(self) -> float | None:
        exact = KPIS["average_score"].ratio(self._counts())
        return None if exact is None else _round(exact, "0.01")

    @property
    def complaint_processing_rate(self) -> float | None:
        return self._percent("complaint_processing_rate")

    @property
    def complaint_cycle_hours(self) -> float | None:
        exact = KPIS["complaint_cycle_hours"].ratio(self._counts())
        return None if exact is None else _round(exact, "0.1")

    def add(self, values: dict) -> None:
        for name, value in values.items():
            if value is not None:
                setattr(self, name, getattr(self, name) + value)


def received_complaints(start: datetime, end: datetime) -> QuerySet:
    return Ticket.objects.filter(category=Category.COMPLAINT, received_at__gte=start, received_at__lt=end).order_by()


# The catalogue's counts under the names of this screen's Row.
CALLBACK_COUNTS = {
    name: COUNTS[code].expression
    for name, code in (
        ("callbacks", "callbacks"),
        ("done", "callbacks_done"),
        ("verdicts", "verdicts"),
        ("satisfied", "satisfied"),
        ("passed", "passed"),
        ("scored", "scored"),
        ("score_sum", "score_sum"),
    )
}
COMPLAINT_COUNTS = {
    "complaints": COUNTS["complaints"].expression,
    "complaints_processed": COUNTS["complaints_processed"].expression,
    "cycle_total": COUNTS["complaint_cycle"].expression,
}


def _labels(by: str, keys: set) -> dict:
    """Key and label for each grouped id: department code and name, staff username with name and
    work number, category value and label, ticket number."""
    ids = [k for k in keys if k is not None]
    if by == "department":
        return {
            pk: (code, name)
            for pk, code, name in Department.objects.filter(pk__in=ids).values_list("pk", "code", "name")
        }
    if by == "staff":
        return {
            pk: (username, f"{name or username} {number}")
            for pk, username, name, number in Staff.objects.filter(pk__in=ids).values_list(
                "pk", "username", "name", "work_number"
            )
        }
    if by == "category":
        return {value: (value, str(Category(value).label)) for value in ids if value in Category.values}
    return {pk: (number, number) for pk, number in Ticket.objects.filter(pk__in=ids).values_list("pk", "number")}


def period(first: date, last: date) -> tuple[datetime, datetime]:
    """The days first..last, both included, in the installation's time zone, as [start, end)."""
    check_moment(first, "from")
    check_moment(last, "to")
    if last < first:
        raise InvalidInput(_("The end of the period is before its start."), fields={"to": _("Before the start.")})
    zone = timezone.get_current_timezone()
    return datetime.combine(first, time.min, tzinfo=zone), datetime.combine(
        last + timedelta(days=1), time.min, tzinfo=zone
    )


def satisfaction_totals(*, start: datetime, end: datetime) -> Row:
    """The whole period in one row: two aggregate queries."""
    total = Row(key="", label="")
    total.add(counted_callbacks(start, end).aggregate(**CALLBACK_COUNTS))
    total.add(received_complaints(start, end).aggregate(**COMPLAINT_COUNTS))
    return total


def satisfaction_figures(
    *, start: datetime, end: datetime, by: str = "department", ticket_ids: list[int] | None = None
) -> tuple[list[Row], Row]:
    """The rows of one grouping, and the total over the whole period. With `ticket_ids` (the
    per-ticket grouping, one page of it) only those tickets' rows are counted; the total is not."""
    if by not in GROUPINGS:
        raise ValueError(by)
    callbacks, complaints = counted_callbacks(start, end), received_complaints(start, end)
    total = satisfaction_totals(start=start, end=end)
    if ticket_ids is not None:
        callbacks, complaints = callbacks.filter(ticket_id__in=ticket_ids), complaints.filter(pk__in=ticket_ids)

    grouped: dict[object, dict] = {}
    for values in callbacks.values(CALLBACK_KEY[by]).annotate(**CALLBACK_COUNTS):
        grouped.setdefault(values.pop(CALLBACK_KEY[by]), []).append(values)
    for values in complaints.values(COMPLAINT_KEY[by]).annotate(**COMPLAINT_COUNTS):
        grouped.setdefault(values.pop(COMPLAINT_KEY[by]), []).append(values)

    labels = _labels(by, set(grouped))
    rows = []
    for group, parts in grouped.items():
        key, label = labels.get(group, ("", "—"))
        row = Row(key=key, label=label)
        for values in parts:
            row.add(values)
        rows.append(row)
    if by == "ticket":
        rows.sort(key=lambda r: r.key, reverse=True)
    else:
        rows.sort(key=lambda r: (r.label == "—", r.label))
    return rows, total


def ticket_page(*, start: datetime, end: datetime, number: int | str = 1, per_page: int = 50) -> Page:
    """One page of the tickets that have figures in the period (a counted callback or a complaint
    received), newest number first: the per-ticket grouping is read a page at a time."""
    ids = (
        counted_callbacks(start, end)
        .filter(ticket__isnull=False)
        .values_list("ticket_id", flat=True)
        .union(received_complaints(start, end).values_list("id", flat=True))
        .order_by("-ticket_id")
    )
    return Paginator(ids, per_page).get_page(number)
