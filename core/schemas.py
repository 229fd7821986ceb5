"""Field types shared by the API's input and output schemas.

Input is strict: unknown fields are refused, numbers are not accepted for text or text for
numbers, times must be ISO 8601 strings. The error types raised here are turned into
translated per-field messages by field_message() below (the API's exception handler and the
screens' query strings both use it).
"""

import re
from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from core.errors import InvalidInput
from core.moments import bounds_message, within_bounds
from core.phones import is_valid_phone, normalize_phone
from core.text import trim

# A time of day is required: "2026-11-23" alone is a date, not the moment a request arrived.
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


class StrictIn(BaseModel):
    """Base of every request body: a field we do not know is a client's mistake, not noise."""

    model_config = ConfigDict(extra="forbid")


# Per-field messages for pydantic's error types; anything else reads "Invalid value."
FIELD_MESSAGES = {
    "missing": _("Required."),
    "extra_forbidden": _("Unknown field."),
    "string_type": _("Must be text."),
    "int_type": _("Must be a whole number."),
    "int_parsing": _("Must be a whole number."),
    "int_from_float": _("Must be a whole number."),
    "bool_type": _("Must be true or false."),
    "bool_parsing": _("Must be true or false."),
    "list_type": _("Must be a list."),
    "model_type": _("Must be an object."),
    "model_attributes_type": _("Must be an object."),
    "dict_type": _("Must be an object."),
    "literal_error": _("Not an allowed value."),
    "enum": _("Not an allowed value."),
    "iso_datetime": _("Use an ISO 8601 date and time, e.g. 2026-11-23T17:30:00+08:00."),
    "iso_date": _("Use a date as YYYY-MM-DD, e.g. 2026-11-23."),
    "date_from_datetime_parsing": _("Use a date as YYYY-MM-DD, e.g. 2026-11-23."),
    "date_parsing": _("Use a date as YYYY-MM-DD, e.g. 2026-11-23."),
    "phone": _("Not a phone number."),
    "greater_than_equal": _("Too small."),
    "greater_than": _("Too small."),
    "less_than_equal": _("Too large."),
    "less_than": _("Too large."),
    "string_pattern_mismatch": _("Not in the expected format."),
}


def field_message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "string_too_long":
        return str(_("At most %(max)s characters.")) % {"max": ctx.get("max_length")}
    if kind == "string_too_short":
        return str(_("Required.")) if ctx.get("min_length") == 1 else str(_("Too short."))
    if kind == "too_long":
        return str(_("At most %(max)s items.")) % {"max": ctx.get("max_length")}
    if kind == "too_short":
        return str(_("At least %(min)s items.")) % {"min": ctx.get("min_length")}
    if kind == "moment_bounds":
        return bounds_message()
    if kind in ("literal_error", "enum") and ctx.get("expected"):
        # pydantic lists the choices as "'a', 'b' or 'c'"; the English "or" goes.
        choices = str(ctx["expected"]).replace(" or ", ", ")
        return str(_("Not an allowed value; use one of %(choices)s.")) % {"choices": choices}
    return str(FIELD_MESSAGES.get(kind, _("Invalid value.")))


def validate_query(model: type[BaseModel], data: dict):
    """A screen's query string through the same schema as the API's: the same checks and the
    same per-field messages (empty values count as not given)."""
    try:
        return model.model_validate({key: value for key, value in data.items() if value not in ("", None)})
    except ValidationError as exc:
        fields = {".".join(str(p) for p in e["loc"]) or "query": field_message(e) for e in exc.errors()}
        raise InvalidInput(_("Please correct the marked fields."), fields=fields) from None


def reject_unknown_params(request: HttpRequest, model: type[BaseModel]) -> None:
    """Query strings are parsed field by field, so a misspelt filter (`?stauts=new`) would
    silently list everything; refuse it like an unknown body field."""
    unknown = sorted(set(request.GET) - set(model.model_fields))
    if unknown:
        raise InvalidInput(
            _("Please correct the marked fields."), fields={name[:50]: _("Unknown field.") for name in unknown}
        )


def _parse_iso_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and _ISO_DATETIME.match(value.strip()):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError("iso_datetime", "not an ISO 8601 date and time") from None
    else:
        raise PydanticCustomError("iso_datetime", "not an ISO 8601 date and time")
    if timezone.is_naive(parsed):
        # A time without offset is a local time, as the caller's wall clock shows it.
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    if not within_bounds(parsed):
        raise PydanticCustomError("moment_bounds", "outside the times the work can mean")
    return parsed


def _check_date(value: object) -> date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError("iso_date", "not an ISO 8601 date") from None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise PydanticCustomError("iso_date", "not an ISO 8601 date")
    if not within_bounds(value):
        raise PydanticCustomError("moment_bounds", "outside the times the work can mean")
    return value


def _local_iso(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


# In: an ISO 8601 string; naive means the current time zone (Asia/Shanghai). Always aware.
IsoDateTime = Annotated[datetime, BeforeValidator(_parse_iso_datetime)]

# In: a day, YYYY-MM-DD, between 2000-01-01 and a few years from now.
IsoDate = Annotated[date, BeforeValidator(_check_date)]

# Out: ISO 8601 with the local offset, e.g. 2026-11-23T17:30:00+08:00.
LocalDateTime = Annotated[datetime, PlainSerializer(_local_iso, return_type=str, when_used="always")]


def _check_phone(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "not a string")
    number = normalize_phone(value)
    if len(value) > 30 or not is_valid_phone(number):
        raise PydanticCustomError("phone", "not a phone number")
    return number


def _check_optional_phone(value: object) -> str:
    if isinstance(value, str) and not value.strip():
        return ""
    return _check_phone(value)


# A phone number in any usual spelling ("138-0013 8000", "+86 138…"); the value is normalised.
Phone = Annotated[str, BeforeValidator(_check_phone)]
OptionalPhone = Annotated[str, BeforeValidator(_check_optional_phone)]


def _trim(value: object) -> object:
    return trim(value) if isinstance(value, str) else value


def Text(max_length: int, *, min_length: int = 0):
    """A string of bounded length; surrounding blanks (invisible ones too) do not count."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        BeforeValidator(_trim),
    ]


def bounded_list(item, *, min_length: int = 0, max_length: int):
    return Annotated[list[item], Field(min_length=min_length, max_length=max_length)]
