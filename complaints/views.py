"""The complaint screen (grading, the major procedure, the write-up) and the case library."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Department, Staff
from complaints import actions
from complaints.access import can_handle_complaints, is_manager, require_complaint_staff
from complaints.models import Case, Complaint, Criterion, Level, MajorReason, Severity, Target
from complaints.selectors import complaint_register, similar_cases
from core.errors import InvalidInput, NotFound
from core.web import done, handles_domain_errors, paginate, render_screen
from tickets.access import get_ticket_for_staff
from tickets.vocabulary import Category


def _complaint_ticket(request: HttpRequest, number: str):
    require_complaint_staff(request.user)
    ticket = get_ticket_for_staff(request.user, number)
    if ticket.category != Category.COMPLAINT:
        raise NotFound()
    return ticket


@require_GET
@handles_domain_errors
def complaint_page(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _complaint_ticket(request, number)
    complaint = (
        Complaint.objects.select_related("target_department", "target_staff", "accepted_by")
        .filter(ticket=ticket)
        .first()
    )
    context = {
        "ticket": ticket,
        "complaint": complaint,
        "criteria": Criterion.objects.filter(is_active=True),
        "targets": Target.choices,
        "severities": Severity.choices,
        "reasons": MajorReason.choices,
        "departments": Department.objects.filter(is_active=True),
        "staff": Staff.objects.filter(is_active=True).select_related("department").order_by("work_number"),
        "is_manager": is_manager(request.user),
        "similar": similar_cases(ticket.content),
        "cases": complaint.cases.all() if complaint else [],
    }
    return render_screen(request, "complaints/detail.html", context)


def _int_list(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise InvalidInput(_("Unknown criterion."), fields={"criteria": _("Unknown criterion.")}) from None


def _grade(ticket, post: QueryDict, user) -> None:
    department = Department.objects.filter(code=post.get("department", "")).first()
    staff = Staff.objects.filter(username=post.get("staff", "")).first()
    actions.register_complaint(
        ticket,
        target=post.get("target", ""),
        severity=post.get("severity", ""),
        criteria=_int_list(post.getlist("criteria")),
        department=department,
        staff=staff,
        actor=user,
    )


def _existing(ticket) -> Complaint:
    complaint = Complaint.objects.filter(ticket=ticket).first()
    if complaint is None:
        raise InvalidInput(_("Grade the complaint first."))
    return complaint


STEPS = {
    "grade": _grade,
    "major": lambda t, p, u: actions.make_major(
        _existing(t),
        reason=p.get("reason", ""),
        compensation=p.get("compensation", ""),
        note=p.get("note", ""),
        actor=u,
    ),
    "accept": lambda t, p, u: actions.accept_major(_existing(t), actor=u),
    "approve": lambda t, p, u: actions.approve_compensation(_existing(t), amount=p.get("amount", ""), actor=u),
    "case": lambda t, p, u: actions.write_case(
        _existing(t),
        title=p.get("title", ""),
        situation=p.get("situation", ""),
        cause=p.get("cause", ""),
        solution=p.get("solution", ""),
        tags=p.get("tags", ""),
        actor=u,
    ),
}


@require_POST
@handles_domain_errors
def complaint_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    handler = STEPS.get(step)
    if handler is None:
        raise NotFound()
    ticket = _complaint_ticket(request, number)
    handler(ticket, request.POST, request.user)
    messages.success(request, _("%(number)s: saved.") % {"number": number})
    return done(request, reverse("complaint-detail", args=[number]))


@require_GET
@handles_domain_errors
def case_library(request: HttpRequest) -> HttpResponse:
    require_complaint_staff(request.user)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        results = similar_cases(q, limit=50)
        context = {"q": q, "results": results, "page": None}
    else:
        context = {"q": "", "page": paginate(request, Case.objects.all())}
    return render_screen(request, "complaints/cases.html", context)


@require_GET
def similar_for_intake(request: HttpRequest) -> HttpResponse:
    """The intake screen's hint: cases like the complaint being typed (D4)."""
    if not can_handle_complaints(request.user) or request.GET.get("category") != Category.COMPLAINT:
        return HttpResponse("")
    cases = similar_cases(request.GET.get("content", "")[:500])
    return render(request, "complaints/cases.html#similar", {"similar": cases})


@require_GET
@handles_domain_errors
def register(request: HttpRequest) -> HttpResponse:
    """The complaint register (D5); `waiting=1` is the manager's in-tray of major complaints."""
    require_complaint_staff(request.user)
    waiting = request.GET.get("waiting") == "1"
    level = request.GET.get("level", "")
    if level not in ("", "ungraded", *Level.values):
        raise InvalidInput(_("Unknown level."), fields={"level": _("Not an allowed value.")})
    page = paginate(request, complaint_register(waiting=waiting, level=level))
    levels = [("ungraded", _("Not graded yet")), *Level.choices]
    context = {"page": page, "waiting": waiting, "level": level, "levels": levels}
    return render_screen(request, "complaints/register.html", context, partial="results")
