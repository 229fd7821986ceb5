"""Inspections (日检周检月检抽检, I2) and their deductions (I3): each finding deducts from its
category — a general or serious violation the category's fixed amount, one with adverse
consequences what the inspector judges — and a manager's violation also deducts from the
category of its cause (连带扣分)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from appraisal.access import require_superior
from appraisal.actions._common import history, points_value, require_open_month
from appraisal.compute import refresh_results
from appraisal.models import Deduction, Finding, Inspection, Scorecard
from appraisal.vocabulary import APPRAISED_ROLES, EventKind, InspectionKind, Severity, Track, month_label, track_for
from core.errors import InvalidInput, NotFound
from core.text import clean_text

MAX_FINDINGS = 30


def _check_findings(findings: list[dict], card: Scorecard, track: str) -> list[dict]:
    categories = {c.code: c for c in card.categories.all()}
    if not findings:
        raise InvalidInput(_("Record at least one finding."), fields={"findings": _("Required.")})
    if len(findings) > MAX_FINDINGS:
        raise InvalidInput(
            _("At most %(max)s findings per inspection.") % {"max": MAX_FINDINGS},
            fields={"findings": _("Too many.")},
        )
    checked = []
    for n, finding in enumerate(findings):
        where = f"findings.{n}"
        category = categories.get(finding.get("category") or "")
        if category is None:
            raise InvalidInput(
                _("Unknown scorecard category: %(code)s.") % {"code": str(finding.get("category"))[:30]},
                fields={f"{where}.category": _("Not a category of this person's scorecard.")},
            )
        severity = finding.get("severity")
        if severity not in Severity.values:
            raise InvalidInput(
                _("The severity must be general, serious or consequential."),
                fields={f"{where}.severity": _("Not an allowed value.")},
            )
        given = finding.get("points")
        if severity == Severity.CONSEQUENTIAL:
            if given is None or given == "":
                raise InvalidInput(
                    _("A violation with adverse consequences needs the points the inspector deducts."),
                    fields={f"{where}.points": _("Required.")},
                )
            points = points_value(given, f"{where}.points", maximum=category.max_points)
        else:
            if given not in (None, ""):
                raise InvalidInput(
                    _(
                        "Only a violation with adverse consequences takes points; a general or serious one "
                        "deducts the category's fixed amount."
                    ),
                    fields={f"{where}.points": _("Not allowed for this severity.")},
                )
            points = category.general_points if severity == Severity.GENERAL else category.serious_points
        cause = (finding.get("cause") or "").strip()
        if cause:
            linked = categories.get(cause)
            if track != Track.MANAGER:
                raise InvalidInput(
                    _("Linked deductions (连带扣分) apply to the manager's scorecard only."),
                    fields={f"{where}.cause": _("Not allowed for this person.")},
                )
            if linked is None or not linked.is_cause or cause == category.code:
                raise InvalidInput(
                    _("The cause must be one of the scorecard's cause categories."),
                    fields={f"{where}.cause": _("Not an allowed value.")},
                )
        note = clean_text(finding.get("note"), f"{where}.note", required=False, max_length=500)
        checked.append({"category": category, "severity": severity, "points": points, "cause": cause, "note": note})
    return checked


@transaction.atomic
def record_inspection(
    staff: Staff, *, kind: str, findings: list[dict], actor: Staff, note: str = "", now=None
) -> Inspection:
    now = now or timezone.now()
    require_superior(actor, staff)
    if kind not in InspectionKind.values:
        raise InvalidInput(
            _("The kind must be daily, weekly, monthly or spot."), fields={"kind": _("Not an allowed value.")}
        )
    if staff.role not in APPRAISED_ROLES or not staff.is_active:
        raise InvalidInput(_("This person is not appraised."), fields={"staff": _("Not appraised.")})
    month = timezone.localdate(now).replace(day=1)
    require_open_month(month)
    track = track_for(staff.role)
    card = Scorecard.objects.in_force(track, month)
    if card is None:
        raise NotFound(_("No scorecard is in force for this month."))
    checked = _check_findings(findings, card, track)
    note = clean_text(note, "note", required=False, max_length=1000)
    inspection = Inspection.objects.create(staff=staff, inspector=actor, kind=kind, month=month, at=now, note=note)
    for item in checked:
        finding = Finding.objects.create(
            inspection=inspection,
            category=item["category"].code,
            severity=item["severity"],
            points=item["points"],
            cause=item["cause"],
            note=item["note"],
        )
        data = {"kind": kind, "severity": item["severity"], "note": item["note"]}
        main = Deduction.objects.create(
            staff=staff,
            month=month,
            category=finding.category,
            points=finding.points,
            source="inspection",
            ref_id=inspection.pk,
            ref=str(inspection.pk),
            data=data,
            finding=finding,
            created_at=now,
        )
        if item["cause"]:
            Deduction.objects.create(
                staff=staff,
                month=month,
                category=item["cause"],
                points=finding.points,
                source="linked",
                ref_id=inspection.pk,
                ref=str(inspection.pk),
                data={**data, "from": finding.category},
                finding=finding,
                linked_from=main,
                created_at=now,
            )
    history(
        EventKind.INSPECTED,
        actor=actor,
        staff=staff,
        month=month,
        inspection=inspection.pk,
        inspection_kind=kind,
        findings=len(checked),
        points=str(sum((i["points"] for i in checked), Decimal(0))),
        label=month_label(month),
    )
    refresh_results(month, [staff.pk])
    return inspection
