"""Deadline rules: which promises a ticket gets, when they are met, paused, and breached."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.db.compiled import Compiled, Insert, New, Param
from core.errors import InvalidInput
from core.history import attribute
from deadlines.access import require_edit_commitments
from deadlines.appointments import appointment_times
from deadlines.calendars import WorkingTime
from deadlines.models import BusinessCalendar, CalendarDay, CommitmentPolicy, DayKind, Deadline, DeadlineKind
from tickets.models import RequestSubtype, Ticket

# Which deadlines each step of the work meets (the step happened, on time or late).
MET_BY_STEP: dict[str, tuple[str, ...]] = {
    "dispatch": (DeadlineKind.DISPATCH,),
    "accept": (DeadlineKind.RESPOND,),
    "start": (DeadlineKind.HANDLE,),
    # Resolving or answering ends the work: steps that never had to happen are settled too.
    "resolve": (
        DeadlineKind.DISPATCH,
        DeadlineKind.RESPOND,
        DeadlineKind.HANDLE,
        DeadlineKind.RESOLVE,
        DeadlineKind.ANSWER,
    ),
    "answer": (
        DeadlineKind.DISPATCH,
        DeadlineKind.RESPOND,
        DeadlineKind.HANDLE,
        DeadlineKind.RESOLVE,
        DeadlineKind.ANSWER,
    ),
    "close": tuple(DeadlineKind.values),
}


# Written at every intake: the INSERT is made once per number of rows.
_INSERT = Insert(Deadline)
_NEW = New(Deadline)

# Compiled once: read at every intake.
_ACTIVE_POLICIES = Compiled(
    lambda: (
        CommitmentPolicy.objects.filter(
            is_active=True, category=Param("category", CommitmentPolicy._meta.get_field("category"))
        )
        .select_related("calendar")
        .order_by()
    )
)


def policies_for(
    category: str, priority: str, grade: str = "", *, subtype_id: int | None = None, channel: str = ""
) -> dict[str, CommitmentPolicy]:
    """The active commitment per step: the most specific matching row wins. A row naming the
    sub-type beats the category's rows; then one naming the channel (C3: written requests are
    answered within 24 h) beats one for any channel; then priority, then grade. One query, and a
    pure function of its arguments, so it can be cached per key."""
    # Every active row of the category, matched here: the whole filter as SQL cost more to build
    # per intake (~1 ms of ORM compilation) than matching a few dozen rows in Python.
    rows = [
        p
        for p in _ACTIVE_POLICIES.all(category=category)
        if (p.subtype_id is None or (subtype_id and p.subtype_id == subtype_id))
        and p.channel in ("", channel or "")
        and p.priority in ("", priority)
        and p.grade in ("", grade or "")
    ]
    # Meta.ordering's order (ties between versions as before), then least specific first.
    rows.sort(key=lambda p: (p.priority, p.grade, p.kind, -p.version))
    rows.sort(key=lambda p: (p.subtype_id is not None, p.channel != "", p.priority != "", p.grade != ""))
    return {policy.kind: policy for policy in rows}


def policies_for_ticket(ticket: Ticket, grade: str | None = None) -> dict[str, CommitmentPolicy]:
    if grade is None:
        grade = ticket.customer.grade if ticket.customer_id else ""
    return policies_for(ticket.category, ticket.priority, grade, subtype_id=ticket.subtype_id, channel=ticket.channel)


@transaction.atomic
def revise_policy(policy: CommitmentPolicy, *, actor: Staff | None = None, **terms) -> CommitmentPolicy:
    """Change a commitment for new tickets only. A version that has set deadlines stays as the
    record of what was promised: it is retired and the next version carries the new terms.

    `actor` None is the system itself (tests, a data fix in the shell); a person is authorised,
    and named in the settings history."""
    if actor is not None:
        require_edit_commitments(actor)
    policy = CommitmentPolicy.objects.select_for_update().get(pk=policy.pk)
    changed = {name: value for name, value in terms.items() if getattr(policy, name) != value}
    if not changed:
        return policy
    term_names = {"calendar_id" if name == "calendar" else name for name in changed}
    if not policy.is_used() or not term_names & set(CommitmentPolicy.TERMS):
        # Unused, or only switched on/off: nothing promised depends on the change.
        for name, value in changed.items():
            setattr(policy, name, value)
        if actor is not None:
            policy.changed_by = actor
        policy.full_clean()
        attribute(policy, actor).save()
        return policy
    # Every term is carried over, the warning share too: a revision changes only what it names.
    carried = (*CommitmentPolicy.KEY, "minutes", "calendar", "warn_percent", "is_active")
    fields = {name: getattr(policy, name) for name in carried}
    fields.update(changed)
    latest = (
        CommitmentPolicy.objects.filter(**{name: fields[name] for name in CommitmentPolicy.KEY})
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
        or 0
    )
    # Retired by a save, not an UPDATE, so that the history keeps it (and who did it).
    policy.is_active = False
    attribute(policy, actor).save(update_fields=["is_active"])
    successor = CommitmentPolicy(version=max(latest, policy.version) + 1, changed_by=actor, **fields)
    successor.full_clean(validate_constraints=False)
    attribute(successor, actor).save()
    return successor


@transaction.atomic
def set_commitment(
    *,
    category: str,
    priority: str,
    grade: str,
    kind: str,
    minutes: int,
    calendar: BusinessCalendar | None,
    warn_percent: int | None,
    actor: Staff,
    subtype: RequestSubtype | None = None,
    channel: str = "",
) -> CommitmentPolicy:
    """The commitments screen's one write: the target for a (category, sub-type, channel,
    priority, grade, step).
    An existing row is revised (a new version when it has set deadlines), a retired one is
    brought back as the next version, and a new combination gets version 1. New tickets only."""
    require_edit_commitments(actor)
    terms = {"minutes": minutes, "calendar": calendar, "warn_percent": warn_percent, "is_active": True}
    if subtype is not None and subtype.category != category:
        raise InvalidInput(
            _("This sub-type belongs to another category."), fields={"subtype": _("Not of this category.")}
        )
    key = {"category": category, "subtype": subtype, "channel": channel, "priority": priority, "grade": grade}
    key["kind"] = kind
    current = CommitmentPolicy.objects.select_for_update().filter(is_active=True, **key).first()
    if current is None:
        current = CommitmentPolicy.objects.select_for_update().filter(**key).order_by("-version").first()
    if current is not None:
        return revise_policy(current, actor=actor, **terms)
    policy = CommitmentPolicy(changed_by=actor, **key, **terms)
    policy.full_clean()
    attribute(policy, actor).save()
    return policy


@transaction.atomic
def retire_commitment(policy: CommitmentPolicy, *, actor: Staff) -> CommitmentPolicy:
    """Switch a commitment off for new tickets; the row stays as the record of what it promised."""
    require_edit_commitments(actor)
    return revise_policy(policy, actor=actor, is_active=False)


def working_time(calendar: BusinessCalendar | None, *, days: list[tuple] | None = None) -> WorkingTime:
    """The snapshot the arithmetic runs on. `days` (date, kind) spares a query when the caller
    already has the holiday table."""
    tz = timezone.get_default_timezone()
    if calendar is None or calendar.around_the_clock:
        return WorkingTime(tz=tz)
    if days is None:
        days = list(CalendarDay.objects.values_list("date", "kind"))
    return WorkingTime(
        tz=tz,
        around_the_clock=False,
        day_start=calendar.day_start,
        day_end=calendar.day_end,
        weekdays=frozenset(int(c) for c in calendar.weekdays),
        holidays=frozenset(d for d, kind in days if kind == DayKind.HOLIDAY),
        workdays=frozenset(d for d, kind in days if kind == DayKind.WORKDAY),
    )


def due_time(start: datetime, minutes: int, calendar: BusinessCalendar | WorkingTime | None = None) -> datetime:
    """`minutes` of the calendar's working time after `start` (24x7 when no calendar)."""
    if not isinstance(calendar, WorkingTime):
        calendar = working_time(calendar)
    return calendar.add(start, minutes)


