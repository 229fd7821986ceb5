"""Which times the work can mean, and reading whatever times are already stored.

A request is received, booked or promised between 2000-01-01 and a few years from now; anything
else is a typing mistake or a probe (9999-12-31 broke every page showing the ticket: shown in
Asia/Shanghai it overflows Python's datetime). Writers check with `check_moment`; readers are
protected once, where the database hands values over (`clamp_stored`, core/db/).
"""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
YEARS_AHEAD = 5
# Stored values outside this range are read as its ends: far enough from datetime.min/max that
# shifting them by any time zone or adding a few years of deadlines cannot overflow.
STORED_MIN = datetime(1000, 1, 1, tzinfo=UTC)
STORED_MAX = datetime(9000, 1, 1, tzinfo=UTC)

OUT_OF_BOUNDS = _("Must be between 2000-01-01 and %(years)s years from now.")


def latest(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=365 * YEARS_AHEAD + 2)


def within_bounds(value: datetime | date, now: datetime | None = None) -> bool:
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return EARLIEST <= value <= latest(now)
    return EARLIEST.date() <= value <= latest(now).date()


def bounds_message() -> str:
    return str(OUT_OF_BOUNDS) % {"years": YEARS_AHEAD}


def check_moment(value, field: str):
    """`value` (a datetime, a date or None) unchanged, or InvalidInput naming `field`."""
    if value is not None and not within_bounds(value):
        raise InvalidInput(_("Please correct the marked fields."), fields={field: bounds_message()})
    return value


def clamp_stored(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value < STORED_MIN:
        return STORED_MIN
    if value > STORED_MAX:
        return STORED_MAX
    return value
