"""What every screen of every app shares: the one place a DomainError becomes what the user sees,
and the page-or-fragment rendering of htmx requests (one view, one template, its partials)."""

from collections.abc import Callable
from functools import lru_cache, wraps
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRedirect

from core.errors import DomainError, InvalidInput

ERROR_TEMPLATE = "includes/error.html"
_MARKER = "9081726354"  # stands for the argument: digits, so that int and str routes both accept it
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted in a path argument


@lru_cache(maxsize=512)
def _route_parts(name: str, prefix: str) -> tuple[str, str]:
    before, after = reverse(name, args=[_MARKER]).split(_MARKER)
    return before, after


def route(name: str, arg) -> str:
    """reverse(name, args=[arg]) for a route of one argument, the pattern resolved once per process
    and script prefix: a page of many rows links each without reverse() (a scorecard of 400 lines
    spent a third of its time in it; the ticket lists link every row)."""
    before, after = _route_parts(name, get_script_prefix())
    return f"{before}{quote(str(arg), safe=_PATH_SAFE)}{after}"


ERROR_TITLES = {
    400: gettext_lazy("Please check what you entered"),
    403: gettext_lazy("You may not do this"),
    404: gettext_lazy("Not found"),
    409: gettext_lazy("Not possible in the current state"),
    413: gettext_lazy("Too large"),
    429: gettext_lazy("Too many attempts"),
}


def show_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """The refusal, with its HTTP status. An htmx request gets the small error fragment, which
    static/js/kefu.js swaps next to the form that sent it; a plain request gets the message on a
    page of its own (a POST without JavaScript has no form state worth re-rendering)."""
    if is_fragment_request(request):
        return render(request, ERROR_TEMPLATE, {"error": exc}, status=exc.status)
    messages.error(request, exc.message)
    title = ERROR_TITLES.get(exc.status, _("Not possible"))  # words, never the machine code
    return render(request, "errors/domain.html", {"error": exc, "title": title}, status=exc.status)


def handles_domain_errors(view: Callable) -> Callable:
    """Every web view wears this: the actions and fetchers raise, the screen shows."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return show_error(request, exc)

    return wrapped


def is_fragment_request(request: HttpRequest) -> bool:
    # A history restore is sent with HX-Request too, but needs the whole page back.
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_screen(
    request: HttpRequest, template: str, context: dict, *, partial: str | None = None, status: int = 200
) -> HttpResponse:
    """The page, or only `partial` of it when htmx asks."""
    name = f"{template}#{partial}" if partial and is_fragment_request(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def done(request: HttpRequest, url: str) -> HttpResponse:
    """After a write from a console form: htmx is told to load `url` anew (with the success
    message); a plain form post is redirected there."""
    if is_fragment_request(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def form_error(form) -> InvalidInput:
    """A Django form's errors as the refusal the console shows: the form-wide error (if any) is
    the message, the rest stay with their fields."""
    fields = {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}
    message = fields.pop("__all__", None) or _("Please correct the marked fields.")
    return InvalidInput(message, fields=fields)


def with_messages(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Deliver the pending messages with an htmx fragment, as an out-of-band swap into #flash,
    so a success notice shows now instead of on the next full page."""
    response.write(render_to_string("includes/flash_oob.html", request=request))
    return response


def paginate(request: HttpRequest, qs: QuerySet) -> Page:
    return Paginator(qs, settings.KEFU_PAGE_SIZE).get_page(request.GET.get("page"))
