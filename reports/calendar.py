"""The handbooks' reporting calendar (K2): when a subscription is due and which days it covers.

A report is built on its day from 08:00 (the installation's time) and covers complete days only:
- daily: the day before;
- weekly: every Wednesday, the seven days before (Wednesday to Tuesday);
- monthly: on the 25th, the 25th of the month before to the 24th (the handbooks' "by the 25th");
- quarterly: on the first day of a quarter, the quarter just ended;
- yearly: on 1 January, the year just ended.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from reports.periods import Period, around, months_back

SEND_AT = time(8, 0)


def latest_occurrence(schedule: str, now: datetime) -> tuple[datetime, Period]:
    """The last moment ≤ now the schedule was due, and the period that report covers."""
    local = timezone.localtime(now)
    day = local.date() if local.time() >= SEND_AT else local.date() - timedelta(days=1)
    if schedule == "daily":
        due = day
        period = Period(due - timedelta(days=1), due - timedelta(days=1))
    elif schedule == "weekly":
        due = day - timedelta(days=(day.weekday() - 2) % 7)  # Wednesday
        period = Period(due - timedelta(days=7), due - timedelta(days=1))
    elif schedule == "monthly":
        due = day.replace(day=25) if day.day >= 25 else months_back(day, 1).replace(day=25)
        period = Period(months_back(due, 1).replace(day=25), due - timedelta(days=1))
    elif schedule == "quarterly":
        due = around("quarter", day).first
        period = around("quarter", due - timedelta(days=1))
    elif schedule == "yearly":
        due = date(day.year, 1, 1)
        period = around("year", due - timedelta(days=1))
    else:
        raise ValueError(schedule)
    return datetime.combine(due, SEND_AT, tzinfo=timezone.get_current_timezone()), period
