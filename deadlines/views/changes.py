"""The change log of the time-commitment settings: who changed which calendar, holiday or
commitment, when, old → new (core.history). Read by everyone who may read the commitments."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from core.web import handles_domain_errors, render_screen
from deadlines.access import require_read_commitments
from deadlines.selectors import CHANGE_LOG_ROWS, settings_changes


@require_GET
@handles_domain_errors
def changes(request: HttpRequest) -> HttpResponse:
    require_read_commitments(request.user)
    context = {"changes": settings_changes(), "limit": CHANGE_LOG_ROWS, "section": "changes"}
    return render_screen(request, "deadlines/changes.html", context)
