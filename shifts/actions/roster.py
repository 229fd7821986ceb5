"""排班: shift templates, a month entered as a weekly rotation, days adjusted by hand, swaps."""

import calendar
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import LEAD_ROLES, Role, Staff
from core.errors import Conflict, Forbidden, InvalidInput
from core.text import clean_text
from deadlines.models import BusinessCalendar
from deadlines.services import working_time
from shifts.models import RosterEntry, RosterSource, ShiftTemplate, SwapRequest, SwapStatus


def require_rostering(actor: Staff) -> None:
    """The supervisor and the manager make the roster (and the administrator sets it up)."""
    if actor.role not in LEAD_ROLES and actor.role != Role.ADMIN:
        raise Forbidden(_("Only the supervisor or the manager makes the roster."))


@transaction.atomic
def save_template(
    *,
    actor: Staff,
    code: str,
    name: str,
    start: time,
    end: time,
    crosses_midnight: bool | None = None,
    calendar: BusinessCalendar | None = None,
) -> ShiftTemplate:
    require_rostering(actor)
    code = clean_text(code, "code", max_length=20)
    name = clean_text(name, "name", max_length=30)
    crosses = end <= start if crosses_midnight is None else crosses_midnight
    if crosses != (end <= start):
        raise InvalidInput(
            _("A shift that ends before it starts crosses midnight, and only such a shift does."),
            fields={"end": _("Check the times.")},
        )
    template, _created = ShiftTemplate.objects.update_or_create(
        code=code,
        defaults={"name": name, "start": start, "end": end, "crosses_midnight": crosses, "calendar": calendar},
    )
    return template


def _month(month: str) -> tuple[date, date]:
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except (AttributeError, TypeError, ValueError):
        raise InvalidInput(_("Use a month like 2026-12."), fields={"month": _("Not a month.")}) from None
    if not 2000 <= first.year <= 2100:
        raise InvalidInput(_("Use a month like 2026-12."), fields={"month": _("Not a month.")})
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _entry(staff: Staff, day: date, template: ShiftTemplate, source: str, actor: Staff, now) -> RosterEntry:
    starts, ends = template.bounds(day)
    return RosterEntry(
        staff=staff,
        day=day,
        template=template,
        starts_at=starts,
        ends_at=ends,
        source=source,
        changed_by=actor,
        changed_at=now,
    )


@transaction.atomic
def apply_rotation(
    *, actor: Staff, month: str, rotation: dict[Staff, list[ShiftTemplate | None]], now: datetime | None = None
) -> int:
    """Fill a month from a weekly rotation: for each person seven slots, Monday to Sunday (a
    template or None for a rest day). A template following a business calendar is only put on
    that calendar's working days (holidays and 调休 included). Entries adjusted by hand or by an
    approved swap stay; the other entries of those people in the month are replaced."""
    require_rostering(actor)
    now = now or timezone.now()
    first, last = _month(month)
    for staff, week in rotation.items():
        if len(week) != 7:
            raise InvalidInput(
                _("A weekly rotation has seven days, Monday to Sunday."), fields={"rotation": _("Seven days.")}
            )
        if not staff.is_active:
            raise InvalidInput(
                _("%(name)s is no longer active.") % {"name": staff.display_name}, fields={"rotation": _("Inactive.")}
            )
    calendars: dict[int, object] = {}
    staff_ids = [staff.pk for staff in rotation]
    kept = set(
        RosterEntry.objects.filter(staff_id__in=staff_ids, day__gte=first, day__lte=last)
        .exclude(source=RosterSource.ROTATION)
        .values_list("staff_id", "day")
    )
    RosterEntry.objects.filter(
        staff_id__in=staff_ids, day__gte=first, day__lte=last, source=RosterSource.ROTATION
    ).delete()
    rows = []
    day = first
    while day <= last:
        for staff, week in rotation.items():
            template = week[day.weekday()]
            if template is None or (staff.pk, day) in kept:
                continue
            if template.calendar_id:
                if template.calendar_id not in calendars:
                    calendars[template.calendar_id] = working_time(template.calendar)
                wt = calendars[template.calendar_id]
                if not wt.around_the_clock and not wt.is_working_day(day):
                    continue
            rows.append(_entry(staff, day, template, RosterSource.ROTATION, actor, now))
        day += timedelta(days=1)
    RosterEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def set_roster_day(
    *, actor: Staff, staff: Staff, day: date, template: ShiftTemplate | None, now: datetime | None = None
) -> RosterEntry | None:
    """Adjust one person's day by hand: another shift, or a rest day (template None)."""
    require_rostering(actor)
    now = now or timezone.now()
    if template is not None and not staff.is_active:
        raise InvalidInput(
            _("%(name)s is no longer active.") % {"name": staff.display_name}, fields={"staff": _("Inactive.")}
        )
    RosterEntry.objects.filter(staff=staff, day=day).delete()
    if template is None:
        return None
    entry = _entry(staff, day, template, RosterSource.MANUAL, actor, now)
    entry.save()
    return entry


