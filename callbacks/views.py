"""The callback agents' screens: the queue (oldest due first) and one callback with its script;
the manager's satisfaction figures."""

from datetime import date, datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import can_reveal_phone
from callbacks.access import can_read_figures, get_callback_for_staff, require_callback_role, require_figures_role
from callbacks.actions import create_manual_callback, find_callback_target, record_callback
from callbacks.figures import GROUPINGS, period, satisfaction_figures, satisfaction_totals, ticket_page
from callbacks.models import MANUAL_KINDS, CallbackKind, Outcome
from callbacks.scripts import script_for
from callbacks.selectors import callback_queue
from core.errors import InvalidInput
from core.web import handles_domain_errors, paginate, render_screen
from tickets.selectors import timeline

MANUAL_CHOICES = [(kind.value, kind.label) for kind in CallbackKind if kind in MANUAL_KINDS]


@require_GET
@handles_domain_errors
def queue(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("mine") == "1"
    page = paginate(request, callback_queue(request.user, mine=mine))
    context = {"page": page, "now": timezone.now(), "manual_kinds": MANUAL_CHOICES, "mine": mine}
    return render_screen(request, "callbacks/queue.html", context, partial="results")


def _local_time(value: str, field: str) -> datetime:
    """A datetime-local input (2026-11-25T10:00), in the installation's time zone."""
    try:
        parsed = datetime.fromisoformat((value or "").strip())
    except ValueError:
        raise InvalidInput(_("Enter a date and time."), fields={field: _("Not a date and time.")}) from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@require_POST
@handles_domain_errors
def new_callback(request: HttpRequest) -> HttpResponse:
    """A pre-sale, after-sale, project-stage or expiring-member callback, queued by hand (E1)."""
    require_callback_role(request.user)
    post = request.POST
    customer, ticket = find_callback_target(request.user, post.get("customer", ""))
    callback = create_manual_callback(
        kind=post.get("kind", ""),
        customer=customer,
        ticket=ticket,
        due_at=_local_time(post.get("due_at", ""), "due_at"),
        note=post.get("note", ""),
        actor=request.user,
    )
    messages.success(request, _("The callback is queued: %(kind)s.") % {"kind": callback.get_kind_display()})
    return redirect("callback-queue")


@require_GET
@handles_domain_errors
def callback_page(request: HttpRequest, callback_id: int) -> HttpResponse:
    callback = get_callback_for_staff(request.user, callback_id)
    context = {
        "callback": callback,
        "ticket": callback.ticket,
        "script": script_for(callback, request.user),
        "outcomes": Outcome.choices,
        "scores": range(5, 0, -1),
        "events": timeline(callback.ticket) if callback.ticket_id else [],
        "can_reveal": can_reveal_phone(request.user),
        "now": timezone.now(),
    }
    return render_screen(request, "callbacks/detail.html", context)


@require_POST
@handles_domain_errors
def record(request: HttpRequest, callback_id: int) -> HttpResponse:
    callback = get_callback_for_staff(request.user, callback_id)
    post = request.POST
    answers = {key.removeprefix("q_"): value for key, value in post.items() if key.startswith("q_") and value}
    call_after = _local_time(post["call_after"], "call_after") if post.get("call_after") else None
    callback = record_callback(
        callback,
        outcome=post.get("outcome", ""),
        score=post.get("score") or None,
        answers=answers,
        note=post.get("note", ""),
        call_after=call_after,
        actor=request.user,
    )
    label = callback.ticket.number if callback.ticket_id else str(callback.pk)
    messages.success(
        request,
        _("%(ticket)s: callback recorded (%(outcome)s).")
        % {
            "ticket": label,
            "outcome": Outcome(post["outcome"]).label,
        },
    )
    return redirect("callback-queue")


def _day(value: str, default: date) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Use a date like 2026-11-01."), fields={"from": _("Not a date.")}) from None


@require_GET
@handles_domain_errors
def figures(request: HttpRequest) -> HttpResponse:
    """Satisfaction figures for a period (E4, D5); definitions in callbacks/figures.py and docs/figures.md."""
    require_figures_role(request.user)
    today = timezone.localdate()
    first = _day(request.GET.get("from", ""), today.replace(day=1))
    last = _day(request.GET.get("to", ""), today)
    start, end = period(first, last)
    by = request.GET.get("by", "department")
    if by not in GROUPINGS:
        raise InvalidInput(_("Unknown grouping."), fields={"by": _("Not an allowed value.")})
    page = None
    if by == "ticket":
        # A month holds thousands of tickets: their rows are read a page at a time.
        page = ticket_page(start=start, end=end, number=request.GET.get("page", 1))
        rows, total = satisfaction_figures(start=start, end=end, by=by, ticket_ids=list(page.object_list))
    else:
        rows, total = satisfaction_figures(start=start, end=end, by=by)
    groupings = [
        ("department", _("Department")),
        ("staff", _("Staff member")),
        ("category", _("Category")),
        ("ticket", _("Ticket")),
    ]
    context = {
        "rows": rows,
        "total": total,
        "by": by,
        "first": first,
        "last": last,
        "groupings": groupings,
        "page": page,
    }
    return render_screen(request, "callbacks/figures.html", context, partial="results")


@require_GET
def figures_strip(request: HttpRequest) -> HttpResponse:
    """This month's totals for the board (htmx): the leads see them, anybody else gets nothing."""
    if not can_read_figures(request.user):
        return HttpResponse("")
    today = timezone.localdate()
    start, end = period(today.replace(day=1), today)
    total = satisfaction_totals(start=start, end=end)
    return render(request, "callbacks/includes/figures_strip.html", {"total": total, "title": _("This month")})
