"""Planned outages in the console (C6): the list, entering one, checking whom it reaches, and
announcing it. The manager, supervisors, stewards and the administrator use these; the Django
admin keeps its announce action for the administrator."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.web import done, form_error, handles_domain_errors, render_screen
from notifications.models import Notification, State
from outages.access import require_outage_role
from outages.forms import OutageForm
from outages.models import Outage
from outages.services import affected_customers, announce_outage, plan_outage

DELIVERIES_SHOWN = 200


@require_GET
@handles_domain_errors
def outage_list(request: HttpRequest) -> HttpResponse:
    require_outage_role(request.user)
    now = timezone.now()
    outages = Outage.objects.prefetch_related("communities").annotate(tickets=Count("links"))
    context = {
        "coming": outages.filter(ends_at__gte=now).order_by("starts_at", "id"),
        "past": outages.filter(ends_at__lt=now).order_by("-starts_at", "-id")[:30],
        "form": OutageForm(),
        "now": now,
    }
    return render_screen(request, "outages/list.html", context)


@require_POST
@handles_domain_errors
def outage_create(request: HttpRequest) -> HttpResponse:
    require_outage_role(request.user)
    form = OutageForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    outage = plan_outage(**form.cleaned_data, actor=request.user)
    messages.success(request, _("The outage is entered. Check whom it reaches, then announce it."))
    return done(request, reverse("outage-detail", args=[outage.pk]))


@require_GET
@handles_domain_errors
def outage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_outage_role(request.user)
    outage = get_object_or_404(Outage.objects.prefetch_related("communities"), pk=pk)
    deliveries = Notification.objects.filter(outage=outage)
    context = {
        "outage": outage,
        "affected": affected_customers(outage).count(),
        "states": [
            (value, State(value).label, n)
            for value, n in deliveries.values_list("state").annotate(n=Count("id")).order_by("state")
        ],
        "deliveries": deliveries.select_related("customer").order_by("id")[:DELIVERIES_SHOWN],
        "delivery_count": deliveries.count(),
        "links": outage.links.select_related("ticket").order_by("-linked_at"),
        "can_announce": outage.announced_at is None and outage.starts_at > timezone.now(),
    }
    return render_screen(request, "outages/detail.html", context)


@require_POST
@handles_domain_errors
def outage_announce(request: HttpRequest, pk: int) -> HttpResponse:
    require_outage_role(request.user)
    outage = get_object_or_404(Outage, pk=pk)
    sent = announce_outage(outage, actor=request.user)
    messages.success(request, _("%(count)s customers will be told.") % {"count": len(sent)})
    return done(request, reverse("outage-detail", args=[outage.pk]))
