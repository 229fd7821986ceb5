"""The items behind a figure (drill-down), and the lists as spreadsheets (K3)."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.access import require_customer_access
from accounts.models import LEAD_ROLES
from callbacks.access import require_callback_role
from callbacks.models import Callback, CallbackStatus
from complaints.access import require_complaint_staff
from complaints.models import Level
from complaints.selectors import complaint_register
from core.errors import Forbidden, InvalidInput
from core.web import handles_domain_errors, paginate, render_screen
from customers.models import Customer
from customers.selectors import search_customers
from reports.access import scope_for
from reports.drill import DRILLS, drill_items
from reports.exports import callback_sheet, complaint_sheet, customer_sheet, ticket_sheet
from reports.groupings import GROUPINGS
from reports.selectors import grouping
from reports.spreadsheets import xlsx_response
from reports.views.common import period_of
from tickets.filters import screen_filters
from tickets.selectors import search_tickets


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _filters_note(request: HttpRequest) -> list[str]:
    shown = [f"{k}={v}" for k, v in request.GET.items() if k not in ("format", "page") and v]
    note = _("Exported %(at)s") % {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    return [note + ("; " + _("filters: %(filters)s") % {"filters": ", ".join(shown)} if shown else "")]


@require_GET
@handles_domain_errors
def drill(request: HttpRequest) -> HttpResponse:
    """The tickets or callbacks counted by one figure of one row (or of the whole period)."""
    department = scope_for(request.user, request.GET.get("department", ""))
    period = period_of(request)
    by = grouping(request.GET.get("by")) if "key" in request.GET else None
    key = request.GET.get("key") if by else None
    name = request.GET.get("figure", "received")
    kind, items = drill_items(period, by, key, name, department=department)
    if request.GET.get("format") == "xlsx":
        sheet = (ticket_sheet if kind == "tickets" else callback_sheet)(items, _filters_note(request))
        return xlsx_response(f"{name}-{_stamp()}.xlsx", [sheet])
    query = {k: v for k, v in request.GET.items() if k != "page"}
    context = {
        "kind": kind,
        "page": paginate(request, items),
        "title": DRILLS[name][2],
        "period": period,
        "by": by,
        "key": key,
        "query": query,
        "xlsx_query": {**query, "format": "xlsx"},
        "groupings": GROUPINGS,
    }
    return render_screen(request, "reports/drill.html", context, partial="results")


def _choice(request: HttpRequest, name: str, allowed) -> str:
    value = request.GET.get(name, "")
    if value and value not in allowed:
        raise InvalidInput(gettext_lazy("Not an allowed value."), fields={name: gettext_lazy("Not an allowed value.")})
    return value


@require_GET
@handles_domain_errors
def export_tickets(request: HttpRequest) -> HttpResponse:
    """The board's list with its filters (status, category, department, owner, overdue, q), through
    the board's own filter schema and selector: every row of it, as the reader may see them."""
    fields = ("status", "category", "department", "owner", "overdue", "q", "sort")
    qs = search_tickets(request.user, **screen_filters(request, fields=fields)).prefetch_related(None)
    return xlsx_response(f"tickets-{_stamp()}.xlsx", [ticket_sheet(qs, _filters_note(request))])


@require_GET
@handles_domain_errors
def export_callbacks(request: HttpRequest) -> HttpResponse:
    require_callback_role(request.user)
    status = _choice(request, "status", CallbackStatus.values)
    from_callbacks = Callback.objects.all()
    qs = from_callbacks.filter(status=status) if status else from_callbacks
    if request.GET.get("ticket"):
        qs = qs.filter(ticket__number=request.GET["ticket"][:24])
    return xlsx_response(f"callbacks-{_stamp()}.xlsx", [callback_sheet(qs, _filters_note(request))])


@require_GET
@handles_domain_errors
def export_complaints(request: HttpRequest) -> HttpResponse:
    require_complaint_staff(request.user)
    level = _choice(request, "level", ("ungraded", *Level.values))
    qs = complaint_register(waiting=request.GET.get("waiting") == "1", level=level)
    return xlsx_response(f"complaints-{_stamp()}.xlsx", [complaint_sheet(qs, _filters_note(request))])


@require_GET
@handles_domain_errors
def export_customers(request: HttpRequest) -> HttpResponse:
    """The customer archive, or the customers a search finds (`q`), phones masked."""
    require_customer_access(request.user)
    q = request.GET.get("q", "").strip()[:50]
    if not q and request.user.role not in LEAD_ROLES:
        # The archive is looked up one caller at a time (F3); the whole of it is the leads' to take.
        raise Forbidden()
    qs = Customer.objects.filter(pk__in=search_customers(q).order_by().values("pk")) if q else Customer.objects.all()
    return xlsx_response(f"customers-{_stamp()}.xlsx", [customer_sheet(qs, _filters_note(request))])
