"""The tools above the ticket lists: the bulk bar (选中的工单：派工、关闭、分配回访) and the board's
saved filters. The lists load them into a slot (tickets/lists.html), so the list pages' own
queries stay as they were (tickets/tests/test_query_counts.py)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Department, Staff
from callbacks.access import CALLBACK_ROLES
from callbacks.actions import CALLBACK_LEADS
from core.errors import InvalidInput
from core.web import done, handles_domain_errors, render_screen
from worklists.actions import ACTIONS, bulk_tickets, delete_filter, save_filter, saved_filters

SCREENS = ("board", "mine", "queue")


@require_GET
@handles_domain_errors
def tools(request: HttpRequest) -> HttpResponse:
    screen = request.GET.get("screen", "")
    if screen not in SCREENS:
        raise InvalidInput(_("Unknown list."), fields={"screen": _("Not an allowed value.")})
    user = request.user
    context = {
        "screen": screen,
        "bulk": user.takes_requests,
        "departments": Department.objects.filter(is_active=True) if user.takes_requests else [],
        "agents": [
            (username, f"{name or username} {work_number}")
            for username, name, work_number in Staff.objects.filter(is_active=True, role__in=CALLBACK_ROLES)
            .order_by("work_number")
            .values_list("username", "name", "work_number")
        ]
        if user.role in CALLBACK_LEADS
        else [],
        "saved": saved_filters(user) if screen == "board" else [],
    }
    return render_screen(request, "worklists/tools.html", context, partial="tools")


@require_POST
@handles_domain_errors
def bulk(request: HttpRequest) -> HttpResponse:
    post = request.POST
    results = bulk_tickets(
        request.user,
        action=post.get("action", ""),
        numbers=post.getlist("numbers"),
        department=post.get("department", ""),
        agent=post.get("agent", ""),
    )
    context = {
        "results": results,
        "action": dict(action_labels()).get(post.get("action", ""), ""),
        "done_count": sum(r.done for r in results),
        "refused_count": sum(not r.done for r in results),
        "back": request.headers.get("Referer") or reverse("board"),
    }
    response = render_screen(request, "worklists/bulk_result.html", context, partial="report")
    response["HX-Trigger"] = "tickets-changed"  # the list under the bar reloads (tickets/lists.html)
    return response


def action_labels() -> list[tuple[str, str]]:
    labels = {"dispatch": _("Dispatch"), "close": _("Close"), "assign_callback": _("Assign the callbacks")}
    return [(name, labels[name]) for name in ACTIONS]


@require_POST
@handles_domain_errors
def save(request: HttpRequest) -> HttpResponse:
    saved = save_filter(request.user, name=request.POST.get("name", ""), params=request.POST)
    messages.success(request, _("Filter %(name)s saved.") % {"name": saved.name})
    return done(request, f"{reverse('board')}?{saved.query}" if saved.query else reverse("board"))


@require_POST
@handles_domain_errors
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    delete_filter(request.user, pk)
    messages.success(request, _("Saved filter deleted."))
    return done(request, reverse("board"))
