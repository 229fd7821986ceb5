from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.formats import duration
from core.history import SettingsHistory
from customers.models import Grade
from tickets.vocabulary import Category, Channel, Priority


class DeadlineKind(models.TextChoices):
    DISPATCH = "dispatch", _("Dispatch")
    RESPOND = "respond", _("Acknowledge")
    HANDLE = "handle", _("Start handling")
    RESOLVE = "resolve", _("Resolve")
    ANSWER = "answer", _("Answer")
    CALLBACK = "callback", _("Callback")
    # A time node of a service plan (B3, workorders): set by the department, never by a policy.
    NODE = "node", _("Plan node")


# The steps a commitment policy may promise: every kind but the plan's own nodes.
POLICY_KIND_CHOICES = [(value, label) for value, label in DeadlineKind.choices if value != DeadlineKind.NODE]


class BusinessCalendar(models.Model):
    """The hours a commitment's clock runs: around the clock, or one window a day on the working
    weekdays minus public holidays plus make-up working days (调休, see CalendarDay)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    around_the_clock = models.BooleanField(
        _("around the clock"), default=False, help_text=_("24x7: hours, weekdays and holidays do not apply.")
    )
    day_start = models.TimeField(_("work starts"), default=time(8, 30))
    day_end = models.TimeField(_("work ends"), default=time(17, 30))
    weekdays = models.CharField(
        _("working weekdays"),
        max_length=7,
        default="12345",
        validators=[RegexValidator(r"^(?!.*(.).*\1)[1-7]{1,7}$", _("Digits 1 (Monday) to 7 (Sunday), each once."))],
        help_text=_("Digits 1 (Monday) to 7 (Sunday), e.g. 12345 for Monday to Friday."),
    )
    history = SettingsHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        constraints = [
            models.CheckConstraint(
                condition=Q(around_the_clock=True) | Q(day_start__lt=models.F("day_end")), name="calendar_day_not_empty"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def weekday_names(self) -> str:
        """The working weekdays as people read them (周一、周二…), not the stored digits."""
        return "、".join(str(WEEKDAYS_ABBR[int(d) - 1]) for d in self.weekdays if d.isdigit() and 1 <= int(d) <= 7)

    def clean(self):
        if not self.around_the_clock and self.day_start and self.day_end and self.day_start >= self.day_end:
            raise ValidationError({"day_end": _("Work must end after it starts.")})


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    WORKDAY = "workday", _("Make-up working day")  # 调休


class CalendarDay(models.Model):
    """A date that breaks the weekly rule, for every business-hours calendar: a public holiday
    on a weekday, or a weekend day worked instead (调休). Entered per year as the State Council
    publishes them."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=30, blank=True, help_text=_("e.g. 国庆节"))
    history = SettingsHistory()

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()


class PolicyInUse(Exception):
    """A policy version that has set deadlines is a record of what was promised: revise it."""


