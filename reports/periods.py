"""Periods (K2): any range of days, the day, week, month, quarter or year around a date, and the
two periods each figure is compared with: the previous one (环比) and a year before (同比)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

MAX_DAYS = 5 * 366  # "a range over 5 years" is refused
EARLIEST = date(2000, 1, 1)


def _month_end(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _months_back(day: date, months: int) -> date:
    """The first of the month `months` before the month of `day`."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    first: date  # both days included
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) in the installation's time zone."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.first, time.min, tzinfo=zone)
        return start, datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=zone)

    def _whole_months(self) -> int:
        if self.first.day != 1 or self.last != _month_end(self.last):
            return 0
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def previous(self) -> "Period":
        """环比: the same number of calendar months just before for whole months (so March is
        compared with February); a month so far with the same days of the month before; otherwise
        the same number of days just before."""
        months = self._whole_months()
        if months:
            first = _months_back(self.first, months)
            return Period(first, self.first - timedelta(days=1))
        if self.first.day == 1 and self.last.month == self.first.month and self.last.year == self.first.year:
            # This month so far (1st to the 4th) against the same days of the month before.
            first = _months_back(self.first, 1)
            return Period(first, first.replace(day=min(self.last.day, _month_end(first).day)))
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def year_before(self) -> "Period":
        """同比: the same days a year earlier (a whole February to a whole February)."""
        last = _year_back(self.last)
        if self.last == _month_end(self.last):
            last = _month_end(last)
        return Period(_year_back(self.first), last)

    def unit(self) -> str:
        """The trend's step for a period of this length."""
        if self.days <= 31:
            return "day"
        if self.days <= 92:
            return "week"
        if self.days <= 2 * 366:
            return "month"
        return "quarter"


def around(unit: str, day: date) -> Period:
    """The day, week (Monday to Sunday), month, quarter or year that holds `day`."""
    if unit == "day":
        return Period(day, day)
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        return Period(monday, monday + timedelta(days=6))
    if unit == "month":
        return Period(day.replace(day=1), _month_end(day))
    if unit == "quarter":
        first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(first, _month_end(date(day.year, first.month + 2, 1)))
    if unit == "year":
        return Period(date(day.year, 1, 1), date(day.year, 12, 31))
    raise InvalidInput(_("Unknown period."), fields={"period": _("Not an allowed value.")})


def parse_day(value, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(_("Use a date like 2026-11-01."), fields={name: _("Not a date.")}) from None


def parse_period(first, last, *, today: date | None = None) -> Period:
    """The period of a request's `from` and `to` (either may be empty: this month so far)."""
    today = today or timezone.localdate()
    first = parse_day(first, "from") if first not in (None, "") else today.replace(day=1)
    last = parse_day(last, "to") if last not in (None, "") else max(today, first)
    if last < first:
        raise InvalidInput(_("The end of the period is before its start."), fields={"to": _("Before the start.")})
    if first < EARLIEST or last > today.replace(year=today.year + 1):
        raise InvalidInput(_("Choose dates between 2000 and a year from now."), fields={"from": _("Out of range.")})
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput(
            _("A report covers at most 5 years: choose a shorter period."), fields={"to": _("Too long a period.")}
        )
    return Period(first, last)


def months_back(day: date, months: int) -> date:
    """The first of the month `months` before the month of `day` (0: its own month)."""
    return _months_back(day, months)
