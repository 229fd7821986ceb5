from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INAPP = "inapp", _("In-app")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class State(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One message to one recipient on one channel: the outbox row and the delivery record.

    Written in the transaction of the event that causes it, so a message exists exactly when
    its event does; the worker delivers it after commit (notifications.delivery). The text is
    made from `template` + `params` when sent or shown, never stored.
    """

    # No plain index on staff or customer: every outbox row is written with its event, and a
    # burst of breaches writes tens of thousands of them a pass, each paying every index. A
    # staff member's messages are read through notification_inbox (in-app); a customer's
    # through notification_customer, which leaves out the staff rows (customer NULL); nothing
    # looks messages up by their ticket or their event, so neither has an index (a ticket's or
    # an event's deletion through Django would scan; neither is ever deleted).
    #
    # No foreign-key constraints in the database (db_constraint=False), for the same burst:
    # PostgreSQL checks a constraint with one query per row at commit, and three of them on
    # 25,000 outbox rows cost 0.8 s of a one-second pass (bench/results/…-deadline-burst.md).
    # The references stay sound without them: every row is written in the transaction of the
    # event it points at, from rows read in that transaction (the watcher's INSERT … SELECT
    # joins to them); tickets, events and staff are never deleted (staff are deactivated), and
    # a deletion through Django still cascades here, because Django does it, not the database.
    # notifications/tests/test_outbox_references.py holds both ends of this.
    staff = models.ForeignKey(
        "accounts.Staff",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
        db_constraint=False,
    )
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
        db_constraint=False,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(
        _("address"), max_length=254, blank=True, help_text=_("E-mail or phone at the time of writing.")
    )
    template = models.CharField(_("template"), max_length=40)
    params = models.JSONField(default=dict, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    caused_by = models.ForeignKey(
        "tickets.TicketEvent",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # A customer's outage notice is caused by the outage's announcement, not by a ticket event:
    # the outage it announces (the outage page lists its notices through notification_outage).
    outage = models.ForeignKey(
        "outages.Outage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
        db_index=False,
        db_constraint=False,
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=500, blank=True)
    # The delivering worker's token: the compare-and-set that makes a row one worker's to send.
    claim = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=False) | Q(customer__isnull=False) | ~Q(address=""),
                name="notification_has_recipient",
            )
        ]
        indexes = [
            # The delivery pass: rows waiting or in flight only, earliest first.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_undelivered",
                condition=Q(state__in=["pending", "sending"]),
            ),
            # The bell: a staff member's unread in-app messages.
            models.Index(fields=["staff", "-created_at"], name="notification_inbox", condition=Q(channel="inapp")),
            # A customer's messages (and the cascade when a customer is removed).
            models.Index(fields=["customer"], name="notification_customer", condition=Q(customer__isnull=False)),
            # An outage's notices (the outage page), without an entry for every other message.
            models.Index(fields=["outage"], name="notification_outage", condition=Q(outage__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.staff_id or self.customer_id} ({self.channel}, {self.state})"


class CustomerChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class ContactPreference(models.Model):
    """How a customer wants to be told things nobody asked about yet: planned outages (C6), an
    engineer running late (B2). Without a row, or without the address the choice needs, a
    customer is texted at their primary phone — residents' usual channel."""

    customer = models.OneToOneField(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contact_preference"
    )
    channel = models.CharField(
        _("preferred channel"), max_length=10, choices=CustomerChannel.choices, default=CustomerChannel.SMS
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone for messages"), max_length=20, blank=True, help_text=_("Empty means the customer's primary phone.")
    )

    class Meta:
        verbose_name = _("contact preference")
        verbose_name_plural = _("contact preferences")

    def __str__(self) -> str:
        return f"{self.customer} → {self.get_channel_display()}"