class _Calendars:
    """Working-time snapshots for one operation: the holiday table is read at most once."""

    def __init__(self):
        self._days = None
        self._cache: dict[int | None, WorkingTime] = {}

    def get(self, calendar: BusinessCalendar | None) -> WorkingTime:
        key = calendar.pk if calendar is not None and not calendar.around_the_clock else None
        if key not in self._cache:
            if key is not None and self._days is None:
                self._days = list(CalendarDay.objects.values_list("date", "kind"))
            self._cache[key] = working_time(calendar, days=self._days)
        return self._cache[key]


def calendar_cache() -> _Calendars:
    """Working-time calendars read once per use, for callers moving several promises."""
    return _Calendars()


def warning_minutes(minutes: int, percent: int | None = None) -> float:
    """The working minutes after which a promise of `minutes` gets its warning."""
    if percent is None:
        percent = settings.KEFU_WARN_PERCENT
    return minutes * max(1, min(99, percent)) / 100


def create_deadlines(
    ticket: Ticket,
    *,
    start: datetime,
    skip: tuple[str, ...] = (),
    policies: dict[str, CommitmentPolicy] | None = None,
) -> list[Deadline]:
    """Set the ticket's promises for its current round from the active policies (`policies`:
    policies_for_ticket's answer, read by the caller before its write transaction)."""
    calendars = _Calendars()
    rows = []
    if policies is None:
        policies = policies_for_ticket(ticket)
    for kind, policy in policies.items():
        if kind in skip or kind == DeadlineKind.CALLBACK:
            continue  # callbacks are due from resolution, not intake
        calendar = calendars.get(policy.calendar)
        due_at = calendar.add(start, policy.minutes)
        warn_at = calendar.add(start, warning_minutes(policy.minutes, policy.warn_percent))
        if ticket.appointment_at is not None and ticket.appointment_at > start:
            # C5: a visit the customer chose sets when the work is due (deadlines.appointments).
            due_at, warn_at = appointment_times(kind, ticket.appointment_at, calendar, policy.minutes, due_at) or (
                due_at,
                warn_at,
            )
        rows.append(
            _NEW(
                ticket=ticket,
                kind=kind,
                round=ticket.reopen_count,
                policy=policy,
                calendar=policy.calendar,
                allowed_minutes=policy.minutes,
                started_at=start,
                due_at=due_at,
                warn_at=warn_at,
            )
        )
    if first_use := [row.policy_id for row in rows if not row.policy.used]:
        CommitmentPolicy.objects.filter(pk__in=first_use, used=False).update(used=True)
    return _INSERT(rows)


