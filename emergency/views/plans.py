"""The emergency overview, the plan library and the paper intake form of the system-failure plan."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from core.web import handles_domain_errors, render_screen
from emergency import access
from emergency.actions import current_plan
from emergency.drills import drill_board
from emergency.models import Drill, Plan
from emergency.selectors import activations, open_corrective_actions
from emergency.views.revise import sheet
from tickets.vocabulary import Category, Channel


@require_GET
@handles_domain_errors
def overview(request: HttpRequest) -> HttpResponse:
    access.require(access.can_read(request.user))
    drills = {row.plan.code: row for row in drill_board()}
    context = {
        "running": list(activations().filter(status="active")[:50]),
        "recent": list(activations().filter(status="closed")[:10]),
        "plans": [
            (plan, drills.get(plan.code))
            for plan in Plan.objects.current().annotate(step_count=Count("steps")).order_by("code")
        ],
        "actions": list(open_corrective_actions()[:50]),
        "can_activate": access.can_activate(request.user),
    }
    return render_screen(request, "emergency/overview.html", context)


@require_GET
@handles_domain_errors
def plan_page(request: HttpRequest, code: str) -> HttpResponse:
    access.require(access.can_read(request.user))
    plan = current_plan(code)
    context = {
        "plan": plan,
        "steps": plan.steps.select_related("department"),
        "resources": plan.resources.all(),
        "notices": plan.notices.select_related("department"),
        "versions": Plan.objects.filter(code=plan.code).select_related("created_by").order_by("-version"),
        "drills": Drill.objects.filter(plan__code=plan.code).select_related("plan")[:10],
        "can_activate": access.can_activate(request.user),
        "can_revise": access.can_lead(request.user),
        "sheet": sheet(plan),
    }
    return render_screen(request, "emergency/plan.html", context)


@require_GET
@handles_domain_errors
def paper_form(request: HttpRequest) -> HttpResponse:
    """The system-failure plan's paper intake form (纸质受理单): printed in advance, filled in by
    hand while the product is down, entered afterwards with the original received time."""
    access.require(access.can_read(request.user))
    context = {"rows": range(6), "categories": Category.choices, "channels": Channel.choices}
    return render_screen(request, "emergency/paper_form.html", context)
