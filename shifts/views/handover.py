"""交接班 in the console: open one (the system lists the open work), acknowledge it, the
carried items of the incoming person, the supervisor's morning list, search and print."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import INTAKE_ROLES, Staff
from core.errors import Forbidden, InvalidInput, NotFound
from core.web import done, handles_domain_errors, paginate, render_screen
from shifts import actions, selectors
from shifts.describe import item_summary
from shifts.models import Handover, HandoverItem, HandoverStatus


def _rows(items) -> list[tuple[HandoverItem, str]]:
    return [(item, item_summary(item)) for item in items]


@require_GET
@handles_domain_errors
def handover_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    following = selectors.next_duty(at=now)
    context = {
        "preview": _rows(actions.open_work(user, now=now)) if user.takes_requests else [],
        "colleagues": Staff.objects.filter(is_active=True, role__in=INTAKE_ROLES)
        .exclude(pk=user.pk)
        .order_by("work_number"),
        "suggested": following[0].staff.username if following and following[0].staff_id != user.pk else "",
        "incoming": selectors.pending_for(user),
        "carried": _rows(selectors.still_open(list(selectors.carried_items(user)))),
    }
    return render_screen(request, "shifts/handover.html", context)


@require_POST
@handles_domain_errors
def handover_create(request: HttpRequest) -> HttpResponse:
    username = request.POST.get("to", "")
    to = Staff.objects.filter(username=username).first()
    if to is None:
        raise InvalidInput(_("Choose who takes over."), fields={"to": _("Unknown staff.")})
    lines = [line for line in request.POST.get("lines", "").splitlines() if line.strip()]
    handover = actions.open_handover(
        actor=request.user, to=to, note=request.POST.get("note", ""), lines=lines, lines_field="lines"
    )
    if handover.off_roster:
        messages.warning(request, _("%(name)s is not on the next shift in the roster.") % {"name": to.display_name})
    messages.success(request, _("Handed over: %(count)s items.") % {"count": len(handover._items)})
    return done(request, reverse("handover-detail", args=[handover.pk]))


def _visible(request: HttpRequest, pk: int) -> Handover:
    handover = Handover.objects.select_related("from_staff", "to_staff").filter(pk=pk).first()
    user = request.user
    if handover is None or not (user.pk in (handover.from_staff_id, handover.to_staff_id) or user.is_lead):
        raise NotFound()
    return handover


@require_GET
@handles_domain_errors
def handover_detail(request: HttpRequest, pk: int) -> HttpResponse:
    handover = _visible(request, pk)
    context = {
        "handover": handover,
        "items": _rows(handover.items.all()),
        "can_acknowledge": handover.status == HandoverStatus.PENDING and handover.to_staff_id == request.user.pk,
        "company": None,
    }
    return render_screen(request, "shifts/handover_detail.html", context)


@require_POST
@handles_domain_errors
def handover_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    handover = _visible(request, pk)
    actions.acknowledge_handover(handover, actor=request.user, note=request.POST.get("note", ""))
    messages.success(request, _("Shift taken over."))
    return done(request, reverse("handover-detail", args=[pk]))


@require_POST
@handles_domain_errors
def item_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = HandoverItem.objects.filter(pk=pk).first()
    if item is None:
        raise NotFound()
    actions.mark_item_done(item, actor=request.user)
    return done(request, reverse("handover"))


@require_GET
@handles_domain_errors
def handover_search(request: HttpRequest) -> HttpResponse:
    user = request.user
    q = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    found = selectors.handovers(status=status if status in HandoverStatus.values else None, q=q)
    if not user.is_lead:
        found = found.filter(from_staff=user) | found.filter(to_staff=user)
    context = {"q": q, "status": status, "statuses": HandoverStatus.choices, "page": paginate(request, found)}
    return render_screen(request, "shifts/handover_search.html", context, partial="results")


@require_GET
@handles_domain_errors
def morning_list(request: HttpRequest) -> HttpResponse:
    """次日跟进: yesterday's handed-over items still open this morning, for the supervisor."""
    if not request.user.is_lead:
        raise Forbidden(_("The morning list is the supervisor's."))
    today = timezone.localdate()
    since = datetime.combine(today - timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
    items = list(
        HandoverItem.objects.filter(handover__created_at__gte=since, done_at__isnull=True)
        .exclude(kind="alert")
        .select_related("handover__from_staff", "handover__to_staff")
        .order_by("handover__created_at", "position")
    )
    # One line per ticket or entry, however many handovers carried it.
    seen, unique = set(), []
    for item in selectors.still_open(items):
        key = (item.kind, item.ref, item.text)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return render_screen(request, "shifts/morning.html", {"items": _rows(unique), "today": today})
