"""Emergency API (API.md: `emergency/…`): the plan library, activation, check-off, drills."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from emergency import access
from emergency.actions import ActionIn, activate_plan, check_step, close_activation, current_plan, get_activation
from emergency.drills import record_drill
from emergency.models import Activation, Drill
from emergency.plans import current_plans
from emergency.schemas import ActivateIn, ActivationOut, CloseIn, DrillIn, DrillOut, PlanOut, StepDoneIn
from emergency.selectors import activation_detail
from tickets.access import get_ticket_for_staff

router = Router()


@router.get("/plans", response=list[PlanOut], summary="The plan library (current versions)")
def plan_list(request: HttpRequest):
    access.require(access.can_read(request.auth))
    return list(current_plans().order_by("code"))


@router.post("/plans/{code}/activate", response={201: ActivationOut}, summary="Activate a plan")
def plan_activate(request: HttpRequest, code: str, payload: ActivateIn | None = None):
    payload = payload or ActivateIn()
    plan = current_plan(code)
    ticket = get_ticket_for_staff(request.auth, payload.ticket.strip().upper()) if payload.ticket else None
    activation = activate_plan(plan, actor=request.auth, ticket=ticket, note=payload.note, called_at=payload.called_at)
    return 201, activation_out(activation.pk)


@router.get("/activations/{int:activation_id}", response=ActivationOut, summary="An activation and its steps")
def activation_read(request: HttpRequest, activation_id: int):
    access.require(access.can_read(request.auth))
    return activation_out(get_activation(activation_id).pk)


@router.post("/activations/{int:activation_id}/steps/{int:n}", response=ActivationOut, summary="Check a step off")
def activation_step(request: HttpRequest, activation_id: int, n: int, payload: StepDoneIn | None = None):
    payload = payload or StepDoneIn()
    check_step(get_activation(activation_id), n, actor=request.auth, note=payload.note)
    return activation_out(activation_id)


@router.post(
    "/activations/{int:activation_id}/close", response=ActivationOut, summary="Close with the after-action report"
)
def activation_close(request: HttpRequest, activation_id: int, payload: CloseIn):
    close_activation(
        get_activation(activation_id),
        actor=request.auth,
        cause=payload.cause,
        went_well=payload.went_well,
        to_improve=payload.to_improve,
        actions=[ActionIn(text=a.text, owner=a.owner, due_on=a.due_on) for a in payload.actions],
    )
    return activation_out(activation_id)


@router.post("/plans/{code}/drills", response={201: DrillOut}, summary="Record a drill")
def plan_drill(request: HttpRequest, code: str, payload: DrillIn):
    drill = record_drill(
        current_plan(code),
        actor=request.auth,
        held_at=payload.held_at,
        participants=payload.participants,
        findings=payload.findings,
        scenario=payload.scenario,
        score=payload.score,
        ended_at=payload.ended_at,
    )
    return 201, drill_out(drill)


def activation_out(pk: int) -> dict:
    a: Activation = activation_detail(pk)
    now = timezone.now()
    return {
        "id": a.pk,
        "plan": a.plan.code,
        "plan_name": a.plan.name,
        "version": a.plan.version,
        "ticket": a.ticket.number if a.ticket_id else None,
        "status": a.status,
        "called_at": a.called_at,
        "started_at": a.started_at,
        "started_by": a.started_by.username,
        "minutes_to_activate": int(a.to_activation.total_seconds() // 60),
        "alerted": [p.get("username", "") for p in a.alerted],
        "steps": [
            {
                "n": s.n,
                "title": s.title,
                "role": s.role,
                "due_at": s.due_at,
                "done_at": s.done_at,
                "by": s.done_by.username if s.done_by_id else None,
                "note": s.note,
                "overdue": s.is_overdue(now),
                "minutes_from_call": int((s.done_at - a.called_at).total_seconds() // 60) if s.done_at else None,
            }
            for s in a.steps.all()
        ],
        "closed_at": a.closed_at,
        "cause": a.cause,
        "went_well": a.went_well,
        "to_improve": a.to_improve,
        "actions": [
            {"id": c.pk, "text": c.text, "owner": c.owner.username, "due_on": c.due_on, "done_at": c.done_at}
            for c in a.actions.all()
        ],
    }


def drill_out(drill: Drill) -> dict:
    return {
        "id": drill.pk,
        "plan": drill.plan.code,
        "version": drill.plan.version,
        "held_at": drill.held_at,
        "ended_at": drill.ended_at,
        "scenario": drill.scenario,
        "participants": sorted(drill.participants.values_list("username", flat=True)),
        "findings": drill.findings,
        "score": drill.score,
        "recorded_by": drill.recorded_by.username,
    }
