"""Work-order calls (docs/api.md, additions): the service plan and its time nodes, sub-orders,
the customer's acceptance. Each fetches the ticket through the scoped fetcher (404 for what the
caller may not see) and calls one action or selector."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from accounts.models import Department, Staff
from core.errors import InvalidInput, NotFound
from tickets.access import get_ticket_for_staff
from tickets.api import _with_deadlines
from tickets.schemas import TicketOut
from workorders.acceptance import record_acceptance
from workorders.models import Acceptance, ServicePlan
from workorders.plans import complete_node, set_service_plan
from workorders.schemas import (
    AcceptanceIn,
    AcceptanceOut,
    FamilyOut,
    NodeDoneIn,
    PlanIn,
    PlanOut,
    SubOrderIn,
)
from workorders.suborders import family, split_ticket

router = Router()


def _plan(ticket) -> ServicePlan:
    plan = ServicePlan.objects.select_related("ticket", "responsible", "created_by").filter(ticket=ticket).first()
    if plan is None:
        raise NotFound(_("This ticket has no service plan."))
    return plan


def _member(username: str | None, field: str) -> Staff | None:
    """A named colleague; a name that is nobody's is bad input (400), not a missing page."""
    if not username:
        return None
    found = Staff.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise InvalidInput(_("No such active staff member."), fields={field: _("Unknown.")})
    return found


@router.get("/{number}/plan", response=PlanOut, summary="The service plan (服务方案) and its time nodes")
def plan_detail(request: HttpRequest, number: str):
    return _plan(get_ticket_for_staff(request.auth, number))


@router.post(
    "/{number}/plan",
    response={200: PlanOut, 201: PlanOut},
    summary="Make or revise the service plan; add time nodes (each a watched promise)",
)
def plan_set(request: HttpRequest, number: str, payload: PlanIn):
    ticket = get_ticket_for_staff(request.auth, number)
    _plan_row, created = set_service_plan(
        ticket,
        goal=payload.goal,
        steps=payload.steps,
        responsible=_member(payload.responsible, "responsible"),
        nodes=[(node.title, node.due_at) for node in payload.nodes],
        actor=request.auth,
    )
    return (201 if created else 200), _plan(ticket)


@router.post("/{number}/plan/nodes/{n}/done", response=PlanOut, summary="A time node is done (its promise met)")
def plan_node_done(request: HttpRequest, number: str, n: int, payload: NodeDoneIn | None = None):
    ticket = get_ticket_for_staff(request.auth, number)
    complete_node(ticket, n, actor=request.auth, note=payload.note if payload else "")
    return _plan(ticket)


@router.get("/{number}/suborders", response=FamilyOut, summary="The request's sub-orders (子工单), or its parent")
def suborder_list(request: HttpRequest, number: str):
    related = family(get_ticket_for_staff(request.auth, number))
    items = [
        {
            "number": child.number,
            "department": child.department.code if child.department_id else None,
            "department_name": child.department.name if child.department_id else None,
            "status": child.status,
            "assignee": child.assignee.username if child.assignee_id else None,
            "resolved_at": child.resolved_at,
        }
        for child in related["suborders"]
    ]
    return {
        "parent": related["parent"].number if related["parent"] else None,
        "items": items,
        "open": sum(1 for item in items if item["status"] not in ("resolved", "closed")),
    }


@router.post("/{number}/suborders", response={201: TicketOut}, summary="Split off a sub-order for a department")
def suborder_create(request: HttpRequest, number: str, payload: SubOrderIn):
    ticket = get_ticket_for_staff(request.auth, number)
    department = Department.objects.filter(code=payload.department).first()
    if department is None:
        raise InvalidInput(_("Unknown department."), fields={"department": _("Unknown department.")})
    child = split_ticket(
        ticket,
        department=department,
        content=payload.content,
        assignee=_member(payload.assignee, "assignee"),
        note=payload.note,
        actor=request.auth,
    )
    return 201, _with_deadlines(get_ticket_for_staff(request.auth, child.number))


@router.get("/{number}/acceptance", response=list[AcceptanceOut], summary="The customer's acceptances (验收)")
def acceptance_list(request: HttpRequest, number: str):
    ticket = get_ticket_for_staff(request.auth, number)
    return list(Acceptance.objects.filter(ticket=ticket).select_related("recorded_by", "ticket"))


@router.post(
    "/{number}/acceptance",
    response={201: AcceptanceOut},
    summary="Record the customer's acceptance; not accepted sends the work back",
)
def acceptance_record(request: HttpRequest, number: str, payload: AcceptanceIn):
    ticket = get_ticket_for_staff(request.auth, number)
    acceptance = record_acceptance(
        ticket,
        accepted=payload.accepted,
        method=payload.method,
        confirmed_by=payload.confirmed_by,
        reason=payload.reason,
        actor=request.auth,
    )
    return 201, Acceptance.objects.select_related("recorded_by", "ticket").get(pk=acceptance.pk)
