"""The national holidays and make-up working days (调休) of a year as the State Council published
them, read from the chinese-calendar package and offered to the manager to confirm. The business
calendar stays the company's: nothing is entered without a person confirming it, and a day the
company entered by hand is never overwritten."""

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from django.db import transaction

from accounts.models import Staff
from core.errors import Forbidden
from core.history import attribute
from deadlines.access import can_edit_commitments
from deadlines.models import CalendarDay, DayKind

# The package's holiday codes, named as the calendar shows them (the company's own words).
NAMES = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "national_day": "国庆节",
    "mid_autumn_festival": "中秋节",
    "anti_fascist_70th_day": "抗战胜利纪念日",
}
_BY_ENGLISH = {holiday.value: code for code, holiday in chinese_calendar.constants.Holiday.__members__.items()}


@dataclass(frozen=True)
class OfferedDay:
    date: date
    kind: str  # DayKind
    name: str


def published_days(year: int) -> list[OfferedDay] | None:
    """Every public holiday and make-up working day of `year`, or None when the installed package
    has no schedule for that year yet (the next year's is published late in the year)."""
    days = []
    day = date(year, 1, 1)
    try:
        while day.year == year:
            is_holiday, english = chinese_calendar.get_holiday_detail(day)
            if english is not None:
                name = NAMES.get(_BY_ENGLISH.get(english, ""), english)
                days.append(OfferedDay(day, DayKind.HOLIDAY if is_holiday else DayKind.WORKDAY, name))
            day += timedelta(days=1)
    except NotImplementedError:
        return None
    return days


def offered_days(year: int) -> list[OfferedDay] | None:
    """The published days the calendar does not have yet (a date entered by hand is kept as is)."""
    published = published_days(year)
    if published is None:
        return None
    entered = set(CalendarDay.objects.filter(date__year=year).values_list("date", flat=True))
    return [day for day in published if day.date not in entered]


@transaction.atomic
def confirm_offered(year: int, *, actor: Staff) -> list[CalendarDay]:
    """Enter the offered days of `year` as the manager confirmed them."""
    if not can_edit_commitments(actor):
        raise Forbidden()
    # Row by row (a few dozen a year), so each entry is saved like one entered by hand, its
    # history row naming the actor (core.history).
    days = [CalendarDay(date=day.date, kind=day.kind, name=day.name) for day in offered_days(year) or []]
    for row in days:
        attribute(row, actor).save()
    return days
