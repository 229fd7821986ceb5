"""Appointments move the promise (C5): a visit the customer chose (预约时间) is when the work is
due, not so many hours after the call. The engineer is due to start at the appointment plus a
grace (KEFU_APPOINTMENT_GRACE_MINUTES), and the repair is due so many working hours after the
visit as the policy allows after a call, or later if the ordinary promise already was later.
Dispatch and acknowledgement stay as promised: the centre still hands the work over at once."""

from datetime import datetime, timedelta

from django.conf import settings

from deadlines.models import Deadline, DeadlineKind

# The steps whose time the customer's appointment sets.
MOVED_BY_APPOINTMENT = (DeadlineKind.HANDLE, DeadlineKind.RESOLVE)


def grace() -> timedelta:
    return timedelta(minutes=settings.KEFU_APPOINTMENT_GRACE_MINUTES)


def appointment_times(kind: str, appointment: datetime, calendar, minutes: int, normal_due: datetime) -> tuple:
    """(due_at, warn_at) of a `kind` promise for a visit at `appointment`, or None when the
    appointment does not set this step."""
    if kind == DeadlineKind.HANDLE:
        # Warned at the visit's time if nobody has started; breached only after the grace.
        return appointment + grace(), appointment
    if kind == DeadlineKind.RESOLVE:
        due = max(normal_due, calendar.add(appointment + grace(), minutes))
        return due, max(appointment + grace(), due - (due - appointment) * 0.2)
    return None


def move_to_appointment(deadlines: list[Deadline], appointment: datetime, calendars) -> list[Deadline]:
    """Set the due and warning times of unmet `deadlines` (handle/resolve) for a visit at
    `appointment`; rows already breached keep their breach (it happened). Returns the rows
    changed, saved."""
    changed = []
    for d in deadlines:
        if d.kind not in MOVED_BY_APPOINTMENT or d.met_at is not None or d.breached_at is not None:
            continue
        calendar = calendars.get(d.calendar)
        times = appointment_times(
            d.kind, appointment, calendar, d.allowed_minutes, calendar.add(d.started_at, d.allowed_minutes)
        )
        if times is None:
            continue
        d.due_at, d.warn_at = times
        d.warned_at = None
        changed.append(d)
    Deadline.objects.bulk_update(changed, ["due_at", "warn_at", "warned_at"])
    return changed
