"""The one gate every request passes before any view: no control characters anywhere, no body
larger than the server accepts.

Path, query string, JSON bodies (every string, keys included) and form fields are checked here,
so no view, form or API schema needs to remember it (core/text.py says which characters).
A refusal reads like any other: the API's JSON error for /api/, the error page otherwise.
"""

import json

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.errors import ControlCharacters, DomainError, PayloadTooLarge
from core.text import has_control
from guards.idempotency import run_once, valid_key

BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _first_control(value, path: str) -> str | None:
    """The dotted path of the first string in a JSON document holding a control character."""
    if isinstance(value, str):
        return path if has_control(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if has_control(str(key)):
                return where
            found = _first_control(item, where)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_control(item, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


def _first_control_in_pairs(pairs) -> str | None:
    for key, values in pairs:
        if has_control(key) or any(isinstance(v, str) and has_control(v) for v in values):
            return key
    return None


def find_control(request: HttpRequest) -> str | None:
    """Where a control character is ("path", a parameter's or a field's name), or None."""
    if has_control(request.path_info):
        return "path"
    found = _first_control_in_pairs(request.GET.lists())
    if found is not None or request.method not in BODY_METHODS:
        return found
    content_type = (request.content_type or "").lower()
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            document = json.loads(request.body)
        except ValueError:
            return None  # not JSON: the API's parser says so (400 malformed_json)
        return _first_control(document, "")
    if content_type in FORM_TYPES and not request.path.startswith("/api/"):
        # (The API takes JSON only and answers 415 to a form; parsing it here would consume
        # the body the API's parser reads.)
        try:
            return _first_control_in_pairs(request.POST.lists())
        except MultiPartParserError:
            return None  # a broken form: the view finds it empty (the API answers 415)
    return None


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            where = find_control(request)
        except RequestDataTooBig:
            return refuse(request, PayloadTooLarge())
        except (TooManyFieldsSent, TooManyFilesSent):
            return refuse(request, PayloadTooLarge(_("The form has too many fields.")))
        if where is not None:
            return refuse(request, ControlCharacters(fields={where[:50]: _("Contains control characters.")}))
        return self.get_response(request)


def refuse(request: HttpRequest, error: DomainError) -> HttpResponse:
    if request.path.startswith("/api/"):
        return HttpResponse(
            json.dumps(error.as_dict(), ensure_ascii=False),
            status=error.status,
            content_type="application/json; charset=utf-8",
        )
    if hasattr(request, "_messages"):
        messages.error(request, error.message)
    return render(request, "errors/domain.html", {"error": error}, status=error.status)


FORM_TOKEN = "form_token"


class OneTimeFormMiddleware:
    """A form carrying a one-time token ({% form_token %}) is worked once: a second submission of
    the same page (a double click, a resend after a slow answer) gets the first one's answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method != "POST"
            or (request.content_type or "").lower() not in FORM_TYPES
            or request.path.startswith("/api/")
        ):
            return self.get_response(request)
        token = request.POST.get(FORM_TOKEN, "")
        if not valid_key(token):
            return self.get_response(request)
        user = getattr(request, "user", None)
        scope = f"form:{user.pk if user is not None and user.is_authenticated else '-'}"
        try:
            return run_once(scope, token, request.path, lambda: self.get_response(request), strict=False)
        except DomainError as error:
            return refuse(request, error)
