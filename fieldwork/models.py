from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CompletionPhoto(models.Model):
    """A photo of the finished work, taken on site by the engineer (B4). Kept privately like the
    portal's photos: served only to staff who may see the ticket, and to the customer through a
    signed link on the portal's progress page."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="completion_photos")
    file = models.FileField(_("photo"), upload_to="completion/%Y/%m/")
    content_type = models.CharField(max_length=30)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("completion photo")
        verbose_name_plural = _("completion photos")
