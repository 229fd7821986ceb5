"""The HTTP API root (API.md): token auth, error mapping, one router per app.

Every refusal leaves here as `{"error": {"code", "message", "fields"?}}` with a translated
message; the handlers below are the only place that turns exceptions into responses.
"""

import functools
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from accounts.api import auth_router
from accounts.api import router as accounts_router
from accounts.models import ApiToken, Staff
from appraisal.api import router as appraisal_router
from callbacks.api import router as callbacks_router
from core.db.compiled import Compiled, Param
from core.errors import DomainError, Forbidden, InvalidInput, NotAuthenticated, NotFound, PayloadTooLarge, RateLimited
from core.schemas import field_message
from customers.api import router as customers_router
from emergency.api import router as emergency_router
from guards import idempotency
from knowledge.api import articles_router, charges_router, items_router
from registers.api import router as registers_router
from reports.api import router as reports_router
from shifts.api import router as shifts_router
from standards.api import router as language_router
from tickets.api import router as tickets_router
from tickets.api import subtypes_router
from workorders.api import router as workorders_router

logger = logging.getLogger(__name__)

# last_used_at is bookkeeping, not an audit trail: one write a minute per token is plenty.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class MalformedJson(DomainError):
    status = 400
    code = "malformed_json"
    default_message = _("The request body is not valid JSON.")


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"
    default_message = _("Send the request body as JSON (Content-Type: application/json).")


class MethodNotAllowed(DomainError):
    status = 405
    code = "method_not_allowed"
    default_message = _("This method is not allowed here.")


class JsonOnlyParser(Parser):
    """Ninja parses any body as JSON whatever its Content-Type; we refuse what is not JSON."""

    def parse_body(self, request: HttpRequest):
        content_type = (request.content_type or "").lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise UnsupportedMediaType()
        try:
            return json.loads(request.body)
        except ValueError:  # JSONDecodeError and UnicodeDecodeError both are ValueErrors
            raise MalformedJson() from None


# key_hash is unique: no ORDER BY. Compiled once: this read is in every API request.
_TOKEN = Compiled(
    lambda: (
        ApiToken.objects.select_related("user__department")
        .filter(
            key_hash=Param("key_hash", ApiToken._meta.get_field("key_hash")),
            user__is_active=True,
            created_at__gt=Param("after", ApiToken._meta.get_field("created_at")),
        )
        .order_by()[:1]
    )
)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Staff | None:
        if not token or len(token) > 200:
            return None
        now = timezone.now()
        found = _TOKEN.first(key_hash=ApiToken.hash(token), after=now - timedelta(hours=settings.KEFU_API_TOKEN_HOURS))
        if found is None:
            return None
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found
        return found.user


# Every error has the same body (core.errors.DomainError.as_dict); the OpenAPI document says so, so
# that a client generated from it knows the 4xx answers as well as the 2xx ones.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "examples": ["invalid", "not_found", "illegal_transition"]},
                "message": {"type": "string", "description": "Human-readable, Chinese by default."},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}
ERROR_RESPONSES = {
    "400": "Invalid input: malformed JSON, missing, unknown or wrong fields, unknown vocabulary",
    "401": "No token, or an unknown or revoked one",
    "403": "The role or department may not do this",
    "404": "Not found, or not visible to this user",
    "405": "Wrong method",
    "409": "Not possible in the current state (e.g. an illegal transition), or a duplicate",
    "413": "The body is larger than the server accepts",
    "415": "The body is not JSON",
    "429": "Too many requests",
}


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any unique string (a UUID): a repeat by the same caller within 24 hours gets the first "
    "answer again (header Idempotent-Replayed: true) and writes nothing.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x21-\\x7e]+$"},
}
IDEMPOTENCY_REUSED = "The Idempotency-Key was already used by this caller for a different request"


class KefuAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_RESPONSES.items():
                    responses.setdefault(status, {"description": description, **ref})
        for operations in schema.get("paths", {}).values():
            if "post" in operations:
                operation = operations["post"]
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
                operation["responses"].setdefault("422", {"description": IDEMPOTENCY_REUSED, **ref})
        return schema

    def _get_urls(self):
        # Ninja answers a wrong method with a bare text 405 from inside its path view, past the
        # exception handlers; wrapping the views is the one place to give clients our JSON error.
        # (A private hook of ninja 1.x: test_a_wrong_method_is_a_json_405 guards an upgrade.)
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _idempotent(_json_method_not_allowed(pattern.callback))
        return urls


