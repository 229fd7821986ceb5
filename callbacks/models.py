"""Callbacks (回访, E1-E3): the customer's verdict on finished work, asked by telephone."""

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallbackKind(models.TextChoices):
    REPAIR = "repair", _("Repair callback")
    COMPLAINT = "complaint", _("Complaint callback")
    CONSULTATION = "consultation", _("Consultation callback (sampled)")
    PRE_SALE = "pre_sale", _("Pre-sale callback")
    AFTER_SALE = "after_sale", _("After-sale callback")
    PROJECT = "project", _("Project-stage callback")
    EXPIRING_MEMBER = "expiring_member", _("Expiring-member callback")


# Kinds an agent creates by hand; the others come from the rules when work is resolved.
MANUAL_KINDS = frozenset(
    {CallbackKind.PRE_SALE, CallbackKind.AFTER_SALE, CallbackKind.PROJECT, CallbackKind.EXPIRING_MEMBER}
)


class CallbackStatus(models.TextChoices):
    DUE = "due", _("Due")
    DONE = "done", _("Done")


class Outcome(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    BUSY = "busy", _("Customer busy (rescheduled)")
    UNREACHABLE = "unreachable", _("Unreachable")


# The customer gave a verdict; busy and unreachable are attempts, not verdicts.
VERDICTS = frozenset({Outcome.SATISFIED, Outcome.BASICALLY_SATISFIED, Outcome.UNSATISFIED})
# A callback "passes" (E4) when the customer is satisfied or basically satisfied.
PASSING = frozenset({Outcome.SATISFIED, Outcome.BASICALLY_SATISFIED})


class CallbackQuerySet(models.QuerySet):
    def due(self):
        return self.filter(status=CallbackStatus.DUE)

    def queue(self):
        """The callback agents' queue (E1): still to call, the oldest due time first. A ticket
        reopened by hand meanwhile is not waiting for a verdict, so its callback waits too."""
        return self.due().filter(Q(ticket__isnull=True) | Q(ticket__status="resolved")).order_by("due_at", "id")


class Callback(models.Model):  # 回访
    """One callback task. Automatic ones belong to a ticket and a round of its work (a reopened
    ticket is called back again after its next resolution); manual ones may name only a customer."""

    kind = models.CharField(_("kind"), max_length=20, choices=CallbackKind.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="callbacks",
    )
    round = models.PositiveIntegerField(default=0)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=CallbackStatus.choices, default=CallbackStatus.DUE)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"))
    # After "busy" or an unreachable attempt: do not call before this time.
    call_after = models.DateTimeField(_("call again after"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    score = models.PositiveSmallIntegerField(_("satisfaction score"), null=True, blank=True)
    # The prescribed questions' scores, 1-5 each: {"question code": score}.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        "accounts.Staff", verbose_name=_("called by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who resolved or answered the work called about: the staff member the verdict is about.
    resolved_by = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The callback agent who is to make the call (assigned by a lead, e.g. in bulk from the ticket
    # board); empty: anyone on the callback queue may.
    assigned_to = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = CallbackQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        constraints = [
            # One callback per round of work: resolving twice in a round cannot queue two calls.
            models.UniqueConstraint(
                fields=["ticket", "round"], condition=Q(ticket__isnull=False), name="callback_once_per_round"
            ),
        ]
        indexes = [
            models.Index(fields=["due_at", "id"], name="callback_queue", condition=Q(status="due")),
            # The satisfaction figures count a period's callbacks by when the work was resolved.
            models.Index(fields=["created_at"], name="callback_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.ticket or self.customer or ''}".strip()

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.status == CallbackStatus.DUE and self.due_at < (now or timezone.now())

    @property
    def phone(self) -> str:
        """The number to call: the ticket's contact, else the customer's primary phone (the
        queue prefetches the phones, so this costs no query per row)."""
        if self.ticket_id and self.ticket.contact_phone:
            return self.ticket.contact_phone
        if self.customer_id:
            phones = list(self.customer.phones.all())
            return phones[0].number if phones else ""
        return ""

    @property
    def passed(self) -> bool:
        return self.outcome in PASSING
