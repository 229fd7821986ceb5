"""The customers' own portal (online channel, A1): photos sent with a request, ratings, and the
counters behind its rate limits."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Photo(models.Model):
    """A photo the customer sent with the request; checked for type and size before it is kept."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="portal_photos")
    file = models.FileField(_("photo"), upload_to="portal/%Y/%m/")
    content_type = models.CharField(max_length=30)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("portal photo")
        verbose_name_plural = _("portal photos")


class Rating(models.Model):
    """The customer's own verdict on resolved work, given on the portal (one per ticket)."""

    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.CASCADE, related_name="portal_rating")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("portal rating")
        verbose_name_plural = _("portal ratings")


class Hit(models.Model):
    """One rate-limit counter: `key` (what and who, e.g. "submit:ip:1.2.3.4") in one window.
    In the database rather than a per-process cache, so every web worker counts the same hits."""

    key = models.CharField(max_length=120)
    window = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="portal_hit_once_per_window")]
