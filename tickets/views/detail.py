"""The ticket page (/tickets/<number>/): what was asked, who has it, what was promised, what
happened, and the moves the reader may make now."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import can_reveal_phone, can_see_customers
from accounts.models import INTAKE_ROLES, Department, Role, Staff
from core.web import handles_domain_errors, render_screen
from tickets.access import get_ticket_for_staff
from tickets.actions import reveal_ticket_phone
from tickets.actions.appointments import may_reschedule
from tickets.actions.late import may_report_late
from tickets.models import Ticket
from tickets.selectors import ticket_deadlines, timeline
from tickets.transitions import available_transitions

TEMPLATE = "tickets/detail.html"


@require_GET
@handles_domain_errors
def ticket_page(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    return render_screen(request, TEMPLATE, detail_context(request, ticket), partial="panel")


@require_GET
@handles_domain_errors
def ticket_timeline(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    return render_screen(request, TEMPLATE, {"ticket": ticket, "events": timeline(ticket)}, partial="timeline")


@require_POST
@handles_domain_errors
def reveal_phone(request: HttpRequest, number: str) -> HttpResponse:
    """F3: the full number, once, for this reader; the action puts the look on the timeline."""
    ticket = get_ticket_for_staff(request.user, number)
    phone = reveal_ticket_phone(ticket, actor=request.user)
    # Only ever asked for by the button's htmx request: the fragment whatever the headers say.
    return render(request, f"{TEMPLATE}#revealed-phone", {"ticket": ticket, "phone": phone})


# Sections the apps above tickets add to the ticket page (filled in their AppConfig.ready()):
# each takes (request, ticket) and returns a context with its "template", or None to add nothing.
PANELS: list = []


def detail_context(request: HttpRequest, ticket: Ticket) -> dict:
    user = request.user
    transitions = {t.name: t for t in available_transitions(ticket, user)}
    context = {
        "ticket": ticket,
        "customer": ticket.customer,
        "deadlines": ticket_deadlines(ticket),
        "events": timeline(ticket),
        "transitions": transitions,
        "can_reveal": can_reveal_phone(user),
        "can_see_customers": can_see_customers(user),
        "may_report_late": may_report_late(ticket, user),
        "may_reschedule": ticket.appointment_at is not None and may_reschedule(ticket, user),
        "panels": [panel for panel in (add(request, ticket) for add in PANELS) if panel],
    }
    # The choices only the offered forms need: no query for a reader who cannot use them.
    if "dispatch" in transitions:
        context["departments"] = Department.objects.filter(is_active=True)
        # 派工到人: an engineer of the chosen department, optional (the action checks the match).
        context["engineers"] = (
            Staff.objects.filter(is_active=True, role=Role.FIELD, department__is_active=True)
            .select_related("department")
            .order_by("department__name", "work_number")
        )
    if "assign" in transitions:
        context["members"] = Staff.objects.filter(is_active=True, department_id=ticket.department_id).order_by(
            "work_number"
        )
    if "transfer" in transitions:
        context["owners"] = Staff.objects.filter(is_active=True, role__in=INTAKE_ROLES).exclude(pk=ticket.owner_id)
    return context
