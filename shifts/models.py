"""排班 and 交接班 (H1, H2): shift templates, the roster, swaps, handovers, work logs, patrols.

The roster stores each day's shift as the two moments it starts and ends (a night shift ends
the next morning), so "who is on duty at t" is one range lookup on an index, whatever the
template says later.
"""

from datetime import datetime, timedelta

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ShiftTemplate(models.Model):
    """A kind of shift: 早班 08:00-16:00, 夜班 20:00-08:00 (crossing midnight) …"""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=30)
    start = models.TimeField(_("starts"))
    end = models.TimeField(_("ends"))
    crosses_midnight = models.BooleanField(_("crosses midnight"), default=False)
    # The days the shift is worked: a business calendar (working days, holidays, 调休); none
    # means every day (the desk and the night duty never close).
    calendar = models.ForeignKey(
        "deadlines.BusinessCalendar",
        verbose_name=_("business calendar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["start", "code"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            # A shift ending at or before its start must say it crosses midnight, and one that
            # says so must end before it starts.
            models.CheckConstraint(
                condition=Q(crosses_midnight=True, end__lte=F("start")) | Q(crosses_midnight=False, end__gt=F("start")),
                name="shift_template_hours",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def bounds(self, day) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        starts = datetime.combine(day, self.start, tzinfo=tz)
        ends = datetime.combine(day + timedelta(days=1) if self.crosses_midnight else day, self.end, tzinfo=tz)
        return starts, ends


class RosterSource(models.TextChoices):
    ROTATION = "rotation", _("Weekly rotation")
    MANUAL = "manual", _("Adjusted by hand")
    SWAP = "swap", _("Swap")


class RosterEntry(models.Model):
    """One person's shift on one day."""

    staff = models.ForeignKey("accounts.Staff", verbose_name=_("staff"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    template = models.ForeignKey(ShiftTemplate, verbose_name=_("shift"), on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    source = models.CharField(max_length=10, choices=RosterSource.choices, default=RosterSource.ROTATION)
    changed_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "starts_at", "staff_id"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster")
        constraints = [models.UniqueConstraint(fields=["staff", "day"], name="roster_one_shift_a_day")]
        indexes = [
            models.Index(fields=["ends_at", "starts_at"], name="roster_on_duty"),
            models.Index(fields=["day"], name="roster_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.template} {self.staff_id}"


class SwapStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class SwapRequest(models.Model):
    """换班: one person asks to give their shift to a colleague (who gives theirs back, when they
    have one); the supervisor approves or rejects."""

    requester = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="+")
    colleague = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    colleague_entry = models.ForeignKey(RosterEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=SwapStatus.choices, default=SwapStatus.PENDING)
    asked_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]


class HandoverStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the incoming shift")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class Handover(models.Model):
    """交接班记录: what the outgoing person leaves open, acknowledged by the incoming one."""

    from_staff = models.ForeignKey(
        "accounts.Staff", verbose_name=_("handed over by"), on_delete=models.PROTECT, related_name="+"
    )
    to_staff = models.ForeignKey(
        "accounts.Staff", verbose_name=_("taken over by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=15, choices=HandoverStatus.choices, default=HandoverStatus.PENDING
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("handed over at"), default=timezone.now)
    # The incoming person's next shift (its start), when the roster has one; the handover must
    # be acknowledged within ACK_MINUTES of it, else the duty supervisor is alerted.
    next_shift_at = models.DateTimeField(null=True, blank=True)
    ack_due_at = models.DateTimeField(null=True, blank=True)
    # The roster did not have the incoming person on the next shift (allowed, with a warning).
    off_roster = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    ack_note = models.TextField(_("acknowledgement note"), blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        indexes = [
            models.Index(fields=["to_staff", "-created_at"], name="handover_to"),
            models.Index(fields=["from_staff", "-created_at"], name="handover_from"),
            models.Index(
                fields=["ack_due_at"], name="handover_ack_due", condition=Q(status="pending", alerted_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class ItemKind(models.TextChoices):
    TICKET = "ticket", _("Ticket")
    PROMISE = "promise", _("Promise due")
    REGISTER = "register", _("Register entry")
    ALERT = "alert", _("Unread alert")
    NOTE = "note", _("Note")


class HandoverItem(models.Model):
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    ref = models.CharField(max_length=40, blank=True)
    ticket_id = models.IntegerField(null=True, blank=True)
    # What the item is, as data: the words are made when shown (free text stays as typed).
    data = models.JSONField(default=dict, blank=True)
    # A free-text line as typed (searchable).
    text = models.CharField(max_length=500, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["handover", "position"]
        indexes = [models.Index(fields=["handover", "position"], name="handover_item_order")]


class WorkLog(models.Model):
    """工作日志: one person's log of one day."""

    staff = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    text = models.TextField(_("work done"))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["staff", "day"], name="worklog_one_a_day")]


class Patrol(models.Model):
    """巡视: a walk of an area along a route; hazards found, who was told, the written result."""

    staff = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("customers.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    route = models.CharField(_("route"), max_length=200)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_at"]


class Hazard(models.Model):
    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="hazards")
    description = models.TextField(_("hazard"))
    place = models.CharField(_("where"), max_length=100, blank=True)
    told = models.CharField(_("who was told"), max_length=200, blank=True)
    # Kept under MEDIA_ROOT (var/, never served as a static path): read back through a view that
    # checks the login, like the portal's photos.
    photo = models.FileField(_("photo"), upload_to="patrols/%Y/%m/", blank=True)
    photo_type = models.CharField(max_length=20, blank=True)
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
