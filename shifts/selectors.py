"""Reads of the roster and the handovers. `on_duty` is the stable entry point other apps use
(emergency plans, the escalation hook): keep its name and signature."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Staff
from deadlines.models import Deadline
from registers.models import Entry
from shifts.models import Handover, HandoverItem, ItemKind, RosterEntry
from tickets.models import Ticket


def _roles(role: str | Iterable[str] | None) -> list[str] | None:
    if role is None:
        return None
    return [role] if isinstance(role, str) else list(role)


def duty_entries(*, at: datetime | None = None, role=None, department=None) -> QuerySet:
    """Roster entries running at `at` (now by default), active staff only."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    # A shift lasts less than a day, so only today's and yesterday's entries can be running: the
    # day narrows the range read on the index to two days of the roster, not all its future.
    found = RosterEntry.objects.select_related("staff", "template").filter(
        day__in=[today - timedelta(days=1), today], starts_at__lte=at, ends_at__gt=at, staff__is_active=True
    )
    roles = _roles(role)
    if roles is not None:
        found = found.filter(staff__role__in=roles)
    if department is not None:
        found = found.filter(staff__department=department)
    return found.order_by("starts_at", "staff__work_number")


def on_duty(role=None, at: datetime | None = None, department=None) -> list[Staff]:
    """Who is on duty at `at` (now by default): of one role or several, of one department."""
    return [entry.staff for entry in duty_entries(at=at, role=role, department=department)]


def roster_exists(day) -> bool:
    """Whether a roster was entered for that day at all (without one, no one is 'off duty')."""
    return RosterEntry.objects.filter(day=day).exists()


def next_duty(*, at: datetime | None = None, role=None) -> list[RosterEntry]:
    """The shift starting next after `at`: every entry that starts at that same moment."""
    at = at or timezone.now()
    found = RosterEntry.objects.filter(starts_at__gt=at, staff__is_active=True, starts_at__lt=at + timedelta(days=2))
    roles = _roles(role)
    if roles is not None:
        found = found.filter(staff__role__in=roles)
    first = found.order_by("starts_at").values_list("starts_at", flat=True).first()
    if first is None:
        return []
    return list(found.filter(starts_at=first).select_related("staff", "template").order_by("staff__work_number"))


def current_entry(staff: Staff, at: datetime) -> RosterEntry | None:
    return RosterEntry.objects.filter(staff=staff, starts_at__lte=at, ends_at__gt=at).select_related("template").first()


def next_entry(staff: Staff, after: datetime) -> RosterEntry | None:
    """The person's next shift: the one running now, else the next to start within two days."""
    return (
        RosterEntry.objects.filter(staff=staff, ends_at__gt=after, starts_at__lt=after + timedelta(days=2))
        .select_related("template")
        .order_by("starts_at")
        .first()
    )


def month_roster(first_day, last_day) -> list[RosterEntry]:
    return list(
        RosterEntry.objects.filter(day__gte=first_day, day__lte=last_day)
        .select_related("staff", "template")
        .order_by("staff__work_number", "day")
    )


def handovers(
    *, status: str | None = None, to: Staff | None = None, from_: Staff | None = None, q: str = ""
) -> QuerySet:
    found = Handover.objects.select_related("from_staff", "to_staff")
    if status:
        found = found.filter(status=status)
    if to is not None:
        found = found.filter(to_staff=to)
    if from_ is not None:
        found = found.filter(from_staff=from_)
    if q:
        # Search the notes and the items' references (ticket numbers, free-text lines).
        found = found.filter(
            Q(note__icontains=q) | Q(ack_note__icontains=q) | Q(items__ref__icontains=q) | Q(items__text__icontains=q)
        ).distinct()
    return found.order_by("-created_at", "-id")


def carried_items(staff: Staff) -> QuerySet:
    """What an acknowledged handover left to this person and they have not dealt with yet."""
    return (
        HandoverItem.objects.filter(handover__to_staff=staff, handover__status="acknowledged", done_at__isnull=True)
        .exclude(kind="alert")
        .select_related("handover__from_staff")
        .order_by("handover__acknowledged_at", "position")
    )


def pending_for(staff: Staff) -> QuerySet:
    return Handover.objects.filter(to_staff=staff, status="pending").select_related("from_staff")


def still_open(items: list[HandoverItem]) -> list[HandoverItem]:
    """Carried items minus those dealt with meanwhile: a ticket no longer open, a promise met,
    a register entry closed (ticked off or not)."""
    from_tickets = {i.ticket_id for i in items if i.ticket_id}
    open_tickets = set(Ticket.objects.open().filter(pk__in=from_tickets).values_list("pk", flat=True))
    entry_ids = [int(i.ref) for i in items if i.kind == ItemKind.REGISTER and i.ref.isdigit()]
    open_entries = {
        str(pk) for pk in Entry.objects.filter(pk__in=entry_ids, status="open").values_list("pk", flat=True)
    }
    promise_ids = [i.data.get("deadline_id") for i in items if i.kind == ItemKind.PROMISE]
    unmet = set(Deadline.objects.filter(pk__in=promise_ids, met_at__isnull=True).values_list("pk", flat=True))
    kept = []
    for item in items:
        if item.kind == ItemKind.TICKET and item.ticket_id not in open_tickets:
            continue
        if item.kind == ItemKind.PROMISE and item.data.get("deadline_id") not in unmet:
            continue
        if item.kind == ItemKind.REGISTER and item.ref not in open_entries:
            continue
        kept.append(item)
    return kept