def _json_method_not_allowed(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = error_response(MethodNotAllowed())
            response["Allow"] = allowed
        return response

    return wrapper


def _idempotent(view):
    """POST with an Idempotency-Key: the same caller's repeat within 24 h gets the first answer
    (guards.idempotency). The caller is the token's owner, whichever token they use."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or key is None:
            return view(request, *args, **kwargs)
        if not idempotency.valid_key(key):
            return error_response(idempotency.KeyInvalid())
        bearer = request.headers.get("Authorization", "")
        token = bearer[7:].strip() if bearer[:7].lower() == "bearer " else ""
        owner = (
            ApiToken.objects.filter(key_hash=ApiToken.hash(token)).values_list("user_id", flat=True).first()
            if 0 < len(token) <= 200
            else None
        )
        if owner is None:
            return view(request, *args, **kwargs)  # answers 401 (or, for auth/token, a new token)
        print_ = idempotency.fingerprint(request.method, request.path, request.body)
        try:
            return idempotency.run_once(f"api:{owner}", key, print_, lambda: view(request, *args, **kwargs))
        except DomainError as error:
            return error_response(error)

    return wrapper


api = KefuAPI(
    title="kefu API",
    version="1",
    description="Customer-service work orders. Authenticate with POST /api/v1/auth/token, then send "
    "`Authorization: Bearer <token>`.",
    urls_namespace="api",
    auth=TokenAuth(),
    parser=JsonOnlyParser(),
)


# ---- errors -------------------------------------------------------------------------------


def error_response(error: DomainError) -> HttpResponse:
    return HttpResponse(
        json.dumps(error.as_dict(), ensure_ascii=False),
        status=error.status,
        content_type="application/json; charset=utf-8",
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(exc)


def _field_path(loc: tuple) -> str:
    # ("body", "payload", "contact", "phone") → "contact.phone"; ("query", "page") → "page".
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        path = _field_path(tuple(error.get("loc", ())))
        if path == "body" and error.get("type") == "missing":
            return error_response(InvalidInput(_("The request needs a JSON body."), fields={"body": _("Required.")}))
        fields.setdefault(path, field_message(error))
    return error_response(InvalidInput(_("Please correct the marked fields."), fields=fields))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja wraps whatever the parser raises in HttpError(400); ours carry the real reason.
    if isinstance(exc.__cause__, DomainError):
        return error_response(exc.__cause__)
    if isinstance(exc, AuthenticationError):
        return error_response(NotAuthenticated())
    if isinstance(exc, AuthorizationError):
        return error_response(Forbidden())
    if isinstance(exc, Throttled):
        return error_response(RateLimited())
    if exc.status_code == 404:
        return error_response(NotFound())
    if exc.status_code == 403:
        return error_response(Forbidden())
    if exc.status_code == 401:
        return error_response(NotAuthenticated())
    error = DomainError()
    error.status = exc.status_code if 400 <= exc.status_code < 500 else 400
    return error_response(error)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(NotFound())


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(PayloadTooLarge())


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(Forbidden())


class ServerError(DomainError):
    status = 500
    code = "server_error"
    default_message = _("Something went wrong on our side. Please try again later.")


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A bug, not the client's fault: log it with its traceback, answer in the API's format.
    logger.exception("API error on %s %s", request.method, request.path)
    return error_response(ServerError())


# ---- routers ------------------------------------------------------------------------------

api.add_router("/auth", auth_router, tags=["auth"])
api.add_router("", accounts_router, tags=["staff"])
api.add_router("/customers", customers_router, tags=["customers"])
# knowledge's router answers GET tickets/{number} with the ticket's charges (docs/api.md). Mounted
# before the tickets app's router, its URL is the one Django resolves; the OpenAPI document keeps
# one operation per path and method (the last mounted), so the shadowed one is left out of it.
api.add_router("/tickets", charges_router, tags=["tickets"])
api.add_router("/tickets", tickets_router, tags=["tickets"])
for _operation in tickets_router.path_operations["/{number}"].operations:
    _operation.include_in_schema = False
api.add_router("/subtypes", subtypes_router, tags=["tickets"])
api.add_router("/callbacks", callbacks_router, tags=["callbacks"])
api.add_router("/registers", registers_router, tags=["registers"])
api.add_router("", shifts_router, tags=["shifts"])
api.add_router("/language", language_router, tags=["service language"])
api.add_router("/knowledge", articles_router, tags=["knowledge"])
api.add_router("/service-items", items_router, tags=["knowledge"])
api.add_router("/tickets", workorders_router, tags=["work orders"])
api.add_router("", appraisal_router, tags=["appraisal"])
api.add_router("/emergency", emergency_router, tags=["emergency"])
api.add_router("/reports", reports_router, tags=["reports"])

# Last: any other path under /api/v1/ is a JSON 404, not Django's HTML page.
fallback = Router()


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False)
def unknown_path(request: HttpRequest, rest: str):
    raise NotFound()


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "", auth=None, include_in_schema=False)
def api_root(request: HttpRequest):
    raise NotFound()


api.add_router("", fallback)
