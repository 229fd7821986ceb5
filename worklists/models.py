"""A person's saved board filters (工单总览的常用筛选)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    """The board's query string under a name its owner chose; only its owner sees it."""

    owner = models.ForeignKey("accounts.Staff", verbose_name=_("saved by"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=40)
    # Checked through tickets.filters.TicketQuery when saved, and again when the board opens it.
    query = models.CharField(_("query"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            # Also the index of "my saved filters" (owner first).
            models.UniqueConstraint(fields=["owner", "name"], name="saved_filter_owner_name"),
        ]

    def __str__(self) -> str:
        return self.name
