"""Starting a plan, the live page of an activation, checking steps off, closing with the report."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Staff
from core.errors import InvalidInput
from core.web import done, handles_domain_errors, is_fragment_request, render_screen
from emergency import access
from emergency.actions import (
    ActionIn,
    activate_plan,
    check_step,
    close_activation,
    complete_action,
    current_plan,
    get_activation,
)
from emergency.models import CorrectiveAction
from emergency.selectors import activation_detail, step_rows
from emergency.views.forms import local_datetime, parse_date
from tickets.access import get_ticket_for_staff

# Rows of corrective actions the closing form offers.
ACTION_ROWS = 4


@require_POST
@handles_domain_errors
def activate(request: HttpRequest, code: str = "") -> HttpResponse:
    code = code or request.POST.get("plan", "")
    if not code:
        raise InvalidInput(_("Choose the plan to activate."), fields={"plan": _("Required.")})
    plan = current_plan(code)
    number = request.POST.get("ticket", "").strip().upper()
    ticket = get_ticket_for_staff(request.user, number) if number else None
    called_at = local_datetime(request.POST.get("called_at", ""), "called_at") if not ticket else None
    activation = activate_plan(
        plan, actor=request.user, ticket=ticket, note=request.POST.get("note", ""), called_at=called_at
    )
    messages.success(request, _("Plan activated: %(plan)s") % {"plan": plan.name})
    return done(request, reverse("emergency:activation", args=[activation.pk]))


@require_GET
@handles_domain_errors
def live(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone involved follows this page; its live part is polled by htmx every few seconds."""
    return _live(request, pk)


def _live(request: HttpRequest, pk: int) -> HttpResponse:
    access.require(access.can_read(request.user))
    activation = activation_detail(get_activation(pk).pk)
    now = timezone.now()
    rows = step_rows(activation, now)
    for row in rows:
        row["can_check"] = activation.is_active and access.can_check_off(request.user, activation, row["step"])
    context = {
        "activation": activation,
        "rows": rows,
        "now": now,
        "elapsed": now - activation.called_at if activation.is_active else None,
        "open_steps": sum(1 for row in rows if row["step"].done_at is None),
        "can_close": activation.is_active and access.can_lead(request.user),
        "staff": Staff.objects.filter(is_active=True).order_by("work_number") if activation.is_active else [],
        "action_rows": range(1, ACTION_ROWS + 1),
        "today": timezone.localdate(),
        "user_id": request.user.pk,
        "can_lead": access.can_lead(request.user),
    }
    return render_screen(request, "emergency/activation.html", context, partial="live")


@require_POST
@handles_domain_errors
def step_done(request: HttpRequest, pk: int, n: int) -> HttpResponse:
    check_step(get_activation(pk), n, actor=request.user, note=request.POST.get("note", ""))
    if is_fragment_request(request):
        return _live(request, pk)
    return redirect("emergency:activation", pk=pk)


@require_POST
@handles_domain_errors
def close(request: HttpRequest, pk: int) -> HttpResponse:
    post = request.POST
    actions = []
    for i in range(1, ACTION_ROWS + 1):
        text, owner, day = (post.get(f"action_{i}_{part}", "").strip() for part in ("text", "owner", "due_on"))
        if text or owner or day:
            actions.append(ActionIn(text=text, owner=owner, due_on=parse_date(day, f"action_{i}_due_on")))
    close_activation(
        get_activation(pk),
        actor=request.user,
        cause=post.get("cause", ""),
        went_well=post.get("went_well", ""),
        to_improve=post.get("to_improve", ""),
        actions=actions,
    )
    messages.success(request, _("The activation is closed with its after-action report."))
    return done(request, reverse("emergency:activation", args=[pk]))


@require_POST
@handles_domain_errors
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = CorrectiveAction.objects.filter(pk=pk).first()
    if action is None:
        raise InvalidInput(_("No corrective action has this number."))
    complete_action(action, actor=request.user, note=request.POST.get("note", ""))
    messages.success(request, _("Corrective action reported done."))
    return done(request, reverse("emergency:activation", args=[action.activation_id]))
