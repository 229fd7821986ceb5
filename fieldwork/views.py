"""The engineers' screens beside the ticket page: completion photos and the printed work order."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import NotFound
from core.web import handles_domain_errors
from fieldwork.actions import add_completion_photos
from fieldwork.models import CompletionPhoto
from fieldwork.signing import photo_from_token
from tickets.access import get_ticket_for_staff
from tickets.selectors import ticket_deadlines


@require_POST
@handles_domain_errors
def upload_photos(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    kept = add_completion_photos(ticket, photos=request.FILES.getlist("photos"), actor=request.user)
    messages.success(request, _("%(count)s photos added.") % {"count": len(kept)})
    return redirect("ticket-detail", number=number)


def _serve(photo: CompletionPhoto) -> HttpResponse:
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise NotFound() from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@handles_domain_errors
def staff_photo(request: HttpRequest, number: str, photo_id: int) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    photo = CompletionPhoto.objects.filter(ticket=ticket, pk=photo_id).first()
    if photo is None:
        raise NotFound()
    return _serve(photo)


@require_GET
@handles_domain_errors
def customer_photo(request: HttpRequest, token: str) -> HttpResponse:
    """The portal's signed link (fieldwork.signing): no login, an hour's validity."""
    photo_id = photo_from_token(token)
    photo = CompletionPhoto.objects.filter(pk=photo_id).first() if photo_id else None
    if photo is None:
        raise NotFound()
    return _serve(photo)


@require_GET
@handles_domain_errors
def work_order(request: HttpRequest, number: str) -> HttpResponse:
    """派工单: the work order as the engineer takes it on site, printed from the browser."""
    ticket = get_ticket_for_staff(request.user, number)
    context = {"ticket": ticket, "deadlines": ticket_deadlines(ticket), "customer": ticket.customer}
    return render(request, "fieldwork/work_order.html", context)
