"""What the report screens share: the period of a request, and its query for links."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.groupings import UNITS
from reports.periods import Period, around, parse_day, parse_period

PRESETS = (
    ("day", _("Today")),
    ("week", _("This week")),
    ("month", _("This month")),
    ("quarter", _("This quarter")),
    ("year", _("This year")),
)


def period_of(request: HttpRequest) -> Period:
    """`period` (day, week, month, quarter, year) around `on` (default today), or `from`/`to`."""
    unit = request.GET.get("period", "")
    if unit:
        on = request.GET.get("on", "")
        chosen = around(unit if unit in UNITS else "?", parse_day(on, "on") if on else timezone.localdate())
        return parse_period(chosen.first, chosen.last)
    return parse_period(request.GET.get("from", ""), request.GET.get("to", ""))


def presets() -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    return [
        (str(label), around(unit, today).first.isoformat(), around(unit, today).last.isoformat())
        for unit, label in PRESETS
    ]
