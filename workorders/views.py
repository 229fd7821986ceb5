"""The work-order forms of the ticket page: plan, time nodes, sub-orders, acceptance. Each parses,
fetches through the scoped fetcher, calls one action and re-renders the ticket panel."""

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Department, Staff
from core.errors import InvalidInput
from core.web import handles_domain_errors, is_fragment_request, render_screen, with_messages
from tickets.access import get_ticket_for_staff
from tickets.views.detail import TEMPLATE as DETAIL_TEMPLATE
from tickets.views.detail import detail_context
from workorders.acceptance import record_acceptance
from workorders.plans import complete_node, set_service_plan
from workorders.suborders import split_ticket


def _local_datetime(raw: str, name: str) -> datetime:
    """<input type=datetime-local> sends 2026-03-01T09:30 in the company's time."""
    try:
        value = datetime.fromisoformat((raw or "").strip())
    except ValueError:
        raise InvalidInput(_("The time is not valid."), fields={name: _("Not a time.")}) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _staff(username: str, field: str) -> Staff | None:
    """The colleague a form names; none named is None (the action says whether one is required)."""
    username = (username or "").strip()
    if not username:
        return None
    found = Staff.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise InvalidInput(_("No such active staff member."), fields={field: _("Unknown.")})
    return found


def _nodes(post: QueryDict) -> list[tuple[str, datetime]]:
    """Rows of the node table: a row left wholly empty is no node."""
    nodes = []
    titles, dues = post.getlist("node_title"), post.getlist("node_due")
    for index, (title, due) in enumerate(zip(titles, dues, strict=False)):
        if not title.strip() and not due.strip():
            continue
        if not due.strip():
            raise InvalidInput(_("Give each node a due time."), fields={f"nodes.{index}.due_at": _("Required.")})
        nodes.append((title, _local_datetime(due, f"nodes.{index}.due_at")))
    return nodes


def _answer(request: HttpRequest, number: str, message: str) -> HttpResponse:
    messages.success(request, message)
    if not is_fragment_request(request):
        return redirect("ticket-detail", number=number)
    ticket = get_ticket_for_staff(request.user, number)
    return with_messages(
        request, render_screen(request, DETAIL_TEMPLATE, detail_context(request, ticket), partial="panel")
    )


@require_POST
@handles_domain_errors
def plan(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    post = request.POST
    steps = [line for line in post.get("steps", "").splitlines()]
    set_service_plan(
        ticket,
        goal=post.get("goal", ""),
        steps=steps,
        responsible=_staff(post.get("responsible", ""), "responsible"),
        nodes=_nodes(post),
        actor=request.user,
    )
    return _answer(request, number, _("%(number)s: the service plan is saved.") % {"number": number})


@require_POST
@handles_domain_errors
def node_done(request: HttpRequest, number: str, seq: int) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    complete_node(ticket, seq, actor=request.user, note=request.POST.get("note", ""))
    return _answer(request, number, _("%(number)s: the time node is done.") % {"number": number})


@require_POST
@handles_domain_errors
def suborder(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    post = request.POST
    code = post.get("department", "").strip()
    department = Department.objects.filter(code=code).first() if code else None
    if department is None:
        raise InvalidInput(_("Choose a department."), fields={"department": _("Unknown department.")})
    child = split_ticket(
        ticket,
        department=department,
        content=post.get("content", ""),
        assignee=_staff(post.get("assignee", ""), "assignee"),
        note=post.get("note", ""),
        actor=request.user,
    )
    return _answer(
        request,
        number,
        _("%(number)s: sub-order %(child)s is dispatched to %(department)s.")
        % {"number": number, "child": child.number, "department": department.name},
    )


@require_POST
@handles_domain_errors
def acceptance(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    post = request.POST
    verdict = post.get("accepted", "")
    if verdict not in ("yes", "no"):
        raise InvalidInput(_("Say whether the work is accepted."), fields={"accepted": _("Required.")})
    record_acceptance(
        ticket,
        accepted=verdict == "yes",
        method=post.get("method", ""),
        confirmed_by=post.get("confirmed_by", ""),
        reason=post.get("reason", ""),
        actor=request.user,
    )
    if verdict == "yes":
        return _answer(request, number, _("%(number)s: the customer's acceptance is recorded.") % {"number": number})
    return _answer(
        request, number, _("%(number)s: not accepted; the work is sent back to the department.") % {"number": number}
    )
