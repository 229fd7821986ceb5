"""Reads of appraisal: a person's scorecard of a month as it stands, the month's results."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.models import Staff
from appraisal.models import Deduction, Inspection, MonthConfirmation, MonthResult, QaReview, Scorecard
from appraisal.models.records import KPI_FIELDS
from appraisal.scoring import score_categories
from appraisal.sources import SOURCES
from appraisal.vocabulary import DeductionKind, InspectionKind, Severity, month_label, track_for
from core.web import route


@dataclass
class Line:
    deduction: Deduction
    reason: str
    url: str | None

    @property
    def appeal(self):
        return getattr(self.deduction, "appeal", None)

    @property
    def appeal_url(self) -> str:
        return route("appraisal-appeal", self.deduction.pk)

    @property
    def decide_url(self) -> str | None:
        appeal = self.appeal
        return route("appraisal-decide", appeal.pk) if appeal else None


@dataclass
class Card:
    staff: Staff
    month: date
    scorecard: Scorecard | None
    categories: list[dict] = field(default_factory=list)
    points: list[Line] = field(default_factory=list)
    total: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    kpi: dict = field(default_factory=dict)
    computed_at: object = None
    confirmed: bool = False
    uncategorised: list[Line] = field(default_factory=list)

    @property
    def result(self) -> Decimal:
        return self.total + self.bonus

    @property
    def label(self) -> str:
        return month_label(self.month)


def reason_for(line: Deduction) -> str:
    data = line.data or {}
    if line.source in ("inspection", "linked"):
        try:
            kind = InspectionKind(data.get("kind", "")).label
        except ValueError:
            kind = data.get("kind", "")
        try:
            severity = Severity(data.get("severity", "")).label
        except ValueError:
            severity = data.get("severity", "")
        text = f"{kind} · {severity}"
        if line.source == "linked":
            text = _("Linked deduction (连带) from %(category)s: %(text)s") % {
                "category": data.get("from", ""),
                "text": text,
            }
        note = data.get("note")
        return f"{text}：{note}" if note else text
    source = SOURCES.get(line.source)
    if source is None:
        return line.source
    return source.reason(data)


def link_for(line: Deduction) -> str | None:
    data = line.data or {}
    if line.source in ("inspection", "linked"):
        return route("appraisal-inspection", line.ref_id)
    if line.source == "qa":
        return route("qa-review", line.ref_id)
    if data.get("ticket"):
        return route("ticket-detail", data["ticket"])
    return None


def scorecard(person: Staff, month: date) -> Card:
    """Four queries: the version in force (with its categories), the lines with their appeals,
    the stored KPI figures, the confirmation."""
    card = Card(staff=person, month=month, scorecard=Scorecard.objects.in_force(track_for(person.role), month))
    lines = list(
        Deduction.objects.filter(staff=person, month=month, revoked_at__isnull=True)
        .select_related("appeal")
        .order_by("created_at", "id")
    )
    by_category: dict[str, list[Line]] = defaultdict(list)
    deducted: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        item = Line(line, reason_for(line), link_for(line))
        if line.kind == DeductionKind.POINTS:
            card.points.append(item)
            if line.counts:
                card.bonus += line.points
            continue
        by_category[line.category].append(item)
        if line.counts:
            deducted[line.category] += line.points
    if card.scorecard is not None:
        rows = score_categories(card.scorecard.categories.all(), deducted)
        for row in rows:
            row["lines"] = by_category.pop(row["code"], [])
        card.categories = rows
        card.total = sum((r["score"] for r in rows), Decimal(0))
    card.uncategorised = [line for rest in by_category.values() for line in rest]
    stored = MonthResult.objects.filter(staff=person, month=month).only(*KPI_FIELDS, "computed_at").first()
    if stored:
        card.kpi, card.computed_at = stored.kpi, stored.computed_at
    card.confirmed = MonthConfirmation.objects.filter(month=month).exists()
    return card


def month_results(month: date):
    return (
        MonthResult.objects.filter(month=month)
        .select_related("staff__department", "staff__superior", "scorecard")
        .order_by("staff__work_number")
    )


def inspections_by(user: Staff, limit: int = 50):
    return (
        Inspection.objects.filter(inspector=user)
        .select_related("staff")
        .prefetch_related("findings")
        .order_by("-at", "-id")[:limit]
    )


def reviews_of(person: Staff, month: date, limit: int = 50):
    return (
        QaReview.objects.filter(staff=person, month=month)
        .select_related("ticket", "reviewer")
        .order_by("-created_at")[:limit]
    )
