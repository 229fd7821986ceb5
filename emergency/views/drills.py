"""The drill board (each plan's last drill and whether one is due) and recording a drill."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Staff
from core.errors import InvalidInput
from core.web import done, handles_domain_errors, render_screen
from emergency import access
from emergency.actions import current_plan
from emergency.drills import drill_board, record_drill
from emergency.models import Drill
from emergency.views.forms import local_datetime


@require_GET
@handles_domain_errors
def board(request: HttpRequest) -> HttpResponse:
    access.require(access.can_read(request.user))
    context = {
        "rows": drill_board(),
        "recent": Drill.objects.select_related("plan", "recorded_by").prefetch_related("participants")[:20],
        "can_record": access.can_lead(request.user),
        "staff": Staff.objects.filter(is_active=True).order_by("work_number"),
        "now": timezone.localtime(),
    }
    return render_screen(request, "emergency/drills.html", context)


@require_POST
@handles_domain_errors
def record(request: HttpRequest) -> HttpResponse:
    post = request.POST
    raw_score = post.get("score", "").strip()
    try:
        score = int(raw_score) if raw_score else None
    except ValueError:
        raise InvalidInput(_("The score is 0 to 100."), fields={"score": _("Not a number.")}) from None
    record_drill(
        current_plan(post.get("plan", "")),
        actor=request.user,
        held_at=local_datetime(post.get("held_at", ""), "held_at"),
        ended_at=local_datetime(post.get("ended_at", ""), "ended_at"),
        participants=post.getlist("participants"),
        findings=post.get("findings", ""),
        scenario=post.get("scenario", ""),
        score=score,
    )
    messages.success(request, _("Drill recorded."))
    return done(request, reverse("emergency:drills"))
