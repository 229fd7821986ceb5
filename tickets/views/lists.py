"""The work lists: my tickets (首问负责), the department queue (派工后的工单), the board (工单总览).
All three read through selectors.search_tickets, so a page costs the same few queries whether it
shows three tickets or fifty."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import ALL_TICKETS_ROLES, INTAKE_ROLES, LEAD_ROLES, Department, Role, Staff, display_name
from core.db.compiled import Compiled
from core.errors import InvalidInput
from core.web import handles_domain_errors, render_screen
from customers.models import Community
from tickets.filters import screen_filters
from tickets.list_cells import list_rows
from tickets.models import RequestSubtype
from tickets.selectors import my_tasks as my_tasks_of
from tickets.selectors import search_tickets
from tickets.views.paging import emergencies_first, paginate_rows, paginate_tickets
from tickets.vocabulary import Category, Status

TEMPLATE = "tickets/lists.html"
# The board's filter options: the same statements on every request, compiled once (core.db.compiled).
ACTIVE_DEPARTMENTS = Compiled(lambda: Department.objects.filter(is_active=True).values_list("code", "name"))
COMMUNITIES = Compiled(lambda: Community.objects.order_by("name").values_list("pk", "name"))
ACTIVE_AGENTS = Compiled(
    lambda: (
        Staff.objects.filter(is_active=True, role__in=INTAKE_ROLES)
        .order_by("work_number")
        .values_list("pk", "username", "name", "work_number")
    )
)
# The board's query string (a saved filter holds these, worklists.actions.save_filter).
BOARD_FIELDS = (
    "status",
    "category",
    "subtype",
    "department",
    "owner",
    "community",
    "received_from",
    "received_to",
    "overdue",
    "q",
    "sort",
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts where its work is."""
    role = request.user.role
    if role == Role.FIELD:
        return redirect("department-queue")
    if role in LEAD_ROLES or role not in INTAKE_ROLES:
        # Quality inspectors and administrators record nothing: the board is their overview.
        return redirect("board")
    return redirect("intake")


@require_GET
@handles_domain_errors
def my_tasks(request: HttpRequest) -> HttpResponse:
    """我的任务: what the engineer has been given or has accepted, in due order, today's marked."""
    context = {"screen": "tasks", "title": _("My tasks"), "filters": {}}
    return _render_list(request, my_tasks_of(request.user), context)


@require_GET
@handles_domain_errors
def my_tickets(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.FIELD:
        return redirect("my-tasks")  # field staff own no requests: their list is the work they do
    filters = screen_filters(request, fields=("status", "category", "q", "sort"))
    qs = search_tickets(request.user, owner=request.user.username, for_rows=True, **filters)
    context = {"screen": "mine", "title": _("My tickets"), "filters": filters}
    return _render_list(request, qs, context)


@require_GET
@handles_domain_errors
def department_queue(request: HttpRequest) -> HttpResponse:
    """The unit's open work. Field staff see their own department; the centre may look at any."""
    user = request.user
    department = user.department
    departments = None
    if user.role in ALL_TICKETS_ROLES:
        departments = Department.objects.filter(is_active=True)
        code = request.GET.get("department")
        if code:
            department = departments.filter(code=code).first()
            if department is None:
                raise InvalidInput(_("Unknown department."), fields={"department": _("Unknown department.")})
    filters = screen_filters(request, fields=("category", "q", "sort"))
    if department is None:
        qs = search_tickets(user, **filters).none()
    else:
        qs = search_tickets(user, department=department.code, open_only=True, **filters)
    context = {
        "screen": "queue",
        "title": _("Department queue"),
        "department": department,
        "departments": departments,
        "filters": filters,
        "members": department_members(department),
    }
    return _render_list(request, qs if filters["sort"] else emergencies_first(qs), context)


@require_GET
@handles_domain_errors
def board(request: HttpRequest) -> HttpResponse:
    filters = screen_filters(request, fields=BOARD_FIELDS)
    qs = search_tickets(request.user, for_rows=True, **filters)
    if filters["open_only"] and not filters["sort"]:  # a chosen column order is the reader's
        qs = emergencies_first(qs)
    agents = ACTIVE_AGENTS.all()
    context = {
        "screen": "board",
        "title": _("Board"),
        "filters": filters,
        "departments": ACTIVE_DEPARTMENTS.all(),
        # Reached from the sub-types console's links; named only when asked for (the board's
        # statement count is held at 12, tests/test_views_lists.py).
        "subtype_filter": RequestSubtype.objects.filter(code=filters["subtype"]).first()
        if filters["subtype"]
        else None,
        "communities": COMMUNITIES.all(),
        # The owner filter's options as (username, label) pairs: a full Staff row each was a
        # tenth of the board's time with 180 agents, a model instance each still 5 ms.
        "owners": [
            (username, f"{display_name(username, name)} {work_number}") for _pk, username, name, work_number in agents
        ],
    }
    # The rows name their owners from the same read: most owners are these agents (a query less).
    return _render_list(
        request, qs, context, owners={pk: display_name(username, name) for pk, username, name, _number in agents}
    )


def bulk_rows(user: Staff, screen: str) -> bool:
    """Whether the rows carry a box for the bulk bar (worklists): the customer-service centre's
    lists; field staff's queue and tasks have their own buttons per row."""
    return screen in ("board", "mine", "queue") and user.takes_requests


def department_members(department: Department | None) -> list[tuple[str, str]]:
    """The engineers a queue row may be given to (派工到人), as (id, label) pairs."""
    if department is None:
        return []
    return [
        (pk, f"{name or username} {work_number}")
        for pk, username, name, work_number in Staff.objects.filter(department=department, is_active=True)
        .order_by("work_number")
        .values_list("pk", "username", "name", "work_number")
    ]


def _render_list(request: HttpRequest, qs, context: dict, *, owners: dict[int, str] | None = None) -> HttpResponse:
    """`owners`: display names by staff id already read, for the rows (selectors.list_page_rows)."""
    bulk = context.setdefault("bulk", bulk_rows(request.user, context["screen"]))
    if context["screen"] in ("queue", "tasks"):  # their action buttons read the tickets
        page = paginate_tickets(request, qs, search=bool(context["filters"].get("q")))
    else:  # the row's columns suffice, read as values (from search_tickets(..., for_rows=True))
        page = paginate_rows(request, qs, search=bool(context["filters"].get("q")), owners=owners)
    context.update(
        page=page,
        rows=list_rows(page, bulk=bulk),
        statuses=Status.choices,
        categories=Category.choices,
    )
    return render_screen(request, TEMPLATE, context, partial="results")
