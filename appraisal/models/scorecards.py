"""The 100-point scorecards (I1) and the rules that turn service records into deductions (I4)."""

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appraisal.vocabulary import DeductionKind, Track

# The handbook's own versions (migration 0002) are in force from the first month kefu can score.
FROM_THE_START = date(2000, 1, 1)


class ScorecardQuerySet(models.QuerySet):
    def in_force(self, track: str, month: date):
        """The version a month is scored on: the latest one in force on its first day."""
        return (
            self.filter(track=track, effective_from__lte=month)
            .order_by("-effective_from", "-version")
            .prefetch_related("categories")
            .first()
        )


class Scorecard(models.Model):
    """One version of a track's template. Versions are never edited: a change is a new version
    in force from a month on, so a month already scored keeps the categories it was scored on."""

    track = models.CharField(_("scorecard"), max_length=10, choices=Track.choices)
    version = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("in force from (month)"))
    created_by = models.ForeignKey(
        "accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["track", "-version"]
        constraints = [models.UniqueConstraint(fields=["track", "version"], name="scorecard_version_once")]
        verbose_name = _("scorecard version")
        verbose_name_plural = _("scorecard versions")

    def __str__(self) -> str:
        return f"{self.get_track_display()} v{self.version}"

    @property
    def from_the_start(self) -> bool:
        """In force since before any scored month: shown as such, not as the date 2000-01."""
        return self.effective_from <= FROM_THE_START


class ScoreCategory(models.Model):
    """One line of the scorecard with its maximum and the handbook's fixed deductions: a general
    violation costs `general_points`, a serious one `serious_points` (000 §6)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=50)
    max_points = models.DecimalField(_("maximum"), max_digits=5, decimal_places=1)
    general_points = models.DecimalField(_("general violation deducts"), max_digits=5, decimal_places=1)
    serious_points = models.DecimalField(_("serious violation deducts"), max_digits=5, decimal_places=1)
    # 连带扣分 (000 §12): a manager's violation caused by lack of training, skill, responsibility,
    # fairness, ethics or cooperation also deducts from the category of that cause.
    is_cause = models.BooleanField(_("a cause of linked deductions"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "code"], name="category_once_per_scorecard")]

    def __str__(self) -> str:
        return self.name


class Rule(models.Model):
    """How one kind of service record counts for one track: `points` per record, into
    `category` (a deduction) or as reward points; `threshold` for the KPI and QA rules (the pass
    mark, the target rate); `cap` bounds what one rule may take or give in a month."""

    source = models.CharField(_("source"), max_length=30)
    track = models.CharField(_("scorecard"), max_length=10, choices=Track.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=DeductionKind.choices, default=DeductionKind.DEDUCTION)
    category = models.CharField(_("category"), max_length=30, blank=True)
    points = models.DecimalField(_("points per record"), max_digits=5, decimal_places=2)
    threshold = models.DecimalField(_("threshold"), max_digits=8, decimal_places=2, null=True, blank=True)
    cap = models.DecimalField(_("at most per month"), max_digits=5, decimal_places=1, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["track", "source"]
        constraints = [models.UniqueConstraint(fields=["source", "track"], name="rule_once_per_track")]
        verbose_name = _("appraisal rule")
        verbose_name_plural = _("appraisal rules")
