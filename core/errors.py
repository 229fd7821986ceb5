"""Domain errors: a machine code, a translated message and an HTTP status.

The API's exception handler and the web views both render these, so a refusal reads the same
wherever it happens. Messages are lazy translations: Chinese by default, English when switched.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_message = _("The request is invalid.")

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.fields = fields or {}
        super().__init__(str(self.message))

    def as_dict(self) -> dict:
        body = {"code": self.code, "message": str(self.message)}
        if self.fields:
            body["fields"] = {key: str(value) for key, value in self.fields.items()}
        return {"error": body}


class InvalidInput(DomainError):
    status = 400
    code = "invalid"


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"
    default_message = _("Please log in first.")


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = _("You are not allowed to do this.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("This conflicts with the current state.")


class IllegalTransition(Conflict):
    code = "illegal_transition"
    default_message = _("This action is not possible in the ticket's current status.")


class PayloadTooLarge(DomainError):
    status = 413
    code = "payload_too_large"
    default_message = _("The request is too large.")


class ControlCharacters(DomainError):
    status = 400
    code = "control_characters"
    default_message = _("The text contains control characters (such as NUL); remove them and try again.")


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    default_message = _("Too many requests. Please try again later.")
