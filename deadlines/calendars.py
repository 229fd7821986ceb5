"""Business-time arithmetic (工作时间): pure functions over a calendar snapshot, no database.

A calendar is either around the clock (24x7: emergencies, gas alarms) or business hours — one
window a day (e.g. 8:30–17:30) on the working weekdays, minus public holidays, plus the make-up
working days (调休) that move a weekend into the working week. The rows live in
deadlines.models; `WorkingTime` is the snapshot the maths runs on, so the property tests need no
database and a pass over many tickets loads the holidays once.

All arithmetic is on local wall-clock time in the installation's zone (Asia/Shanghai by
default; China has no daylight saving, so a local day is always 24 hours long).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

# A calendar with no working day at all would make `add` loop forever; no real commitment
# spans more than ten years of calendar days.
MAX_DAYS = 3660


@dataclass(frozen=True)
class WorkingTime:
    tz: tzinfo
    around_the_clock: bool = True
    day_start: time = time(8, 30)
    day_end: time = time(17, 30)
    weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO: Monday = 1
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)  # 调休: weekend days worked

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.isoweekday() in self.weekdays

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The working period of a local day, or None on a day off."""
        if not self.is_working_day(day):
            return None
        return (
            datetime.combine(day, self.day_start, tzinfo=self.tz),
            datetime.combine(day, self.day_end, tzinfo=self.tz),
        )

    def is_working(self, moment: datetime) -> bool:
        """Inside a working period (its ends included)."""
        if self.around_the_clock:
            return True
        local = moment.astimezone(self.tz)
        bounds = self.window(local.date())
        return bounds is not None and bounds[0] <= local <= bounds[1]

    def add(self, start: datetime, minutes: float | timedelta) -> datetime:
        """The moment `minutes` of working time after `start`.

        Work started outside hours begins at the next opening; a result exactly at a closing
        time stays there (17:30 rather than 8:30 the next working day), so adding a then b
        equals adding a + b.
        """
        left = minutes if isinstance(minutes, timedelta) else timedelta(minutes=minutes)
        if left < timedelta(0):
            raise ValueError("minutes must not be negative")
        if self.around_the_clock or not left:
            return start + left
        current = start.astimezone(self.tz)
        day = current.date()
        for _ in range(MAX_DAYS):
            bounds = self.window(day)
            if bounds is not None:
                opens, closes = bounds
                if current < opens:
                    current = opens
                if current < closes:
                    available = closes - current
                    if left <= available:
                        return current + left
                    left -= available
            day += timedelta(days=1)
            current = datetime.combine(day, time(0), tzinfo=self.tz)
        raise ValueError("the calendar has no working time within ten years")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from start to end (zero when end is not after start)."""
        if end <= start:
            return timedelta(0)
        if self.around_the_clock:
            return end - start
        start, end = start.astimezone(self.tz), end.astimezone(self.tz)
        total = timedelta(0)
        day = start.date()
        while day <= end.date():
            bounds = self.window(day)
            if bounds is not None:
                opens, closes = max(bounds[0], start), min(bounds[1], end)
                if closes > opens:
                    total += closes - opens
            day += timedelta(days=1)
        return total