class CommitmentPolicy(models.Model):
    """One commitment (时效): for a category, and optionally a sub-type of it, a channel, a
    priority and a customer grade, the step `kind` is due `minutes` of calendar time after the
    ticket is received. The most specific active row wins: one naming the sub-type beats one that
    does not, then the channel, the priority and the grade decide in that order (policies_for).

    Versions: a row that has set a deadline is never changed again, so every Deadline points at
    exactly the terms that were promised. `revise_policy` retires it (is_active=False) and writes
    the next version; a row not yet used is edited in place.
    """

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    subtype = models.ForeignKey(
        "tickets.RequestSubtype",
        verbose_name=_("sub-type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        help_text=_("Empty means any sub-type of the category."),
    )
    # C3: written channels (e-mail, online messages) are answered within 24 h.
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, blank=True, help_text=_("Empty means any channel.")
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, blank=True, help_text=_("Empty means any priority.")
    )
    grade = models.CharField(
        _("customer grade"), max_length=1, choices=Grade.choices, blank=True, help_text=_("Empty means any grade.")
    )
    kind = models.CharField(_("step"), max_length=20, choices=POLICY_KIND_CHOICES)
    minutes = models.PositiveIntegerField(
        _("minutes allowed"), validators=[MinValueValidator(1), MaxValueValidator(60 * 24 * 366)]
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        help_text=_("Empty means around the clock."),
    )
    warn_percent = models.PositiveSmallIntegerField(
        _("warn at (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Share of the allowed time after which a warning is given; empty means the default (80 %)."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Set (never cleared) by create_deadlines the first time this version sets a deadline. A flag
    # instead of an index on Deadline.policy: that index would cost an entry on every deadline
    # written and on every breach and warning the watcher records, to answer a question asked
    # only when someone edits a commitment.
    used = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Who wrote this version (the commitments screen or the admin); empty for the seeded defaults.
    changed_by = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # `used` is the watcher's bookkeeping; who and when are the history row's own.
    history = SettingsHistory(excluded_fields=["used", "updated_at", "changed_by"])

    # The terms a deadline was set from; changing any of them on a used row is refused.
    TERMS = ("category", "subtype_id", "channel", "priority", "grade", "kind", "minutes", "calendar_id", "warn_percent")
    # What makes two rows the same commitment (its versions share it).
    KEY = ("category", "subtype", "channel", "priority", "grade", "kind")

    class Meta:
        ordering = ["category", "priority", "grade", "kind", "-version"]
        verbose_name = _("commitment policy")
        verbose_name_plural = _("commitment policies")
        # In pairs, with and without a sub-type: NULLs never collide in a unique index, on
        # either database, so "no sub-type" gets a constraint of its own.
        constraints = [
            models.UniqueConstraint(
                fields=["category", "channel", "priority", "grade", "kind"],
                condition=Q(is_active=True, subtype__isnull=True),
                name="one_active_policy_per_grade",
            ),
            models.UniqueConstraint(
                fields=["subtype", "channel", "priority", "grade", "kind"],
                condition=Q(is_active=True, subtype__isnull=False),
                name="one_active_subtype_policy",
            ),
            models.UniqueConstraint(
                fields=["category", "channel", "priority", "grade", "kind", "version"],
                condition=Q(subtype__isnull=True),
                name="policy_version_once",
            ),
            models.UniqueConstraint(
                fields=["subtype", "channel", "priority", "grade", "kind", "version"],
                condition=Q(subtype__isnull=False),
                name="subtype_policy_version_once",
            ),
        ]

    def __str__(self) -> str:
        scope = [self.subtype.name if self.subtype_id else self.get_category_display()]
        if self.channel:
            scope.append(self.get_channel_display())
        return f"{' '.join(scope)} {self.get_kind_display()} {self.minutes} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None and self.is_used():
            before = type(self).objects.filter(pk=self.pk).values(*self.TERMS).first()
            if before and any(before[f] != getattr(self, f) for f in self.TERMS):
                raise PolicyInUse(f"policy {self.pk} has set deadlines; use deadlines.services.revise_policy")
        super().save(*args, **kwargs)

    def clean(self):
        if self.subtype_id and self.subtype.category != self.category:
            raise ValidationError({"subtype": _("This sub-type belongs to another category.")})

    def is_used(self) -> bool:
        """Has this version set a deadline? Read from the database, not this instance."""
        return CommitmentPolicy.objects.filter(pk=self.pk, used=True).exists()


class DeadlineQuerySet(models.QuerySet):
    def pending(self):
        """Unmet, not yet recorded as breached, clock running: what the watcher looks at."""
        return self.filter(met_at__isnull=True, breached_at__isnull=True, paused_at__isnull=True)

    def due_by(self, when: datetime):
        return self.pending().filter(due_at__lte=when)

    def warning_due_by(self, when: datetime):
        """Running clocks past their warning time, not yet warned and not yet due (a promise
        already broken gets its breach, not a late warning). Served by deadline_pending_warn."""
        return self.pending().filter(warned_at__isnull=True, warn_at__lte=when, due_at__gt=when)

    def escalation_due_by(self, when: datetime):
        """Breached, unmet promises whose next escalation level is due (deadline_escalation_due)."""
        return self.filter(met_at__isnull=True, escalate_at__lte=when)

    def overdue_at(self, when: datetime):
        """Unmet and past due. A paused clock is compared at the moment it stopped."""
        return self.filter(met_at__isnull=True).filter(
            Q(breached_at__isnull=False)
            | Q(paused_at__isnull=True, due_at__lt=when)
            | Q(paused_at__isnull=False, due_at__lt=models.F("paused_at"))
        )


def overdue(due_at, met_at, breached_at, paused_at, now) -> bool:
    """Unmet, and recorded as breached or past due (a paused clock compared at the moment it
    stopped). On columns, for the lists that read promises as plain rows."""
    if met_at is not None:
        return False
    return breached_at is not None or due_at < (paused_at or now)


def breached(due_at, met_at, breached_at, paused_at, now) -> bool:
    """The API's `breached`: recorded as breached, met late, or unmet and past due."""
    return (
        breached_at is not None
        or overdue(due_at, met_at, breached_at, paused_at, now)
        or (met_at is not None and met_at > due_at)
    )


class Deadline(models.Model):
    """A promised step of one ticket, with its own due time. One row per step and round:
    a reopened ticket gets a new round of rows and keeps the old ones as its record."""

    # Indexed by deadline_once_per_round (ticket, kind, round, seq): a second index on the ticket alone
    # would only cost an entry on every insert and every watcher UPDATE.
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="deadlines", db_index=False)
    kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    round = models.PositiveIntegerField(default=0)
    # Which of several promises of one kind and round: a service plan's time nodes are numbered
    # 1, 2, … (kind `node`); every other promise is 0, once per round.
    seq = models.PositiveSmallIntegerField(default=0, db_default=0)  # db_default: raw INSERTs (bench) omit it
    # The policy version that set this promise (versions in use are immutable); empty for a
    # deadline set by hand or by another app (callbacks). Not indexed: CommitmentPolicy.used says
    # whether a version is in use, and only deleting a policy (PROTECT) would look rows up by it.
    policy = models.ForeignKey(
        CommitmentPolicy, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The calendar the clock runs on, kept here so a resume shifts by working time; empty = 24x7.
    # Not indexed: nothing looks deadlines up by calendar but the PROTECT check when a calendar
    # is deleted (rare, and a scan is fine then), while the watcher would pay the index entry on
    # every breach and warning it records.
    calendar = models.ForeignKey(
        BusinessCalendar, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    allowed_minutes = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    met_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    # Warning before the due time (at warn_percent of the allowed working time), recorded once.
    warn_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    # After a breach: how far up the reporting line it has gone, and when the next level is due
    # (empty when the line is exhausted or the step is met).
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalate_at = models.DateTimeField(null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["round", "due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "kind", "round", "seq"], name="deadline_once_per_round")
        ]
        indexes = [
            # The watcher's query: the earliest pending due times, never a scan of all tickets.
            models.Index(
                fields=["due_at"],
                name="deadline_pending_due",
                condition=Q(met_at__isnull=True, breached_at__isnull=True, paused_at__isnull=True),
            ),
            # The warning pass: like the due index, only clocks running and not yet warned.
            models.Index(
                fields=["warn_at"],
                name="deadline_pending_warn",
                condition=Q(
                    met_at__isnull=True, breached_at__isnull=True, paused_at__isnull=True, warned_at__isnull=True
                ),
            ),
            # The escalation pass: breached, unmet rows with a level still to go.
            models.Index(
                fields=["escalate_at"],
                name="deadline_escalation_due",
                condition=Q(met_at__isnull=True, escalate_at__isnull=False),
            ),
            # overdue=true lists: unmet rows only, a small share of all rows.
            models.Index(fields=["ticket"], name="deadline_unmet_ticket", condition=Q(met_at__isnull=True)),
            # The overdue board: broken promises still unmet (escalated or not), and running clocks
            # past their warning time (warned or not yet) — each a small share of the open rows.
            models.Index(
                fields=["breached_at"],
                name="deadline_breached_unmet",
                condition=Q(met_at__isnull=True, breached_at__isnull=False),
            ),
            models.Index(
                fields=["warn_at"],
                name="deadline_running_warn",
                condition=Q(met_at__isnull=True, breached_at__isnull=True, paused_at__isnull=True),
            ),
        ]

    def is_overdue(self, now: datetime | None = None) -> bool:
        return overdue(self.due_at, self.met_at, self.breached_at, self.paused_at, now or timezone.now())

    def is_breached(self, now: datetime | None = None) -> bool:
        return breached(self.due_at, self.met_at, self.breached_at, self.paused_at, now or timezone.now())

    def remaining(self, now: datetime | None = None):
        """Time left (negative when late); frozen while the clock is paused."""
        reference = self.paused_at or now or timezone.now()
        return self.due_at - reference

    def state_at(self, now: datetime | None = None) -> "DeadlineState":
        """How the promise stands at `now`, as every screen shows it: state, words, share of time used."""
        now = now or timezone.now()
        total = max((self.due_at - self.started_at).total_seconds(), 1)
        reference = self.met_at or self.paused_at or now
        percent = int(min(max((reference - self.started_at).total_seconds() / total, 0), 1) * 100)
        if self.met_at is not None:
            if self.met_at > self.due_at:
                return DeadlineState("late", gettext("Met late"), percent)
            return DeadlineState("met", gettext("Met on time"), percent)
        remaining = self.remaining(now)
        if self.is_overdue(now):
            return DeadlineState("overdue", gettext("%(time)s overdue") % {"time": duration(-remaining)}, 100)
        text = gettext("%(time)s left") % {"time": duration(remaining)}
        if self.paused_at:
            return DeadlineState("paused", text, percent)
        if self.warned_at is not None or (self.warn_at is not None and self.warn_at <= now):
            return DeadlineState("warning", text, percent)  # past the warning time (80 % by default)
        return DeadlineState("running", text, percent)


@dataclass
class DeadlineState:
    state: str  # met, late (met after due), overdue, warning (past the warning time), running, paused
    text: str
    percent: int  # share of the allowed time used, for the bar