def meet_deadlines(ticket: Ticket, step: str, *, at: datetime) -> int:
    kinds = MET_BY_STEP[step]
    unmet = Deadline.objects.filter(ticket=ticket, round=ticket.reopen_count, kind__in=kinds, met_at__isnull=True)
    # A clock paused at the moment of meeting is simply stopped for good.
    return unmet.update(met_at=at, paused_at=None)


def pause_deadlines(ticket: Ticket, *, at: datetime) -> int:
    # Only clocks still running stop. A promise already due has been broken: holding the ticket
    # must not hide that breach from the watcher (and its escalation) for as long as it is held.
    return Deadline.objects.filter(
        ticket=ticket, met_at__isnull=True, breached_at__isnull=True, paused_at__isnull=True, due_at__gt=at
    ).update(paused_at=at)


def resume_deadlines(ticket: Ticket, *, at: datetime) -> timedelta:
    """Restart every paused clock with the working time it had left when it stopped: on a
    business calendar a hold over a night or a weekend costs nothing. Returns the longest pause
    in working time."""
    longest = timedelta(0)
    calendars = _Calendars()
    for deadline in (
        Deadline.objects.filter(ticket=ticket, paused_at__isnull=False)
        .select_related("calendar")
        .select_for_update(of=("self",))
    ):
        calendar = calendars.get(deadline.calendar)
        longest = max(longest, calendar.between(deadline.paused_at, at))
        restart = max(at, deadline.paused_at)
        if deadline.warn_at is not None and deadline.warned_at is None:
            deadline.warn_at = calendar.add(restart, calendar.between(deadline.paused_at, deadline.warn_at))
        deadline.due_at = calendar.add(restart, calendar.between(deadline.paused_at, deadline.due_at))
        deadline.paused_at = None
        deadline.save(update_fields=["due_at", "warn_at", "paused_at"])
    return longest
