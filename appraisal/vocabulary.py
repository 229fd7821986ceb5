"""The words of appraisal (绩效考核): stored codes, shown in Chinese at display time."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.errors import InvalidInput


class Track(models.TextChoices):
    """Which 100-point scorecard a person is scored on (000 §3)."""

    STAFF = "staff", _("Staff scorecard (steward, agent, night duty)")
    MANAGER = "manager", _("Manager scorecard")


def track_for(role: str) -> str:
    return Track.MANAGER if role == Role.MANAGER else Track.STAFF


# Everyone but the system administrator is appraised.
APPRAISED_ROLES = tuple(r for r in Role.values if r != Role.ADMIN)


class InspectionKind(models.TextChoices):  # 日检周检月检抽检
    DAILY = "daily", _("Daily check")
    WEEKLY = "weekly", _("Weekly check")
    MONTHLY = "monthly", _("Monthly check")
    SPOT = "spot", _("Spot check")


class Severity(models.TextChoices):
    GENERAL = "general", _("General violation")
    SERIOUS = "serious", _("Serious violation")
    CONSEQUENTIAL = "consequential", _("Violation with adverse consequences")


class DeductionKind(models.TextChoices):
    DEDUCTION = "deduction", _("Deduction")
    POINTS = "points", _("Reward points")


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the superior's decision")
    UPHELD = "upheld", _("Upheld: deduction withdrawn")
    REJECTED = "rejected", _("Rejected: deduction stands")


class EventKind(models.TextChoices):
    INSPECTED = "inspected", _("Inspection recorded")
    APPEALED = "appealed", _("Deduction appealed")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
    CONFIRMED = "confirmed", _("Month confirmed")
    SCORECARD_REVISED = "scorecard_revised", _("Scorecard revised")
    RULE_CHANGED = "rule_changed", _("Rule changed")
    QA_SAMPLED = "qa_sampled", _("QA sample drawn")
    QA_REVIEWED = "qa_reviewed", _("QA review recorded")
    QA_DISPUTED = "qa_disputed", _("QA review disputed")
    QA_DISPUTE_DECIDED = "qa_dispute_decided", _("QA dispute decided")


def parse_month(value: str, field: str = "month") -> date:
    """'2026-11' → date(2026, 11, 1); anything else is refused with a field message."""
    text = (value or "").strip() if isinstance(value, str) else ""
    try:
        year, month = text.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        first = date(int(year), int(month), 1)
    except ValueError:
        raise InvalidInput(
            _("Use a month as YYYY-MM, e.g. 2026-11."), fields={field: _("Use a month as YYYY-MM.")}
        ) from None
    if not (2000 <= first.year <= 2100):
        raise InvalidInput(_("This month is outside what the work can mean."), fields={field: _("Out of range.")})
    return first


def month_label(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