@transaction.atomic
def ask_swap(
    *, actor: Staff, entry: RosterEntry, colleague: Staff, colleague_entry: RosterEntry | None = None, reason: str = ""
) -> SwapRequest:
    if entry.staff_id != actor.pk:
        raise Forbidden(_("You can only offer your own shift."))
    if colleague.pk == actor.pk or not colleague.is_active:
        raise InvalidInput(_("Choose an active colleague."), fields={"colleague": _("Not a colleague.")})
    if colleague_entry is not None and colleague_entry.staff_id != colleague.pk:
        raise InvalidInput(_("That shift is not the colleague's."), fields={"colleague_entry": _("Not theirs.")})
    return SwapRequest.objects.create(
        requester=actor,
        entry=entry,
        colleague=colleague,
        colleague_entry=colleague_entry,
        reason=clean_text(reason, "reason", required=False, max_length=200),
    )


def _decide(swap: SwapRequest, actor: Staff) -> SwapRequest:
    require_rostering(actor)
    swap = SwapRequest.objects.select_for_update().get(pk=swap.pk)
    if swap.status != SwapStatus.PENDING:
        raise Conflict(_("This swap has been decided already."), code="swap_decided")
    return swap


@transaction.atomic
def approve_swap(swap: SwapRequest, *, actor: Staff, now: datetime | None = None) -> SwapRequest:
    """The supervisor approves: the two shifts change hands (or the one shift, when the
    colleague gives none back)."""
    now = now or timezone.now()
    swap = _decide(swap, actor)
    entry = RosterEntry.objects.select_for_update().get(pk=swap.entry_id)
    other = RosterEntry.objects.select_for_update().get(pk=swap.colleague_entry_id) if swap.colleague_entry_id else None
    if other is not None and other.day == entry.day:
        # The same day: the two people trade shifts (the rows keep their people).
        pairs = [
            (entry.pk, other.template_id, other.starts_at, other.ends_at),
            (other.pk, entry.template_id, entry.starts_at, entry.ends_at),
        ]
        for pk, template_id, starts_at, ends_at in pairs:
            RosterEntry.objects.filter(pk=pk).update(
                template_id=template_id,
                starts_at=starts_at,
                ends_at=ends_at,
                source=RosterSource.SWAP,
                changed_by=actor,
                changed_at=now,
            )
    else:
        if RosterEntry.objects.filter(staff_id=swap.colleague_id, day=entry.day).exists():
            raise Conflict(_("The colleague already works that day."), code="swap_clash")
        if other is not None and RosterEntry.objects.filter(staff_id=swap.requester_id, day=other.day).exists():
            raise Conflict(_("You already work the colleague's day."), code="swap_clash")
        moves = [(entry, swap.colleague_id)] + ([(other, swap.requester_id)] if other is not None else [])
        for row, staff_id in moves:
            RosterEntry.objects.filter(pk=row.pk).update(
                staff_id=staff_id, source=RosterSource.SWAP, changed_by=actor, changed_at=now
            )
    swap.status = SwapStatus.APPROVED
    swap.decided_by = actor
    swap.decided_at = now
    swap.save(update_fields=["status", "decided_by", "decided_at"])
    return swap


@transaction.atomic
def reject_swap(swap: SwapRequest, *, actor: Staff, now: datetime | None = None) -> SwapRequest:
    swap = _decide(swap, actor)
    swap.status = SwapStatus.REJECTED
    swap.decided_by = actor
    swap.decided_at = now or timezone.now()
    swap.save(update_fields=["status", "decided_by", "decided_at"])
    return swap
