from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ServicePlan(models.Model):
    """服务方案 (B3): for larger work, the handling department's plan — goal, steps, the person
    responsible — and its time nodes (PlanNode), each a promise the deadline watcher keeps."""

    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.CASCADE, related_name="service_plan")
    goal = models.TextField(_("goal"))
    # The steps as the department writes them, in order: a list of short texts.
    steps = models.JSONField(_("steps"), default=list, blank=True)
    responsible = models.ForeignKey(
        "accounts.Staff", verbose_name=_("responsible person"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("service plan")
        verbose_name_plural = _("service plans")


class PlanNode(models.Model):
    """A time node of a plan: by `due_at`, `title` is done. Its promise is the Deadline row (kind
    `node`), so a node's warning, breach and escalation are recorded like any other promise's."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="nodes")
    seq = models.PositiveSmallIntegerField()
    title = models.CharField(_("node"), max_length=100)
    deadline = models.OneToOneField("deadlines.Deadline", on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="plan_node_once")]


class SubOrder(models.Model):
    """子工单 (B5): `child` is a ticket of its own (dispatched, accepted, resolved like any), split
    off `parent` for another department. The parent is resolved only when every child is."""

    parent = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="suborders")
    child = models.OneToOneField("tickets.Ticket", on_delete=models.PROTECT, related_name="suborder_link")
    created_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]


class AcceptanceMethod(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("By phone")
    PORTAL = "portal", _("On the portal")


class Acceptance(models.Model):
    """验收 (B4): the customer's verdict on the finished work of one round. Not accepted sends the
    work back (the ticket reopens to its department), and the next round is accepted anew."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="acceptances")
    round = models.PositiveIntegerField()
    accepted = models.BooleanField(_("accepted"))
    reason = models.TextField(_("reason"), blank=True)
    # Who confirmed, as the customer gave it (the customer, a family member, the tenant …).
    confirmed_by = models.CharField(_("confirmed by"), max_length=50)
    method = models.CharField(_("how"), max_length=10, choices=AcceptanceMethod.choices)
    # The staff member who recorded it; empty when the customer confirmed on the portal.
    recorded_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["ticket", "round"], name="acceptance_once_per_round")]
