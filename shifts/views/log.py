"""工作日志 and 巡视 (H2) in the console."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import INTAKE_ROLES
from core.errors import InvalidInput, NotFound
from core.web import done, handles_domain_errors, render_screen
from customers.models import Area
from shifts import actions
from shifts.models import Hazard, Patrol, WorkLog


def _aware(value: str, field: str, required: bool = True):
    parsed = parse_datetime(value or "")
    if parsed is None:
        if required or value:
            raise InvalidInput(_("Use a date and time."), fields={field: _("Not a date and time.")})
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@require_GET
@handles_domain_errors
def work_log(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    is_lead = user.is_lead
    context = {
        "today": today,
        "mine": WorkLog.objects.filter(staff=user, day=today).first(),
        "logs": (WorkLog.objects.select_related("staff") if is_lead else WorkLog.objects.filter(staff=user)).order_by(
            "-day", "staff__work_number"
        )[:40],
        "patrols": Patrol.objects.select_related("staff", "area")
        .prefetch_related("hazards")
        .order_by("-started_at")[:30],
        "areas": Area.objects.order_by("name"),
        "can_work": user.role in INTAKE_ROLES,
    }
    return render_screen(request, "shifts/log.html", context)


@require_POST
@handles_domain_errors
def work_log_save(request: HttpRequest) -> HttpResponse:
    actions.save_work_log(actor=request.user, day=timezone.localdate(), text=request.POST.get("text", ""))
    messages.success(request, _("Work log saved."))
    return done(request, reverse("work-log"))


@require_POST
@handles_domain_errors
def patrol_create(request: HttpRequest) -> HttpResponse:
    area = (
        Area.objects.filter(pk=request.POST.get("area") or 0).first()
        if (request.POST.get("area") or "").isdigit()
        else None
    )
    if area is None:
        raise InvalidInput(_("Choose the area."), fields={"area": _("Required.")})
    hazards = []
    if request.POST.get("hazard", "").strip():
        hazards.append(
            {
                "description": request.POST.get("hazard", ""),
                "place": request.POST.get("hazard_place", ""),
                "told": request.POST.get("told", ""),
                "photo": request.FILES.get("photo"),
            }
        )
    actions.record_patrol(
        actor=request.user,
        area=area,
        route=request.POST.get("route", ""),
        started_at=_aware(request.POST.get("started_at", ""), "started_at"),
        ended_at=_aware(request.POST.get("ended_at", ""), "ended_at", required=False),
        result=request.POST.get("result", ""),
        hazards=hazards,
    )
    messages.success(request, _("Patrol recorded."))
    return done(request, reverse("work-log"))


@require_POST
@handles_domain_errors
def hazard_ticket(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = Hazard.objects.filter(pk=pk).first()
    if hazard is None:
        raise NotFound()
    ticket = actions.hazard_to_ticket(hazard, actor=request.user, phone=request.POST.get("phone", ""))
    messages.success(request, _("Ticket %(number)s recorded.") % {"number": ticket.number})
    return done(request, reverse("ticket-detail", args=[ticket.number]))


@require_GET
def hazard_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A patrol photo, for signed-in customer-service staff only; never sniffed."""
    hazard = Hazard.objects.filter(pk=pk).first()
    if hazard is None or not hazard.photo or request.user.role not in INTAKE_ROLES:
        raise Http404()
    response = FileResponse(hazard.photo.open("rb"), content_type=hazard.photo_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
