"""Form values as the browser sends them."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput


def local_datetime(raw: str, name: str) -> datetime | None:
    """<input type=datetime-local> sends 2026-03-01T09:30 in the company's time."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(_("The time is not valid."), fields={name: _("Not a time.")}) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def parse_date(raw: str, name: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(_("The date is not valid."), fields={name: _("Not a date.")}) from None
