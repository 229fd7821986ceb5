"""Appraisal and QA API (API.md: `POST inspections`, `GET appraisals/{username}/{month}`,
`GET qa/criteria`, `POST qa/samples`, `POST qa/reviews`; the rest is in docs/appraisal.md).
Each endpoint calls one action or selector."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router

from accounts.models import Staff
from appraisal.access import QA_ROLES, get_person_for, require_manager, require_qa
from appraisal.actions import appeals, inspections, months, qa
from appraisal.export import month_workbook
from appraisal.models import Appeal, Deduction, Inspection, MonthConfirmation, QaCriterion, QaReview
from appraisal.present import card_out, inspection_out, review_out
from appraisal.schemas import (
    AppealIn,
    AppraisalOut,
    CriterionOut,
    DecisionIn,
    InspectionIn,
    InspectionOut,
    MonthOut,
    ReviewIn,
    ReviewOut,
    SampleIn,
    SampleOut,
)
from appraisal.selectors import month_results, scorecard
from appraisal.vocabulary import month_label, parse_month
from callbacks.models import Callback
from core.errors import Forbidden, InvalidInput, NotFound
from tickets.access import get_ticket_for_staff

router = Router()


def _staff(username: str, field: str = "staff") -> Staff:
    person = Staff.objects.filter(username=username).first()
    if person is None:
        raise InvalidInput(_("No staff member has this username."), fields={field: _("Unknown staff member.")})
    return person


@router.post("/inspections", response={201: InspectionOut}, summary="Record an inspection (日检周检月检抽检)")
def inspection_create(request: HttpRequest, payload: InspectionIn):
    person = _staff(payload.staff)
    inspection = inspections.record_inspection(
        person,
        kind=payload.kind,
        findings=[f.model_dump() for f in payload.findings],
        note=payload.note,
        actor=request.auth,
    )
    return 201, inspection_out(inspection)


@router.get("/inspections/{int:inspection_id}", response=InspectionOut, summary="One inspection")
def inspection_detail(request: HttpRequest, inspection_id: int):
    inspection = Inspection.objects.select_related("staff", "inspector").filter(pk=inspection_id).first()
    if inspection is None:
        raise NotFound()
    get_person_for(request.auth, inspection.staff.username)
    return inspection_out(inspection)


@router.get("/appraisal-months/{month}", response=MonthOut, summary="Everyone's results of a month")
def month_list(request: HttpRequest, month: str):
    first = parse_month(month)
    if request.auth.role not in ("manager", "admin"):
        raise Forbidden()
    rows = [
        {
            "staff": r.staff.username,
            "name": r.staff.display_name,
            "work_number": r.staff.work_number,
            "role": r.staff.role,
            "department": r.staff.department.code if r.staff.department_id else None,
            "total": r.total,
            "bonus": r.bonus,
            "result": r.result,
            "kpi": r.kpi,
        }
        for r in month_results(first)
    ]
    return {
        "month": month_label(first),
        "confirmed": MonthConfirmation.objects.filter(month=first).exists(),
        "results": rows,
    }


@router.get("/appraisal-months/{month}/export", summary="The month's results as a spreadsheet (payroll)")
def month_export(request: HttpRequest, month: str):
    first = parse_month(month)
    if request.auth.role not in ("manager", "admin"):
        raise Forbidden()
    return xlsx_response(month_workbook(first), f"appraisal-{month_label(first)}.xlsx")


@router.post("/appraisal-months/{month}/confirm", response=MonthOut, summary="Confirm a month (freezes it)")
def month_confirm(request: HttpRequest, month: str):
    first = parse_month(month)
    require_manager(request.auth)
    months.confirm_month(first, actor=request.auth)
    return month_list(request, month)


@router.get("/appraisals/{username}/{month}", response=AppraisalOut, summary="A person's scorecard of a month")
def appraisal_detail(request: HttpRequest, username: str, month: str):
    first = parse_month(month)
    person = get_person_for(request.auth, username)
    return card_out(scorecard(person, first))


@router.post(
    "/appraisal-deductions/{int:deduction_id}/appeal", response={201: AppraisalOut}, summary="Appeal a deduction once"
)
def deduction_appeal(request: HttpRequest, deduction_id: int, payload: AppealIn):
    deduction = Deduction.objects.select_related("staff").filter(pk=deduction_id).first()
    if deduction is None:
        raise NotFound()
    appeals.appeal_deduction(deduction, reason=payload.reason, actor=request.auth)
    return 201, card_out(scorecard(deduction.staff, deduction.month))


@router.post(
    "/appraisal-appeals/{int:appeal_id}/decide", response=AppraisalOut, summary="Decide an appeal (the superior)"
)
def appeal_decide(request: HttpRequest, appeal_id: int, payload: DecisionIn):
    appeal = Appeal.objects.select_related("deduction__staff").filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound()
    appeals.decide_appeal(appeal, upheld=payload.upheld, note=payload.note, actor=request.auth)
    return card_out(scorecard(appeal.deduction.staff, appeal.deduction.month))


@router.get("/qa/criteria", response=list[CriterionOut], summary="The QA scorecard")
def qa_criteria(request: HttpRequest):
    return [
        {"code": c.code, "name": c.name, "max": c.max_points, "critical": c.critical}
        for c in QaCriterion.objects.filter(is_active=True)
    ]


@router.post("/qa/samples", response={201: SampleOut}, summary="Draw (or draw again) a month's random sample")
def qa_sample(request: HttpRequest, payload: SampleIn):
    require_qa(request.auth)
    first = parse_month(payload.month)
    person = _staff(payload.staff) if payload.staff else None
    samples = qa.draw_samples(first, staff=person, size=payload.size, seed=payload.seed, actor=request.auth)
    seed = samples[0].seed if samples else payload.seed
    items = []
    for sample in samples:
        for item in sample.items.select_related("ticket"):
            items.append(
                {
                    "ticket": item.ticket.number,
                    "callback": item.callback_id,
                    "staff": sample.staff.username,
                    "kind": "callback" if item.callback_id else "ticket",
                }
            )
    return 201, {"seed": seed if seed is not None else 0, "month": month_label(first), "items": items}


@router.post("/qa/reviews", response={201: ReviewOut}, summary="Score a ticket or callback on the QA scorecard")
def qa_review(request: HttpRequest, payload: ReviewIn):
    require_qa(request.auth)
    ticket = get_ticket_for_staff(request.auth, payload.ticket.strip().upper())
    callback = None
    if payload.callback is not None:
        callback = Callback.objects.filter(pk=payload.callback).first()
        if callback is None:
            raise InvalidInput(_("No callback has this id."), fields={"callback": _("Unknown callback.")})
    review = qa.review(ticket, scores=payload.scores, advice=payload.advice, callback=callback, actor=request.auth)
    return 201, review_out(review)


def _review_for(request: HttpRequest, review_id: int) -> QaReview:
    review = QaReview.objects.select_related("ticket", "staff", "reviewer").filter(pk=review_id).first()
    if review is None:
        raise NotFound()
    if request.auth.role not in QA_ROLES:
        get_person_for(request.auth, review.staff.username)  # the agent, or someone above them
    return review


@router.get("/qa/reviews/{int:review_id}", response=ReviewOut, summary="One QA review")
def qa_review_detail(request: HttpRequest, review_id: int):
    return review_out(_review_for(request, review_id))


@router.post("/qa/reviews/{int:review_id}/dispute", response=ReviewOut, summary="Dispute a review once (the agent)")
def qa_dispute(request: HttpRequest, review_id: int, payload: AppealIn):
    review = _review_for(request, review_id)
    return review_out(qa.dispute(review, reason=payload.reason, actor=request.auth))


@router.post("/qa/reviews/{int:review_id}/decide", response=ReviewOut, summary="Decide a dispute")
def qa_decide(request: HttpRequest, review_id: int, payload: DecisionIn):
    review = _review_for(request, review_id)
    qa.decide_dispute(review, upheld=payload.upheld, actor=request.auth)
    return review_out(_review_for(request, review_id))


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
