"""Writing the calendars: business hours, and the holidays and make-up working days (调休) entered
per year as the State Council publishes them.

Due times already set are promises made and stay as they are; new tickets, and clocks resumed
after a hold, count with the calendar as it is now. A holiday moves every due time counted after
it, so only the manager and the administrator write calendars (deadlines.access), and each write
is kept in the settings history with its actor (core.history).
"""

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import Conflict, InvalidInput
from core.history import attribute
from deadlines.access import require_edit_commitments
from deadlines.models import BusinessCalendar, CalendarDay, CommitmentPolicy, DayKind, Deadline

# One entry covers at most a month: the longest Chinese holiday is eight days.
MAX_SPAN_DAYS = 31


@transaction.atomic
def enter_days(*, first: date, last: date | None = None, kind: str, name: str = "", actor: Staff) -> list[CalendarDay]:
    """Mark first..last (inclusive) as public holidays or as make-up working days. A date
    already entered takes the new kind and name: a correction, not a duplicate."""
    require_edit_commitments(actor)
    last = last or first
    if kind not in DayKind.values:
        raise InvalidInput(_("Unknown kind of day."), fields={"kind": _("Unknown kind of day.")})
    if last < first:
        raise InvalidInput(_("The last day comes before the first."), fields={"last": _("Before the first day.")})
    if (last - first).days >= MAX_SPAN_DAYS:
        raise InvalidInput(
            _("Enter at most %(days)s days at once.") % {"days": MAX_SPAN_DAYS}, fields={"last": _("Too long a span.")}
        )
    name = (name or "").strip()[:30]
    existing = {d.date: d for d in CalendarDay.objects.select_for_update().filter(date__range=(first, last))}
    days = []
    day = first
    while day <= last:
        row = existing.get(day) or CalendarDay(date=day)
        row.kind, row.name = kind, name
        try:
            with transaction.atomic():
                attribute(row, actor).save()  # the history keeps only a real change
        except IntegrityError:  # another edit entered the same date between our read and insert
            raise Conflict(_("These days were changed at the same moment by someone else; try again.")) from None
        days.append(row)
        day += timedelta(days=1)
    return days


@transaction.atomic
def remove_day(day: CalendarDay, *, actor: Staff) -> None:
    require_edit_commitments(actor)
    row = CalendarDay.objects.select_for_update().filter(pk=day.pk).first()
    if row is not None:
        attribute(row, actor).delete()


@transaction.atomic
def save_calendar(
    calendar: BusinessCalendar | None,
    *,
    name: str,
    around_the_clock: bool,
    day_start: time | None,
    day_end: time | None,
    weekdays: str,
    actor: Staff,
) -> BusinessCalendar:
    """Create a calendar, or change one's hours (for new tickets and resumed clocks)."""
    require_edit_commitments(actor)
    if calendar is None:
        calendar = BusinessCalendar()
    else:
        calendar = BusinessCalendar.objects.select_for_update().get(pk=calendar.pk)
    calendar.name = (name or "").strip()
    calendar.around_the_clock = around_the_clock
    if day_start is not None:
        calendar.day_start = day_start
    if day_end is not None:
        calendar.day_end = day_end
    calendar.weekdays = "".join(sorted(set(weekdays or "")))
    try:
        calendar.full_clean()
    except ValidationError as error:
        fields = {key: " ".join(str(m) for m in messages) for key, messages in error.message_dict.items()}
        raise InvalidInput(next(iter(fields.values())), fields=fields) from None
    attribute(calendar, actor).save()
    return calendar


@transaction.atomic
def delete_calendar(calendar: BusinessCalendar, *, actor: Staff) -> None:
    """Only a calendar no commitment or deadline has used can go."""
    require_edit_commitments(actor)
    if (
        CommitmentPolicy.objects.filter(calendar=calendar).exists()
        or Deadline.objects.filter(calendar=calendar).exists()
    ):
        raise Conflict(_("This calendar is used by commitments; it cannot be deleted."))
    attribute(calendar, actor).delete()
