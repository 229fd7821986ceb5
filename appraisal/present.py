"""Appraisal records as the API answers them (plain dicts for the *Out schemas)."""

from appraisal.models import Deduction, Inspection, QaReview
from appraisal.selectors import Card, Line
from appraisal.vocabulary import month_label


def line_out(line: Line) -> dict:
    d: Deduction = line.deduction
    appeal = line.appeal
    return {
        "id": d.pk,
        "points": d.points,
        "reason": line.reason,
        "source": d.source,
        "ref": d.ref,
        "url": line.url,
        "counts": d.counts,
        "appeal": None
        if appeal is None
        else {"id": appeal.pk, "status": appeal.status, "reason": appeal.reason, "decision_note": appeal.decision_note},
    }


def card_out(card: Card) -> dict:
    return {
        "staff": card.staff.username,
        "name": card.staff.display_name,
        "month": month_label(card.month),
        "scorecard_version": card.scorecard.version if card.scorecard else None,
        "total": card.total,
        "bonus": card.bonus,
        "result": card.result,
        "confirmed": card.confirmed,
        "categories": [
            {
                "code": row["code"],
                "name": row["name"],
                "max": row["max"],
                "score": row["score"],
                "deductions": [line_out(line) for line in row["lines"]],
            }
            for row in card.categories
        ],
        "points": [line_out(line) for line in card.points],
        "kpi": card.kpi or {},
        "computed_at": card.computed_at,
    }


def inspection_out(inspection: Inspection) -> dict:
    findings = list(inspection.findings.all())
    return {
        "id": inspection.pk,
        "staff": inspection.staff.username,
        "inspector": inspection.inspector.username,
        "kind": inspection.kind,
        "month": month_label(inspection.month),
        "at": inspection.at,
        "note": inspection.note,
        "findings": [
            {"category": f.category, "severity": f.severity, "points": f.points, "cause": f.cause, "note": f.note}
            for f in findings
        ],
        "total": sum(f.points for f in findings),
    }


def review_out(review: QaReview) -> dict:
    return {
        "id": review.pk,
        "ticket": review.ticket.number,
        "callback": review.callback_id,
        "staff": review.staff.username,
        "reviewer": review.reviewer.username,
        "month": month_label(review.month),
        "scores": review.scores,
        "total": review.total,
        "passed": review.passed,
        "critical_failed": review.critical_failed,
        "advice": review.advice,
        "dispute_status": review.dispute_status,
        "dispute_reason": review.dispute_reason,
        "created_at": review.created_at,
    }
