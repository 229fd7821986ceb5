"""The front-desk registers (H3): what the desk holds or hands out for customers, one entry each.

One table for every kind: an entry is open while the desk still has something to do (a key out
on loan, a parcel or a found item waiting, a card or a move-in not finished) and closed when it
is done, with who collected or returned it. The columns a kind does not use stay empty. Every
change writes an EntryEvent (codes and parameters, words at display time).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    KEY = "key", _("Key loan")  # 钥匙
    STORAGE = "storage", _("Storage")  # 小件物品寄存
    CARD = "card", _("Function card")  # 功能卡
    MAIL = "mail", _("Special mail")  # 特殊邮件
    LOST_FOUND = "lost_found", _("Lost and found")  # 失物招领
    MOVE_IN = "move_in", _("Move-in")  # 入住手续


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CardAction(models.TextChoices):
    ISSUE = "issue", _("Issue")
    RETURN = "return", _("Return")
    LOSS = "loss", _("Loss")


class MailType(models.TextChoices):
    REGISTERED = "registered", _("Registered mail")
    EMS = "ems", _("EMS")
    PARCEL = "parcel", _("Parcel")
    OTHER = "other", _("Other")


# 入住手续: the steps of a move-in, in the order the desk goes through them (000 §9).
MOVE_IN_STEPS = {
    "identity": _("Identity and purchase contract checked"),
    "fees": _("Fees settled"),
    "agreement": _("Management agreement signed"),
    "inspection": _("Premises inspected with the owner"),
    "meters": _("Meter readings recorded"),
    "keys": _("Keys handed over"),
    "cards": _("Access cards issued"),
}


class KeyAuthorisation(models.Model):
    """钥匙委托: the owner's written authorisation for the desk to keep and lend a key."""

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    premises = models.ForeignKey(
        "customers.Premises",
        verbose_name=_("premises"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reference = models.CharField(_("authorisation number"), max_length=40, blank=True)
    authorised = models.CharField(_("who may borrow"), max_length=200, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("key authorisation")
        verbose_name_plural = _("key authorisations")

    def __str__(self) -> str:
        return self.reference or str(self.pk)

    def in_force(self, today) -> bool:
        return self.revoked_at is None and (self.valid_until is None or self.valid_until >= today)


class Entry(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_entries",
    )
    premises = models.ForeignKey(
        "customers.Premises",
        verbose_name=_("premises"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    # Who at the desk answers for the entry now: whoever recorded it, then whoever took it over
    # at a shift handover. A person's open entries are part of their handover.
    keeper = models.ForeignKey("accounts.Staff", verbose_name=_("keeper"), on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Who collected or returned it (free text: a customer, a relative, a courier).
    collected_by = models.CharField(_("collected or returned by"), max_length=50, blank=True)
    close_note = models.CharField(_("note"), max_length=500, blank=True)

    # key loan: to whom, ID checked, out (opened_at), due back, back (closed_at)
    authorisation = models.ForeignKey(
        KeyAuthorisation, null=True, blank=True, on_delete=models.PROTECT, related_name="loans"
    )
    borrower = models.CharField(_("borrower"), max_length=50, blank=True)
    id_checked = models.BooleanField(_("ID checked"), default=False)
    due_back_at = models.DateTimeField(_("due back"), null=True, blank=True)
    # storage: claim code; a person other than the customer allowed to collect
    claim_code = models.CharField(_("claim code"), max_length=12, blank=True)
    named_person = models.CharField(_("named person"), max_length=50, blank=True)
    # card
    card_number = models.CharField(_("card number"), max_length=30, blank=True)
    card_action = models.CharField(_("card action"), max_length=10, choices=CardAction.choices, blank=True)
    fee = models.DecimalField(_("fee"), max_digits=10, decimal_places=2, null=True, blank=True)
    # mail
    mail_type = models.CharField(_("mail type"), max_length=12, choices=MailType.choices, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    customer_told_at = models.DateTimeField(_("customer told at"), null=True, blank=True)
    # lost and found: where it was found
    place = models.CharField(_("where found"), max_length=100, blank=True)
    # move-in: {step code: {"at": iso, "by": username}} for the steps done
    checklist = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        indexes = [
            models.Index(fields=["kind", "status", "-opened_at"], name="register_kind_status"),
            models.Index(fields=["keeper"], name="register_open_keeper", condition=Q(status="open")),
            models.Index(fields=["customer"], name="register_open_customer", condition=Q(status="open")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    def is_overdue(self, now=None) -> bool:
        """A key not back by the time agreed (the flag on the register)."""
        now = now or timezone.now()
        return self.is_open and self.due_back_at is not None and self.due_back_at < now

    def steps(self) -> list[tuple[str, str, dict | None]]:
        return [(code, label, self.checklist.get(code)) for code, label in MOVE_IN_STEPS.items()]


class EntryEvent(models.Model):
    """One line of an entry's own history. Append-only; words from `kind` when shown."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20)
    actor = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
