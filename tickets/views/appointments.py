"""The "reschedule the visit" form of the ticket page (C5): parse, fetch, call the action."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.web import handles_domain_errors, is_fragment_request, render_screen, with_messages
from tickets.access import get_ticket_for_staff
from tickets.actions.appointments import reschedule_appointment
from tickets.views.detail import TEMPLATE as DETAIL_TEMPLATE
from tickets.views.detail import detail_context
from tickets.views.intake import _parse_local_datetime


@require_POST
@handles_domain_errors
def ticket_reschedule(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    at = _parse_local_datetime(request.POST.get("appointment_at", ""), "appointment_at")
    reschedule_appointment(ticket, appointment_at=at, reason=request.POST.get("reason", ""), actor=request.user)
    messages.success(request, _("%(number)s: the visit is moved, and its promises with it.") % {"number": number})
    if not is_fragment_request(request):
        return redirect("ticket-detail", number=number)
    ticket = get_ticket_for_staff(request.user, number)
    return with_messages(
        request, render_screen(request, DETAIL_TEMPLATE, detail_context(request, ticket), partial="panel")
    )
