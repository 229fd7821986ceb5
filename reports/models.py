"""Report subscriptions (K2, K3): which report, which grouping, whom to send it to, on the
handbooks' calendar; and one Delivery row per subscription and period, the proof it was built
and handed to the outbox exactly once."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Schedule(models.TextChoices):
    DAILY = "daily", _("Every day (the day before)")
    WEEKLY = "weekly", _("Every Wednesday (the seven days before)")
    MONTHLY = "monthly", _("On the 25th (the month up to the 24th)")
    QUARTERLY = "quarterly", _("At each quarter's end (the quarter)")
    YEARLY = "yearly", _("At the year's end (the year)")


class ReportKind(models.TextChoices):
    KPI = "kpi", _("KPI report")
    COMPLAINTS = "complaints", _("Complaint register")


class Subscription(models.Model):
    name = models.CharField(_("name"), max_length=60)
    report = models.CharField(_("report"), max_length=20, choices=ReportKind.choices, default=ReportKind.KPI)
    by = models.CharField(_("grouping"), max_length=20, default="department")
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Only this department's figures; empty: every department."),
    )
    schedule = models.CharField(_("schedule"), max_length=10, choices=Schedule.choices)
    recipients = models.ManyToManyField("accounts.Staff", verbose_name=_("recipients"), related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One built report: made once per subscription and period (the unique constraint), in the
    transaction that writes its messages to the outbox."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    first = models.DateField()
    last = models.DateField()
    built_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=120)
    content = models.BinaryField()  # the spreadsheet, attached to each e-mail by the outbox
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-built_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "first", "last"], name="report_delivered_once"),
        ]


class Counts(models.Model):
    """The KPI counts of reports.kpis.COUNTS, one column each, summed over what a row stands for."""

    day = models.DateField()
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    received = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    promises = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    callbacks = models.PositiveIntegerField(default=0)
    callbacks_done = models.PositiveIntegerField(default=0)
    verdicts = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    passed = models.PositiveIntegerField(default=0)
    repair_verdicts = models.PositiveIntegerField(default=0)
    repair_passed = models.PositiveIntegerField(default=0)
    scored = models.PositiveIntegerField(default=0)
    score_sum = models.PositiveIntegerField(default=0)
    complaints = models.PositiveIntegerField(default=0)
    complaints_processed = models.PositiveIntegerField(default=0)
    complaints_within_24h = models.PositiveIntegerField(default=0)
    complaint_cycle = models.FloatField(default=0)  # seconds
    paid_revenue = models.DecimalField(max_digits=14, decimal_places=2, default=0)  # yuan
    free_items = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyFigures(Counts):
    """The counts of one day and one cell of every grouping (department, staff, category, channel,
    community), one row per cell that had items; rebuilt day by day by the worker (reports.rollup).
    Every report reads the days it covers from here and counts the rest live."""

    # A ticket's first-contact owner, a callback's resolver: the "staff" grouping's column on each source.
    staff = models.ForeignKey(
        "accounts.Staff", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    category = models.CharField(max_length=20, null=True, blank=True)
    channel = models.CharField(max_length=20, null=True, blank=True)
    community = models.ForeignKey(
        "customers.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        indexes = [models.Index(fields=["day", "department"], name="daily_figures_day")]


class DailyTotals(Counts):
    """The same counts of one day and one department, summed from its cells when they are rebuilt:
    what the trends and the department grouping read (40 rows a day instead of a thousand)."""

    class Meta:
        indexes = [models.Index(fields=["day", "department"], name="daily_totals_day")]


class FiguresDay(models.Model):
    """When each day's figures were last rebuilt: a day is read from DailyFigures only while fresh."""

    day = models.DateField(unique=True)
    refreshed_at = models.DateTimeField()
    # The counts and cells the day was built with (reports.rollup.SHAPE): a release that adds a
    # figure makes every day stale at once, counted live until rebuilt, never read as zero.
    shape = models.CharField(max_length=16, default="")
