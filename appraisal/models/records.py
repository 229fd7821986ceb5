"""What is found and what it costs: inspections and their findings (I2, I3), the deductions and
points of a person's month (each naming its source), appeals, and the month's results (I5)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appraisal.vocabulary import AppealStatus, DeductionKind, EventKind, InspectionKind, Severity


class Inspection(models.Model):  # 日检周检月检抽检
    staff = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("inspected"))
    inspector = models.ForeignKey(
        "accounts.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=InspectionKind.choices)
    month = models.DateField(_("month"))
    at = models.DateTimeField(_("inspected at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["staff", "month"], name="inspection_staff_month")]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    category = models.CharField(_("category"), max_length=30)
    severity = models.CharField(_("severity"), max_length=15, choices=Severity.choices)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    cause = models.CharField(_("cause (linked deduction)"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["id"]


class Deduction(models.Model):
    """One line of a person's month: points off a category (or reward points), with where they
    come from — an inspection's finding, or a service record found by a rule (source + ref)."""

    staff = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=DeductionKind.choices, default=DeductionKind.DEDUCTION)
    category = models.CharField(max_length=30, blank=True)
    points = models.DecimalField(max_digits=6, decimal_places=2)
    # The source's code (inspection, linked, breach, complaint, callback, qa, phrase, praise, ...)
    # and its record: ref_id is the record's primary key (0 for a monthly figure), ref what a
    # person reads (a ticket number, an inspection's id).
    source = models.CharField(max_length=30)
    ref_id = models.BigIntegerField(default=0)
    ref = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.CASCADE, related_name="deductions")
    # A 连带 deduction points at the one it was linked from; an appeal decides both.
    linked_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="linked", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    # An automatic line whose record no longer counts (a complaint found invalid after all).
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Counts in the score: not revoked and not withdrawn on appeal. Kept as a column so the
    # month's totals are one grouped sum.
    counts = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["staff", "month"], name="deduction_staff_month"),
            # The 连带 lines of a deduction (an appeal decides both); without it every deduction
            # deleted checked the whole table for lines linked to it: a month's 158,000 took hours.
            models.Index(fields=["linked_from"], name="deduction_linked_from", condition=Q(linked_from__isnull=False)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "month", "source", "ref_id", "category"],
                condition=Q(finding__isnull=True, linked_from__isnull=True),
                name="deduction_once_per_record",
            )
        ]


class Appeal(models.Model):  # 申诉: once per deduction
    deduction = models.OneToOneField(Deduction, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


KPI_FIELDS = ("response_minutes", "responses", "satisfaction", "verdicts", "on_time_rate", "finished")


def kpi_dict(values: dict) -> dict:
    """The KPI figures as the API and the screens show them: numbers, or null where nothing was measured."""
    return {name: float(v) if isinstance(v, Decimal) else v for name, v in values.items()}


class MonthResult(models.Model):
    """A person's month as last computed (the worker recomputes open months; by 09:00 on the 1st
    the month before is computed for everyone). Frozen once the month is confirmed."""

    staff = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    scorecard = models.ForeignKey("appraisal.Scorecard", on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(max_digits=6, decimal_places=2)
    bonus = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    # The KPI part (I5) as columns: the month's figures of the person's work (sources.kpi_figures).
    response_minutes = models.DecimalField(max_digits=9, decimal_places=1, null=True)
    responses = models.PositiveIntegerField(default=0)
    satisfaction = models.DecimalField(max_digits=4, decimal_places=3, null=True)
    verdicts = models.PositiveIntegerField(default=0)
    on_time_rate = models.DecimalField(max_digits=4, decimal_places=3, null=True)
    finished = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["month", "staff"]
        constraints = [models.UniqueConstraint(fields=["staff", "month"], name="result_once_per_month")]
        indexes = [models.Index(fields=["month"], name="result_month")]

    @property
    def result(self):
        return self.total + self.bonus

    @property
    def kpi(self) -> dict:
        return kpi_dict({name: getattr(self, name) for name in KPI_FIELDS})


class MonthConfirmation(models.Model):
    """The manager's confirmation of a month: from then on nothing of it changes."""

    month = models.DateField(unique=True)
    confirmed_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)


class MonthRun(models.Model):
    """The worker's bookkeeping: when a month's records were last gathered, and whether the
    closing computation after its end has run (so a restarted worker neither skips nor repeats it)."""

    month = models.DateField(unique=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)


class AppraisalEvent(models.Model):
    """The history of appraisal: codes and parameters, worded at display time."""

    kind = models.CharField(max_length=30, choices=EventKind.choices)
    staff = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(null=True, blank=True)
    actor = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["staff", "month"], name="appraisal_event_staff")]
