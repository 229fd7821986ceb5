"""Reading the promises: the overdue board (breached and about-to-breach work by department and
holder) and the commitment table. Views call these; nothing here writes."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.models import Department, Staff
from core.history import Change, describe, recent_changes
from deadlines.access import board_scope
from deadlines.models import BusinessCalendar, CalendarDay, CommitmentPolicy, Deadline
from tickets.models import RequestSubtype, holder_expression

OVERDUE, WARNING = "overdue", "warning"
BOARD_STATES = (OVERDUE, WARNING)
# The rows one board page lists, most overdue first; the counts above it cover everything.
BOARD_ROWS = 200


def _overdue(now: datetime) -> Q:
    # A broken promise still unmet (recorded, or due and not yet seen by the watcher).
    return Q(breached_at__isnull=False) | Q(breached_at__isnull=True, paused_at__isnull=True, due_at__lte=now)


def _warning(now: datetime) -> Q:
    # A running clock past its warning time and not yet due (warned or about to be).
    return Q(breached_at__isnull=True, paused_at__isnull=True, warn_at__lte=now, due_at__gt=now)


# How many promises each arm of the board reads at most. Past it the board says so: a backlog
# that large is not read off a screen, and the cost of a refresh stays bounded.
ARM_CAP = 5000


def at_risk_arms(now: datetime) -> dict[str, QuerySet]:
    """The three kinds of promise at risk, each an ordered range scan of its own partial index.

    Each is read with ORDER BY and LIMIT on the indexed column, as the watcher reads its work:
    a single query ORing them (or a union joined back) let the planner, who cannot know that
    met promises are the ones long past due, estimate thousands of rows and scan every unmet
    promise or the whole table."""
    unmet = Deadline.objects.filter(met_at__isnull=True)
    running = unmet.filter(breached_at__isnull=True, paused_at__isnull=True)
    return {
        "breached": unmet.filter(breached_at__isnull=False).order_by("breached_at"),  # deadline_breached_unmet
        "due": running.filter(due_at__lte=now).order_by("due_at"),  # deadline_pending_due
        "warning": running.filter(warn_at__lte=now, due_at__gt=now).order_by("warn_at"),  # deadline_running_warn
    }


def at_risk_deadlines(now: datetime, *, cap: int = ARM_CAP) -> tuple[QuerySet, bool]:
    """Unmet promises that are overdue or past their warning time, each annotated with `state`,
    `holder_id` (who answers for the work now, tickets.models.holder_expression) and `department_id`; and
    whether an arm reached `cap`. The cost follows what is at risk, not what is open."""
    ids: list[int] = []
    capped = False
    for arm in at_risk_arms(now).values():
        found = list(arm.values_list("pk", flat=True)[:cap])
        capped = capped or len(found) >= cap
        ids += found
    qs = Deadline.objects.filter(pk__in=ids).annotate(
        state=Case(When(_overdue(now), then=Value(OVERDUE)), default=Value(WARNING), output_field=CharField()),
        holder_id=holder_expression("ticket__", kind_field="kind"),
        department_id=Coalesce(F("ticket__department_id"), F("ticket__owner__department_id")),
    )
    return qs, capped


@dataclass
class Group:
    key: object  # a Department or Staff, or None for "no department"
    overdue: int = 0
    warning: int = 0

    @property
    def total(self) -> int:
        return self.overdue + self.warning


@dataclass
class Board:
    now: datetime
    rows: list[Deadline]
    overdue: int = 0  # tickets with an overdue promise
    warning: int = 0  # tickets with a promise past its warning time
    by_department: list[Group] = field(default_factory=list)
    by_holder: list[Group] = field(default_factory=list)
    truncated: bool = False  # more rows than the page lists
    capped: bool = False  # more at risk than the board reads (ARM_CAP per kind)


def overdue_board(
    user: Staff, *, now: datetime, department: str | None = None, holder: str | None = None, state: str | None = None
) -> Board:
    """The overdue board: tickets counted by department and by holder, and the promises
    themselves, most overdue first. Counts are of tickets (a ticket late on two steps counts
    once per state); rows are promises."""
    found, capped = at_risk_deadlines(now)
    qs = board_scope(user, found)
    if department:
        qs = qs.filter(department_id__in=Department.objects.filter(code=department).values("pk"))
    if holder:
        qs = qs.filter(holder_id__in=Staff.objects.filter(username=holder).values("pk"))
    counts = qs
    if state == OVERDUE:
        qs = qs.filter(_overdue(now))
    elif state == WARNING:
        qs = qs.filter(_warning(now))

    by_department: dict[int | None, Group] = {}
    by_holder: dict[int | None, Group] = {}
    totals = {OVERDUE: 0, WARNING: 0}
    for grouping, groups in (("department_id", by_department), ("holder_id", by_holder)):
        for row in counts.values(grouping, "state").annotate(tickets=Count("ticket_id", distinct=True)).order_by():
            group = groups.setdefault(row[grouping], Group(key=row[grouping]))
            setattr(group, row["state"], row["tickets"])
    for row in counts.values("state").annotate(tickets=Count("ticket_id", distinct=True)).order_by():
        totals[row["state"]] = row["tickets"]
    departments = Department.objects.in_bulk([k for k in by_department if k is not None])
    people = Staff.objects.select_related("department").in_bulk([k for k in by_holder if k is not None])
    for groups, objects in ((by_department, departments), (by_holder, people)):
        for group in groups.values():
            group.key = objects.get(group.key)

    rows = list(
        qs.select_related(
            "ticket__owner",
            "ticket__accepted_by",
            "ticket__department",
            "ticket__customer",
            "ticket__owner__department",
        ).order_by("due_at", "id")[: BOARD_ROWS + 1]
    )
    holders = Staff.objects.in_bulk({row.holder_id for row in rows})
    for row in rows:
        row.holder = holders.get(row.holder_id)

    def ranked(groups: dict) -> list[Group]:  # most overdue first, then by name for a stable order
        return sorted(groups.values(), key=lambda g: (-g.overdue, -g.warning, str(g.key or "")))

    return Board(
        now=now,
        rows=rows[:BOARD_ROWS],
        truncated=len(rows) > BOARD_ROWS,
        capped=capped,
        overdue=totals[OVERDUE],
        warning=totals[WARNING],
        by_department=ranked(by_department),
        by_holder=ranked(by_holder),
    )


# ── the commitment table ─────────────────────────────────────────────────────────────────────


def commitment_table(
    *, category: str | None = None, include_retired: bool = False, subtype: RequestSubtype | None = None
) -> QuerySet:
    qs = CommitmentPolicy.objects.select_related("calendar", "changed_by", "subtype")
    if not include_retired:
        qs = qs.filter(is_active=True)
    if category:
        qs = qs.filter(category=category)
    if subtype is not None:
        qs = qs.filter(subtype=subtype)
    # The category's own rows first, then each sub-type's, in the manager's order.
    return qs.order_by(
        "category",
        F("subtype__position").asc(nulls_first=True),
        "subtype_id",
        "channel",
        "kind",
        "priority",
        "grade",
        "-version",
    )


def policy_history(policy: CommitmentPolicy) -> QuerySet:
    """Every version of the same (category, sub-type, channel, priority, grade, step), newest first."""
    return (
        CommitmentPolicy.objects.filter(**{name: getattr(policy, name) for name in CommitmentPolicy.KEY})
        .select_related("calendar", "changed_by", "subtype")
        .order_by("-version")
    )


def calendars() -> QuerySet:
    return BusinessCalendar.objects.annotate(policy_count=Count("policies", filter=Q(policies__is_active=True)))


def calendar_days(year: int) -> QuerySet:
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def calendar_years() -> list[int]:
    return sorted({d.year for d in CalendarDay.objects.dates("date", "year")})


# The console's change log lists the newest changes; every older one stays in the admin, under
# each object's "History".
CHANGE_LOG_ROWS = 100


def settings_changes(limit: int = CHANGE_LOG_ROWS) -> list[Change]:
    """Who changed which calendar, holiday or commitment, when, old → new; newest first.

    A new version of a used commitment is a new row: it is compared with the version it replaced
    (whose terms never change once used), so it reads "360 → 240", not as a fresh start. The
    retirement of the old version is its own line."""
    related: dict = {}
    out = []
    for record in recent_changes(BusinessCalendar, CalendarDay, CommitmentPolicy, RequestSubtype, limit=limit):
        before, only = None, None
        if record.instance_type is CommitmentPolicy and record.history_type == "+" and record.version > 1:
            before = (
                CommitmentPolicy.objects.filter(
                    category=record.category,
                    subtype_id=record.subtype_id,
                    channel=record.channel,
                    priority=record.priority,
                    grade=record.grade,
                    kind=record.kind,
                    version__lt=record.version,
                )
                .order_by("-version")
                .first()
            )
            only = set(CommitmentPolicy.TERMS) | {"version"}
        change = describe(record, related, before=before, only=only)
        if before is not None:
            change.note = _("New version, replacing v%(version)s") % {"version": before.version}
        out.append(change)
    return out
