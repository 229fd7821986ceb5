"""The public portal (no staff login): submit a request, look it up, rate the work. Mobile first."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError, NotFound
from core.phones import normalize_phone
from core.web import handles_domain_errors
from fieldwork.models import CompletionPhoto
from fieldwork.signing import photo_token
from portal import actions
from portal.limits import limit_lookup, limit_submit
from portal.models import Photo
from tickets.access import get_ticket_for_staff
from tickets.duplicates import similar_recent
from tickets.vocabulary import Category


def in_chinese(view):
    """The portal speaks Chinese to every visitor, whatever language the phone's browser prefers:
    it is the company's customers' page, and its texts, messages and SMS are written in Chinese."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = settings.LANGUAGE_CODE
        return response

    return wrapper


# What the apps above the portal add to the progress page (filled in their AppConfig.ready()): each
# takes (ticket, values) — values being the number and digits the visitor proved — and returns a
# context with its "template", or None to add nothing (e.g. workorders: the customer's acceptance).
PROGRESS_PANELS: list = []


def _categories():
    return [(value, Category(value).label) for value in actions.PORTAL_CATEGORIES]


@in_chinese
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    context = {"categories": _categories(), "values": request.POST}
    if request.method == "GET":
        return render(request, "portal/submit.html", context)
    try:
        limit_submit(request, normalize_phone(request.POST.get("phone", "")))
        ticket = actions.submit_request(
            category=request.POST.get("category", ""),
            content=request.POST.get("content", ""),
            name=request.POST.get("name", ""),
            phone=request.POST.get("phone", ""),
            address=request.POST.get("address", ""),
            photo=request.FILES.get("photo"),
        )
    except DomainError as exc:
        return render(request, "portal/submit.html", {**context, "error": exc}, status=exc.status)
    # The same warning the intake screen gives an agent (tickets/duplicates.py), in the customer's
    # words and without the earlier numbers: whoever types a phone number must not learn them.
    context = {
        "ticket": ticket,
        "similar_before": bool(similar_recent(ticket)),
        "duplicate_window": settings.KEFU_DUPLICATE_WINDOW_MINUTES,
    }
    return render(request, "portal/submitted.html", context)


@in_chinese
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "portal/lookup.html", {"values": {}})
    number = request.POST.get("number", "").strip().upper()[:24]
    digits = request.POST.get("digits", "").strip()[:4]
    context = {"values": {"number": number, "digits": digits}}
    try:
        limit_lookup(request, number)
        ticket = actions.find_ticket(number, digits)
        if request.POST.get("score"):
            actions.rate_ticket(ticket, score=request.POST.get("score"), comment=request.POST.get("comment", ""))
            context["rated"] = True
    except DomainError as exc:
        return render(request, "portal/lookup.html", {**context, "error": exc}, status=exc.status)
    context.update(
        ticket=ticket,
        steps=actions.public_progress(ticket),
        can_rate=actions.can_rate(ticket),
        extras=[extra for extra in (add(ticket, context["values"]) for add in PROGRESS_PANELS) if extra],
        scores=range(5, 0, -1),
        # B4: the customer sees the result of the work and its photos, through signed links.
        completion_photos=[
            photo_token(pk) for pk in CompletionPhoto.objects.filter(ticket=ticket).values_list("pk", flat=True)
        ],
    )
    return render(request, "portal/lookup.html", context)


@login_required  # /portal/ is public in the middleware; its photos are not
@require_GET
@handles_domain_errors
def staff_photo(request: HttpRequest, number: str, photo_id: int) -> HttpResponse:
    """A customer's photo, for the staff who may see its ticket (login required: the portal's
    visitors never read photos back). Served with the type its content showed, never sniffed."""
    ticket = get_ticket_for_staff(request.user, number)
    photo = Photo.objects.filter(ticket=ticket, pk=photo_id).first()
    if photo is None:
        raise NotFound()
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise NotFound() from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response
