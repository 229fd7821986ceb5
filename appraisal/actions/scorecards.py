"""The manager edits the scorecards (I1) and the rules (I4). A scorecard change is a new
version in force from a month on; months before keep the version they were scored on."""

import re
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from appraisal.access import require_manager
from appraisal.actions._common import history, points_value
from appraisal.models import MonthConfirmation, Rule, Scorecard, ScoreCategory
from appraisal.sources import SOURCES
from appraisal.vocabulary import DeductionKind, EventKind, Track, month_label
from core.errors import InvalidInput
from core.text import clean_text

CODE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
HUNDRED = Decimal(100)


def check_categories(rows: list[dict]) -> list[dict]:
    if not rows:
        raise InvalidInput(_("A scorecard needs at least one category."), fields={"categories": _("Required.")})
    seen, checked = set(), []
    for n, row in enumerate(rows):
        where = f"categories.{n}"
        code = (row.get("code") or "").strip()
        if not CODE.match(code) or code in seen:
            raise InvalidInput(
                _("Each category needs its own code of lower-case letters, digits and _."),
                fields={f"{where}.code": _("Not an allowed value.")},
            )
        seen.add(code)
        name = clean_text(row.get("name"), f"{where}.name", max_length=50)
        maximum = points_value(row.get("max"), f"{where}.max", maximum=HUNDRED)
        general = points_value(row.get("general"), f"{where}.general", maximum=maximum)
        serious = points_value(row.get("serious"), f"{where}.serious", maximum=maximum)
        if serious < general:
            raise InvalidInput(
                _("A serious violation must deduct at least as much as a general one."),
                fields={f"{where}.serious": _("Too small.")},
            )
        checked.append(
            {
                "code": code,
                "name": name,
                "max_points": maximum,
                "general_points": general,
                "serious_points": serious,
                "is_cause": bool(row.get("is_cause")),
            }
        )
    total = sum((c["max_points"] for c in checked), Decimal(0))
    if total != HUNDRED:
        raise InvalidInput(
            _("The maxima must add up to 100 points (now %(total)s).") % {"total": total},
            fields={"categories": _("Not 100 points.")},
        )
    return checked


@transaction.atomic
def revise_scorecard(track: str, *, categories: list[dict], effective_from: date, actor: Staff) -> Scorecard:
    require_manager(actor)
    if track not in Track.values:
        raise InvalidInput(_("Unknown scorecard."), fields={"track": _("Not an allowed value.")})
    if effective_from < timezone.localdate().replace(day=1):
        raise InvalidInput(
            _("A new version takes effect from this month or a later one."),
            fields={"effective_from": _("In the past.")},
        )
    if MonthConfirmation.objects.filter(month__gte=effective_from).exists():
        raise InvalidInput(
            _("That month has been confirmed already."), fields={"effective_from": _("Confirmed month.")}
        )
    checked = check_categories(categories)
    # Serialise versions of one track: two managers saving at once get versions n and n+1.
    list(Scorecard.objects.select_for_update().filter(track=track))
    version = (Scorecard.objects.filter(track=track).aggregate(v=Max("version"))["v"] or 0) + 1
    card = Scorecard.objects.create(track=track, version=version, effective_from=effective_from, created_by=actor)
    ScoreCategory.objects.bulk_create([ScoreCategory(scorecard=card, order=n, **row) for n, row in enumerate(checked)])
    history(
        EventKind.SCORECARD_REVISED,
        actor=actor,
        track=track,
        version=version,
        effective_from=month_label(effective_from),
    )
    return card


@transaction.atomic
def change_rule(
    rule: Rule,
    *,
    points,
    category: str,
    threshold=None,
    cap=None,
    is_active: bool,
    actor: Staff,
) -> Rule:
    require_manager(actor)
    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    rule.points = points_value(points, "points", maximum=HUNDRED, places="0.01")
    if rule.kind == DeductionKind.DEDUCTION:
        card = Scorecard.objects.in_force(rule.track, timezone.localdate().replace(day=1))
        if card is None or category not in {c.code for c in card.categories.all()}:
            raise InvalidInput(
                _("Unknown scorecard category: %(code)s.") % {"code": category[:30]},
                fields={"category": _("Not a category of this scorecard.")},
            )
        rule.category = category
    source = SOURCES.get(rule.source)
    if source is not None and source.counts_when:
        rule.threshold = points_value(threshold, "threshold", maximum=Decimal(100000), places="0.01")
    rule.cap = None if cap in (None, "") else points_value(cap, "cap", maximum=HUNDRED)
    rule.is_active = bool(is_active)
    rule.updated_by = actor
    rule.updated_at = timezone.now()
    rule.save()
    history(
        EventKind.RULE_CHANGED,
        actor=actor,
        source=rule.source,
        track=rule.track,
        points=str(rule.points),
        category=rule.category,
        active=rule.is_active,
    )
    return rule
