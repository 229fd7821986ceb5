"""The overdue board (超时看板): breached and about-to-breach work, by department and by the
person holding it; the results refresh themselves by htmx while the tab is visible."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Department
from core.errors import InvalidInput
from core.web import handles_domain_errors, render_screen
from deadlines.access import BOARD_ROLES, require_overdue_board
from deadlines.selectors import ARM_CAP, BOARD_ROWS, BOARD_STATES, overdue_board

TEMPLATE = "deadlines/board.html"
REFRESH_SECONDS = 15


@require_GET
@handles_domain_errors
def board(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_overdue_board(user)
    get = request.GET
    state = get.get("state", "")
    if state and state not in BOARD_STATES:
        raise InvalidInput(_("Unknown state."), fields={"state": _("Unknown state.")})
    filters = {
        "department": get.get("department", "").strip()[:32] or None,
        "holder": get.get("holder", "").strip()[:150] or None,
        "state": state or None,
    }
    now = timezone.now()
    departments = Department.objects.filter(is_active=True)
    if user.role not in BOARD_ROLES:
        departments = departments.filter(head=user)
    context = {
        "board": overdue_board(user, now=now, **filters),
        "filters": filters,
        "departments": departments,
        "now": now,
        "row_limit": BOARD_ROWS,
        "arm_cap": ARM_CAP,
        "refresh_seconds": REFRESH_SECONDS,
    }
    return render_screen(request, TEMPLATE, context, partial="results")
