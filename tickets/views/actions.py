"""The buttons of the ticket page and the queue rows. Each move parses its fields and calls its
one action; whether the move is allowed is tickets.transitions' call, made inside the action."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Department, Staff
from core.errors import InvalidInput, NotFound
from core.web import handles_domain_errors, is_fragment_request, render_screen, with_messages
from tickets import actions
from tickets.access import get_ticket_for_staff
from tickets.list_cells import list_row
from tickets.models import Ticket
from tickets.selectors import search_tickets, timeline
from tickets.transitions import TRANSITIONS
from tickets.views.detail import TEMPLATE as DETAIL_TEMPLATE
from tickets.views.detail import detail_context
from tickets.views.lists import TEMPLATE as LIST_TEMPLATE
from tickets.views.lists import bulk_rows, department_members


def _department(post: QueryDict) -> Department:
    department = Department.objects.filter(code=post.get("department", "")).first()
    if department is None:
        raise InvalidInput(_("Choose a department."), fields={"department": _("Unknown department.")})
    return department


def _owner(post: QueryDict) -> Staff:
    owner = Staff.objects.filter(username=post.get("owner", "")).first()
    if owner is None:
        raise InvalidInput(_("Choose the new owner."), fields={"owner": _("Unknown staff member.")})
    return owner


def _assignee(post: QueryDict, *, required: bool) -> Staff | None:
    """The engineer chosen in a form: `assignee_id` from the lists' select, or `assignee` (username)."""
    pk, username = post.get("assignee_id", "").strip(), post.get("assignee", "").strip()
    if not (pk or username) and not required:
        return None
    found = Staff.objects.filter(pk=pk) if pk.isdigit() else Staff.objects.filter(username=username)
    assignee = found.first() if (pk or username) else None
    if assignee is None:
        raise InvalidInput(_("Choose the engineer."), fields={"assignee": _("Unknown staff member.")})
    return assignee


Handler = Callable[[Ticket, QueryDict, Staff], Ticket]

HANDLERS: dict[str, Handler] = {
    "dispatch": lambda t, p, u: actions.dispatch_ticket(
        t, department=_department(p), note=p.get("note", ""), assignee=_assignee(p, required=False), actor=u
    ),
    "assign": lambda t, p, u: actions.assign_ticket(t, assignee=_assignee(p, required=True), actor=u),
    "accept": lambda t, p, u: actions.accept_ticket(t, actor=u),
    "start": lambda t, p, u: actions.start_ticket(t, actor=u),
    "resolve": lambda t, p, u: actions.resolve_ticket(
        t, result=p.get("result", ""), actor=u, override_reason=p.get("override_reason", "")
    ),
    "answer": lambda t, p, u: actions.answer_ticket(
        t, answer=p.get("answer", ""), actor=u, override_reason=p.get("override_reason", "")
    ),
    "hold": lambda t, p, u: actions.hold_ticket(t, reason=p.get("reason", ""), actor=u),
    "resume": lambda t, p, u: actions.resume_ticket(t, actor=u),
    "transfer": lambda t, p, u: actions.transfer_ticket(t, owner=_owner(p), reason=p.get("reason", ""), actor=u),
    "close": lambda t, p, u: actions.close_ticket(t, note=p.get("note", ""), actor=u),
    "reopen": lambda t, p, u: actions.reopen_ticket(t, reason=p.get("reason", ""), actor=u),
}


@require_POST
@handles_domain_errors
def ticket_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    handler = HANDLERS.get(action)
    if handler is None:
        raise NotFound()
    ticket = get_ticket_for_staff(request.user, number)
    handler(ticket, request.POST, request.user)
    messages.success(
        request, _("%(number)s: %(action)s done.") % {"number": number, "action": TRANSITIONS[action].label}
    )
    if not is_fragment_request(request):
        return redirect("ticket-detail", number=number)
    if request.POST.get("render") == "row":
        return with_messages(request, _row(request, number))
    ticket = get_ticket_for_staff(request.user, number)  # fresh, with its relations, as the page shows it
    return with_messages(
        request, render_screen(request, DETAIL_TEMPLATE, detail_context(request, ticket), partial="panel")
    )


@require_POST
@handles_domain_errors
def ticket_note(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    actions.add_note(ticket, text=request.POST.get("text", ""), actor=request.user)
    if not is_fragment_request(request):
        messages.success(request, _("Note added."))
        return redirect("ticket-detail", number=number)
    return render_screen(request, DETAIL_TEMPLATE, {"ticket": ticket, "events": timeline(ticket)}, partial="timeline")


def _row(request: HttpRequest, number: str) -> HttpResponse:
    """The queue row after the move, read as the list reads it (status, deadlines, overdue)."""
    ticket = search_tickets(request.user).filter(number=number).first()
    if ticket is None:
        return HttpResponse("")  # no longer visible to this reader: the row goes away
    bulk = bulk_rows(request.user, "queue")
    context = {
        "ticket": ticket,
        "row": list_row(ticket, bulk=bulk),
        "screen": "queue",
        "members": department_members(ticket.department),
        "bulk": bulk,
    }
    return render_screen(request, LIST_TEMPLATE, context, partial="row")
