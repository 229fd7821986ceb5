"""Two middleware lanes: the API's calls pass only the middleware that serves them.

An API call authenticates with its bearer token and answers JSON: it has no session, no CSRF
cookie, no flash messages, no htmx, no page to frame or to give a Content-Security-Policy, no
static file to find. Through the pages' full stack those ten middleware still ran on every call
(a tenth of an intake's instructions, issue 19). ApiLaneMiddleware, first in MIDDLEWARE, sends a
path under /api/ through a second chain built once from API_MIDDLEWARE, the middleware of
MIDDLEWARE the API needs, in MIDDLEWARE's order (checked at start-up). The lane ends
in Django's own view handling (process_view, exceptions, template responses), so a view cannot
tell which lane it was called through. The Swagger page stays a page.

The test client runs the same MIDDLEWARE, so every API test passes through the lane.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

API_PREFIX = "/api/"
PAGE_PREFIXES = ("/api/v1/docs",)  # Swagger UI: a page, with the pages' headers


class _Lane(BaseHandler):
    """A handler whose chain is built from `paths` instead of settings.MIDDLEWARE; its innermost
    step is BaseHandler._get_response, as in Django's own handlers. Synchronous, as the server."""

    def __init__(self, paths: list[str]):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(paths):
            middleware = import_string(path)
            if not getattr(middleware, "sync_capable", True):
                raise TypeError(f"{path} cannot run synchronously")
            try:
                instance = middleware(handler)
            except MiddlewareNotUsed:
                continue
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler


def is_api_call(path_info: str) -> bool:
    return path_info.startswith(API_PREFIX) and not path_info.startswith(PAGE_PREFIXES)


def _in_order(part: list[str], whole: list[str]) -> bool:
    rest = iter(whole)
    return all(path in rest for path in part)


class ApiLaneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        lane, pages = settings.API_MIDDLEWARE, settings.MIDDLEWARE
        if not _in_order(lane, pages[pages.index(f"{__name__}.ApiLaneMiddleware") + 1 :]):
            # A middleware only the API had, or one in another order, would make the lanes differ
            # in more than what the API leaves out.
            raise ImproperlyConfigured(
                "API_MIDDLEWARE must list middleware of MIDDLEWARE, after the lane, in its order"
            )
        self.api = _Lane(lane)._middleware_chain

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_call(request.path_info):
            return self.api(request)
        return self.get_response(request)
