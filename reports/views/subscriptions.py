"""Report subscriptions: the leads list, add and stop them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.web import done, form_error, handles_domain_errors, render_screen
from reports.access import require_subscription_manager
from reports.actions import create_subscription, stop_subscription
from reports.forms import SubscriptionForm
from reports.models import Subscription


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def subscription_list(request: HttpRequest) -> HttpResponse:
    require_subscription_manager(request.user)
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            raise form_error(form)
        create_subscription(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Subscription added."))
        return done(request, reverse("report-subscriptions"))
    subscriptions = (
        Subscription.objects.filter(is_active=True)
        .select_related("department")
        .prefetch_related("recipients", "deliveries")
    )
    return render_screen(request, "reports/subscriptions.html", {"form": form, "subscriptions": subscriptions})


@require_POST
@handles_domain_errors
def subscription_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_subscription_manager(request.user)
    stop_subscription(get_object_or_404(Subscription, pk=pk), actor=request.user)
    messages.success(request, _("Subscription stopped."))
    return done(request, reverse("report-subscriptions"))
