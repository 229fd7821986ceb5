"""验收 on the portal (B4): the customer who proves the ticket number and the phone's last four digits
(as the progress page asks) accepts the finished work or says why not; not accepted sends it back."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, InvalidInput
from portal.actions import find_ticket
from portal.limits import limit_lookup
from portal.views import in_chinese
from tickets.models import Status
from workorders.acceptance import acceptance_of, record_acceptance
from workorders.models import Acceptance, AcceptanceMethod

TEMPLATE = "workorders/portal_acceptance.html"


def progress_panel(ticket, values) -> dict | None:
    """The acceptance part of the portal's progress page (portal.views.PROGRESS_PANELS)."""
    history = list(Acceptance.objects.filter(ticket=ticket))
    may_accept = ticket.status == Status.RESOLVED and acceptance_of(ticket) is None
    if not history and not may_accept:
        return None
    return {
        "template": "workorders/portal_panel.html",
        "values": values,
        "history": history,
        "may_accept": may_accept,
        "contact_name": ticket.contact_name,
    }


@in_chinese
@require_POST
def accept_on_portal(request: HttpRequest) -> HttpResponse:
    number = request.POST.get("number", "").strip().upper()[:24]
    digits = request.POST.get("digits", "").strip()[:4]
    verdict = request.POST.get("accepted", "")
    context = {"values": {"number": number, "digits": digits}}
    try:
        limit_lookup(request, number)  # the same limits as looking the ticket up: no digit guessing here
        ticket = find_ticket(number, digits)
        if verdict not in ("yes", "no"):
            raise InvalidInput(_("Say whether the work is accepted."), fields={"accepted": _("Required.")})
        record_acceptance(
            ticket,
            accepted=verdict == "yes",
            method=AcceptanceMethod.PORTAL,
            confirmed_by=request.POST.get("confirmed_by", ""),
            reason=request.POST.get("reason", ""),
            actor=None,
        )
    except DomainError as exc:
        return render(request, TEMPLATE, {**context, "error": exc}, status=exc.status)
    return render(request, TEMPLATE, {**context, "ticket": ticket, "accepted": verdict == "yes"})
