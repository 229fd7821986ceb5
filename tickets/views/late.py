"""The "running late" form of the ticket page (B2): parse, fetch, call report_late, re-render."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.web import handles_domain_errors, is_fragment_request, render_screen, with_messages
from tickets.access import get_ticket_for_staff
from tickets.actions.late import report_late
from tickets.views.detail import TEMPLATE as DETAIL_TEMPLATE
from tickets.views.detail import detail_context
from tickets.views.intake import _parse_local_datetime


@require_POST
@handles_domain_errors
def ticket_late(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    new_eta = _parse_local_datetime(request.POST.get("new_eta", ""), "new_eta")
    report_late(ticket, reason=request.POST.get("reason", ""), new_eta=new_eta, actor=request.user)
    messages.success(
        request, _("%(number)s: the delay is recorded; the customer and the steward are told.") % {"number": number}
    )
    if not is_fragment_request(request):
        return redirect("ticket-detail", number=number)
    ticket = get_ticket_for_staff(request.user, number)
    return with_messages(
        request, render_screen(request, DETAIL_TEMPLATE, detail_context(request, ticket), partial="panel")
    )
