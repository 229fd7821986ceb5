"""The in-app inbox: the bell in the top bar (unread count, polled by htmx) and the list."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from notifications.models import Channel, Notification
from notifications.services import mark_read, unread_count
from notifications.templates import DIGESTS
from notifications.templates import render as render_text

PAGE_SIZE = 30


@require_GET
@login_required
def bell(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/bell.html", {"unread": unread_count(request.user)})


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(staff=request.user, channel=Channel.INAPP).select_related("staff", "ticket")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(n, render_text(n, language=request.LANGUAGE_CODE)) for n in page]
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "items": items, "unread": unread_count(request.user), "digests": DIGESTS},
    )


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    mark_read(request.user)
    return render(request, "notifications/bell.html", {"unread": 0})
