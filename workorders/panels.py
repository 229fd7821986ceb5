"""What work orders add to the ticket page (through tickets.views.detail.PANELS)."""

from django.utils import timezone

from accounts.models import Department, Role, Staff
from core.db.compiled import Compiled, Param
from deadlines.models import Deadline
from workorders.acceptance import acceptance_of
from workorders.access import may_plan, may_record_acceptance, may_split
from workorders.models import Acceptance, AcceptanceMethod, ServicePlan
from workorders.plans import may_complete_node
from workorders.suborders import family

# Read on every ticket page: compiled once (core.db.compiled).
_PLAN = Compiled(
    lambda: ServicePlan.objects.select_related("responsible").filter(
        ticket_id=Param("ticket", ServicePlan._meta.get_field("ticket"))
    )
)
_ACCEPTANCES = Compiled(
    lambda: Acceptance.objects.filter(ticket_id=Param("ticket", Acceptance._meta.get_field("ticket"))).select_related(
        "recorded_by"
    )
)


def work_order_panel(request, ticket) -> dict:
    user = request.user
    plan = _PLAN.first(ticket=ticket.pk)
    nodes = list(plan.nodes.select_related("deadline", "done_by")) if plan else []
    now = timezone.now()
    for node in nodes:
        node.state = Deadline.state_at(node.deadline, now)
    related = family(ticket)
    acceptances = _ACCEPTANCES.all(ticket=ticket.pk)
    context = {
        "template": "workorders/panel.html",
        "plan": plan,
        "nodes": nodes,
        "parent": related["parent"],
        "suborders": related["suborders"],
        "acceptances": acceptances,
        "accepted_now": acceptance_of(ticket, among=acceptances),
        "may_plan": may_plan(ticket, user),
        "may_complete_node": may_complete_node(ticket, user),
        "may_split": may_split(ticket, user, suborder=related["parent"] is not None),
        "may_accept": may_record_acceptance(ticket, user),
        "methods": [(v, label) for v, label in AcceptanceMethod.choices if v != AcceptanceMethod.PORTAL],
    }
    if context["may_plan"]:
        context["members"] = Staff.objects.filter(is_active=True, department_id=ticket.department_id).order_by(
            "work_number"
        )
    if context["may_split"]:
        context["split_departments"] = Department.objects.filter(is_active=True)
        context["split_engineers"] = (
            Staff.objects.filter(is_active=True, role=Role.FIELD, department__is_active=True)
            .select_related("department")
            .order_by("department__name", "work_number")
        )
    # Nothing to show and nothing to do: the panel stays away.
    if not (plan or related["parent"] or related["suborders"] or context["acceptances"]) and not any(
        context[k] for k in ("may_plan", "may_split", "may_accept")
    ):
        return None
    return context
