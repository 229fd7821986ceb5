"""Where automatic deductions and points come from (I4, C5, E3): a registry of sources, each a
grouped query over one kind of service record for a month. A rule (models.Rule) says what a
record found by a source costs or gives on each scorecard.

Another app adds a source with a few lines in its AppConfig.ready():

    from appraisal.sources import Found, Source, register
    register(Source(code="...", label=_("..."), collect=my_query, reason=my_wording))

where `collect(period)` returns Found rows: whose record (staff_id), which record (ref_id, ref)
and the parameters the reason is worded from. No source loops over tickets in Python: each is
one query answered by the database, grouped where a month's figure is wanted.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _

from appraisal.models import QaReview
from appraisal.vocabulary import AppealStatus, DeductionKind
from callbacks.models import PASSING, VERDICTS, Callback, Outcome
from complaints.models import Complaint, Target
from deadlines.models import Deadline, DeadlineKind
from tickets.models import Category, Ticket, holder_expression

# The first promised step of the work (how fast it was taken up) and the steps that finish it.
FIRST_STEPS = (DeadlineKind.DISPATCH, DeadlineKind.RESPOND)
FINAL_STEPS = (DeadlineKind.RESOLVE, DeadlineKind.ANSWER)


@dataclass(frozen=True)
class Found:
    staff_id: int
    ref_id: int = 0
    ref: str = ""
    data: dict = field(default_factory=dict)
    count: int = 1
    # For the rules with a threshold (a KPI, the QA pass mark): the figure compared with it.
    measure: Decimal | None = None


@dataclass
class Period:
    month: date
    start: datetime
    end: datetime
    # Figures shared by several sources of one pass (the KPI), computed once.
    cache: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    collect: Callable[[Period], Iterable[Found]]
    reason: Callable[[dict], str]
    kind: str = DeductionKind.DEDUCTION
    # A record counts when its measure is below (or above) the rule's threshold.
    counts_when: str = ""  # "" | "below" | "above"

    def applies(self, found: Found, threshold: Decimal | None) -> bool:
        if not self.counts_when:
            return True
        if threshold is None or found.measure is None:
            return False
        if self.counts_when == "below":
            return found.measure < threshold
        return found.measure > threshold


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    SOURCES[source.code] = source


def _in(period: Period, name: str) -> Q:
    return Q(**{f"{name}__gte": period.start, f"{name}__lt": period.end})


# ---- the service records -------------------------------------------------------------------


def breaches(period: Period) -> Iterable[Found]:
    """A promise broken this month, counted against whoever holds the work (C5). The callback
    step is the callback agents' promise, not the holder's."""
    rows = (
        Deadline.objects.filter(_in(period, "breached_at"))
        .exclude(kind=DeadlineKind.CALLBACK)
        .annotate(holder=holder_expression("ticket__"))
        .values_list("id", "holder", "ticket__number", "kind")
    )
    return (Found(holder, pk, number, {"ticket": number, "step": kind}) for pk, holder, number, kind in rows)


def valid_complaints(period: Period) -> Iterable[Found]:
    rows = Complaint.objects.filter(
        _in(period, "created_at"), is_valid=True, target=Target.STAFF, target_staff__isnull=False
    ).values_list("id", "target_staff_id", "ticket__number")
    return (Found(staff, pk, number, {"ticket": number}) for pk, staff, number in rows)


def unsatisfied_callbacks(period: Period) -> Iterable[Found]:
    rows = Callback.objects.filter(
        _in(period, "done_at"), outcome=Outcome.UNSATISFIED, resolved_by__isnull=False
    ).values_list("id", "resolved_by_id", "ticket__number")
    return (Found(staff, pk, number or "", {"ticket": number or ""}) for pk, staff, number in rows)


def qa_reviews(period: Period) -> Iterable[Found]:
    rows = (
        QaReview.objects.filter(month=period.month)
        .exclude(dispute_status=AppealStatus.UPHELD)
        .values_list("id", "staff_id", "ticket__number", "total", "critical_failed")
    )
    return (
        Found(
            staff,
            pk,
            number,
            {"ticket": number, "total": str(total), "critical": failed},
            measure=Decimal(0) if failed else total,
        )
        for pk, staff, number, total, failed in rows
    )


def praise(period: Period) -> Iterable[Found]:
    """表扬 tickets received this month, for whoever holds them (the praised person's work)."""
    rows = (
        Ticket.objects.filter(_in(period, "received_at"), category=Category.PRAISE)
        .annotate(holder=holder_expression())
        .values_list("id", "holder", "number")
    )
    return (Found(holder, pk, number, {"ticket": number}) for pk, holder, number in rows)


def on_time(period: Period) -> Iterable[Found]:
    """Work finished within its promise this month: one line per person with the count (read
    from the month's figures, which count it anyway)."""
    return (
        Found(staff, 0, "", {"count": values["on_time"]}, count=values["on_time"])
        for staff, values in kpi_figures(period).items()
        if values.get("on_time")
    )


def phrase_overrides(period: Period) -> Iterable[Found]:
    """A forbidden phrase let through with an override (J1). The standards app records them
    (standards.PhraseOverride: staff, at, ticket, phrases); it sits beside this app in the
    layers, so it is reached by name, and the source yields nothing where it is not installed."""
    if not apps.is_installed("standards"):
        return ()
    model = apps.get_model("standards", "PhraseOverride")
    rows = model.objects.filter(_in(period, "at")).values_list("id", "staff_id", "ticket__number", "phrases")
    return (
        Found(staff, pk, number or "", {"ticket": number or "", "phrases": list(phrases or [])[:5]})
        for pk, staff, number, phrases in rows
    )


# ---- the KPI part (I5): response time, satisfaction, efficiency ------------------------------


def kpi_figures(period: Period) -> dict[int, dict]:
    """Each person's month in figures, by grouped queries: the average minutes to the first
    promised step, the share of satisfied verdicts on their work, the share of work finished
    on time. Shown on the scorecard and compared with the KPI rules' targets."""
    if "kpi" in period.cache:
        return period.cache["kpi"]
    figures: dict[int, dict] = {}
    taken = ExpressionWrapper(F("met_at") - F("started_at"), output_field=DurationField())
    first, final = Q(kind__in=FIRST_STEPS), Q(kind__in=FINAL_STEPS)
    # One pass over the month's kept promises for both figures (the costliest scan of the month).
    steps = (
        Deadline.objects.filter(_in(period, "met_at"), kind__in=FIRST_STEPS + FINAL_STEPS)
        .annotate(holder=holder_expression("ticket__"))
        .values("holder")
        .annotate(
            responses=Count("id", filter=first),
            avg=Avg(taken, filter=first),
            finished=Count("id", filter=final),
            good=Count("id", filter=final & Q(met_at__lte=F("due_at"))),
        )
        .values_list("holder", "responses", "avg", "finished", "good")
    )
    for holder, responses, avg, finished, good in steps:
        row = figures.setdefault(holder, {})
        if responses:
            row["responses"] = responses
            row["response_minutes"] = (
                Decimal(avg.total_seconds() / 60).quantize(Decimal("0.1")) if avg is not None else None
            )
        if finished:
            row["finished"] = finished
            row["on_time"] = good
            row["on_time_rate"] = (Decimal(good) / finished).quantize(Decimal("0.001"))
    verdicts = (
        Callback.objects.filter(_in(period, "done_at"), outcome__in=VERDICTS, resolved_by__isnull=False)
        .values("resolved_by")
        .annotate(n=Count("id"), good=Count("id", filter=Q(outcome__in=PASSING)))
        .values_list("resolved_by", "n", "good")
    )
    for staff, n, good in verdicts:
        figures.setdefault(staff, {})["satisfaction"] = (Decimal(good) / n).quantize(Decimal("0.001"))
        figures[staff]["verdicts"] = n
    period.cache["kpi"] = figures
    return figures


def _kpi(name: str, amount: str) -> Callable[[Period], Iterable[Found]]:
    def collect(period: Period) -> Iterable[Found]:
        return (
            Found(staff, 0, "", {"value": str(values[name])}, measure=values[name])
            for staff, values in kpi_figures(period).items()
            if values.get(name) is not None and values.get(amount)
        )

    return collect


# ---- wording (display time) -----------------------------------------------------------------


def _ticket_reason(text: str) -> Callable[[dict], str]:
    return lambda data: str(text) % {"ticket": data.get("ticket", "")}


def _breach_reason(data: dict) -> str:
    try:
        step = DeadlineKind(data.get("step", "")).label
    except ValueError:
        step = data.get("step", "")
    return str(_("Promise broken: %(ticket)s, step %(step)s")) % {"ticket": data.get("ticket", ""), "step": step}


def _qa_reason(data: dict) -> str:
    if data.get("critical"):
        return str(_("QA review failed on a critical criterion: %(ticket)s")) % {"ticket": data.get("ticket", "")}
    return str(_("QA review below the pass mark: %(ticket)s, %(total)s points")) % {
        "ticket": data.get("ticket", ""),
        "total": data.get("total", ""),
    }


register(Source("breach", _("Broken promise"), breaches, _breach_reason))
register(Source("complaint", _("Valid complaint"), valid_complaints, _ticket_reason(_("Valid complaint: %(ticket)s"))))
register(
    Source(
        "callback",
        _("Unsatisfied callback"),
        unsatisfied_callbacks,
        _ticket_reason(_("Customer unsatisfied at the callback: %(ticket)s")),
    )
)
register(Source("qa", _("QA review below the pass mark"), qa_reviews, _qa_reason, counts_when="below"))
register(
    Source(
        "phrase",
        _("Forbidden phrase let through"),
        phrase_overrides,
        _ticket_reason(_("Forbidden phrase let through with an override: %(ticket)s")),
    )
)
register(
    Source(
        "kpi_response",
        _("Response time above target"),
        _kpi("response_minutes", "responses"),
        lambda d: str(_("Average response %(value)s minutes, above the target")) % d,
        counts_when="above",
    )
)
register(
    Source(
        "kpi_satisfaction",
        _("Satisfaction below target"),
        _kpi("satisfaction", "verdicts"),
        lambda d: str(_("Satisfaction %(value)s, below the target")) % d,
        counts_when="below",
    )
)
register(
    Source(
        "kpi_on_time",
        _("On-time rate below target"),
        _kpi("on_time_rate", "finished"),
        lambda d: str(_("On-time rate %(value)s, below the target")) % d,
        counts_when="below",
    )
)
register(Source("praise", _("Praise"), praise, _ticket_reason(_("Praised: %(ticket)s")), kind=DeductionKind.POINTS))
register(
    Source(
        "on_time",
        _("Work finished on time"),
        on_time,
        lambda d: str(_("%(count)s pieces of work finished on time")) % d,
        kind=DeductionKind.POINTS,
    )
)
