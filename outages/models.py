from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutageKind(models.TextChoices):
    WATER = "water", _("Water")
    GAS = "gas", _("Gas")
    POWER = "power", _("Power")
    LIFT = "lift", _("Lift")
    HEATING = "heating", _("Heating")
    OTHER = "other", _("Other")


class Outage(models.Model):
    """A planned outage (停水/停气/停电/电梯停运, C6): where, when and why. Announcing it tells every
    affected customer in advance; requests from them during the window are linked to it."""

    kind = models.CharField(_("kind"), max_length=10, choices=OutageKind.choices)
    communities = models.ManyToManyField("customers.Community", verbose_name=_("communities"), related_name="+")
    buildings = models.CharField(
        _("buildings"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated, e.g. 3,5; empty means every building."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    announced_by = models.ForeignKey(
        "accounts.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("announced by"),
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("outage")
        verbose_name_plural = _("outages")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="outage_ends_after_start")
        ]
        indexes = [models.Index(fields=["ends_at", "starts_at"], name="outage_window")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def building_list(self) -> list[str]:
        return [b.strip() for b in self.buildings.replace("，", ",").split(",") if b.strip()]


class OutageTicket(models.Model):
    """A request received from an affected customer during the outage window."""

    outage = models.ForeignKey(Outage, on_delete=models.CASCADE, related_name="links")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="outage_links")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["outage", "ticket"], name="outage_ticket_once")]
