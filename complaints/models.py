"""Complaints (投诉, D1-D5): who is complained about, how serious, whether it counts, the
major-complaint procedure with the manager, and the case library (案例资料库)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import SettingsHistory


class Target(models.TextChoices):
    DEPARTMENT = "department", _("A department")
    STAFF = "staff", _("A staff member")
    COMPANY = "company", _("The company")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    ORDINARY = "ordinary", _("Ordinary")
    SERIOUS = "serious", _("Serious")


class Level(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary complaint")
    MAJOR = "major", _("Major complaint")


class MajorReason(models.TextChoices):
    COMPENSATION = "compensation", _("Involves compensation")
    UNRESOLVED = "unresolved", _("The owner cannot resolve it")


class Criterion(models.Model):
    """One line of the company's definition of a valid complaint (投诉界定标准). A complaint is
    valid when every required line holds; the others are recorded for the analysis."""

    text = models.CharField(_("criterion"), max_length=200)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = SettingsHistory()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("complaint criterion")
        verbose_name_plural = _("complaint criteria (投诉界定标准)")

    def __str__(self) -> str:
        return self.text


class Complaint(models.Model):  # 投诉
    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.CASCADE, related_name="complaint")
    target = models.CharField(_("complained about"), max_length=20, choices=Target.choices)
    target_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department complained about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_staff = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("staff member complained about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.ORDINARY)
    criteria_met = models.JSONField(_("criteria met"), default=list, blank=True)  # Criterion ids
    is_valid = models.BooleanField(_("valid complaint"), default=False)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.ORDINARY)
    major_reason = models.CharField(_("why major"), max_length=20, choices=MajorReason.choices, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    compensation_proposed = models.DecimalField(
        _("compensation proposed"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    compensation_approved = models.DecimalField(
        _("compensation approved"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    compensation_approved_by = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("compensation approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self) -> str:
        return self.ticket.number

    @property
    def is_major(self) -> bool:
        return self.level == Level.MAJOR

    @property
    def awaiting_acceptance(self) -> bool:
        return self.is_major and self.accepted_at is None


class Case(models.Model):  # 案例
    """A resolved complaint written up for the next agent who meets the same situation (D4)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    title = models.CharField(_("title"), max_length=100)
    situation = models.TextField(_("situation"))
    cause = models.TextField(_("cause"))
    solution = models.TextField(_("agreed solution"))
    tags = models.CharField(_("tags"), max_length=200, blank=True, help_text=_("Separated by commas."))
    # The bigrams of the whole write-up (tickets.search.tokens), compared with a new complaint's.
    search_tokens = models.TextField(blank=True, default="")
    created_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("case library")

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]
