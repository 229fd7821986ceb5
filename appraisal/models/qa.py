"""Quality inspection of calls and callbacks (质检, I6): the QA scorecard, the reproducible
monthly samples and the reviews."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appraisal.vocabulary import AppealStatus


class QaCriterion(models.Model):
    """A weighted line of the QA scorecard (its `max_points`); a critical one scored 0 fails the
    whole review (关键项)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    max_points = models.PositiveSmallIntegerField(_("maximum"))
    critical = models.BooleanField(_("critical"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("QA criterion")
        verbose_name_plural = _("QA criteria")

    def __str__(self) -> str:
        return self.name


class QaSample(models.Model):
    staff = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    seed = models.BigIntegerField()
    size = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "month", "seed", "size"], name="qa_sample_once"),
        ]


class QaSampleItem(models.Model):
    sample = models.ForeignKey(QaSample, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="+")
    callback = models.ForeignKey(
        "callbacks.Callback", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position"]


class QaReview(models.Model):
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="+")
    callback = models.ForeignKey(
        "callbacks.Callback", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    scores = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=6, decimal_places=2)
    critical_failed = models.BooleanField(default=False)
    passed = models.BooleanField(default=True)
    advice = models.TextField(_("improvement advice"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The agent may dispute once; the QA group (or the manager) decides. An upheld dispute voids
    # the review: it no longer counts in the appraisal.
    dispute_reason = models.TextField(blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True)
    dispute_status = models.CharField(max_length=10, choices=AppealStatus.choices, blank=True)
    dispute_decided_by = models.ForeignKey(
        "accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dispute_decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["staff", "month"], name="qa_review_staff_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "staff"], condition=Q(callback__isnull=True), name="qa_review_once_per_ticket"
            ),
            models.UniqueConstraint(
                fields=["callback", "staff"], condition=Q(callback__isnull=False), name="qa_review_once_per_callback"
            ),
        ]

    @property
    def counts(self) -> bool:
        return self.dispute_status != AppealStatus.UPHELD
