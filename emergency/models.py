"""Emergency management (L1, A7): the plan library (应急预案), activations checked off step by
step (启动与处置记录), after-action reports (复盘) with corrective actions, and drills (演练)."""

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role


class PlanKind(models.TextChoices):
    GAS_LEAK = "gas_leak", _("Gas leak")
    FIRE = "fire", _("Fire")
    LIFT_ENTRAPMENT = "lift_entrapment", _("People trapped in a lift")
    FLOODING = "flooding", _("Flooding")
    POWER_CUT = "power_cut", _("Power cut")
    MAJOR_COMPLAINT = "major_complaint", _("Major complaint")
    SYSTEM_FAILURE = "system_failure", _("System failure")
    NATURAL_DISASTER = "natural_disaster", _("Natural disaster")
    OTHER = "other", _("Other")


class ResourceKind(models.TextChoices):
    EQUIPMENT = "equipment", _("Equipment")
    CONTACT = "contact", _("Outside contact")
    DOCUMENT = "document", _("Form or document")


class PlanQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Plan(models.Model):  # 应急预案
    """One version of a plan. `code` names the plan across its versions; a revision writes the
    next version and retires this one, so every activation and drill keeps the exact terms it
    was run under (emergency.plans.revise_plan)."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    name = models.CharField(_("name"), max_length=100)
    scope = models.TextField(_("when it applies"), blank=True)
    # What suggests the plan for a ticket: its category, then words of its content.
    category = models.CharField(_("ticket category"), max_length=20, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True, help_text=_("Separated by commas."))
    drill_every_days = models.PositiveIntegerField(_("drill every (days)"), default=180)
    revision_note = models.CharField(_("what changed"), max_length=200, blank=True)
    # The due date of the drill the leads were last reminded of (the overdue pass, once per date).
    drill_reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="plan_version_once"),
            models.UniqueConstraint(fields=["code"], condition=Q(is_current=True), name="plan_one_current_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def keyword_list(self) -> list[str]:
        return [w.strip() for w in self.keywords.replace("，", ",").split(",") if w.strip()]


class PlanStep(models.Model):
    """What is done, by which role, within how many minutes of the activation."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    n = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(pgettext_lazy("emergency", "step"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    minutes = models.PositiveIntegerField(_("done within (minutes after activation)"))

    class Meta:
        ordering = ["n"]
        constraints = [models.UniqueConstraint(fields=["plan", "n"], name="plan_step_once")]


class PlanResource(models.Model):
    """Equipment and where it is, outside contacts and their numbers, forms to use."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="resources")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=100)
    detail = models.CharField(_("where / number"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "id"]


class PlanNotice(models.Model):
    """One level of the notification tree (通知顺序): who is told, within how many minutes. A
    level with a role alerts the people of that role on duty; a level without one names whom
    the people of the level above call (the general manager, the district office)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="notices")
    level = models.PositiveSmallIntegerField(_("level"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    who = models.CharField(_("who"), max_length=100, blank=True)
    minutes = models.PositiveIntegerField(_("within (minutes)"), default=5)

    class Meta:
        ordering = ["level", "id"]


class ActivationStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("emergency", "In progress")
    CLOSED = "closed", pgettext_lazy("emergency", "Closed")


class Activation(models.Model):  # 预案启动
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="activations")
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emergency_activations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActivationStatus.choices, default=ActivationStatus.ACTIVE
    )
    # When the alarm came in (the ticket's received time, or as told): the clock of every figure.
    called_at = models.DateTimeField(_("alarm received at"))
    started_at = models.DateTimeField(_("activated at"))
    started_by = models.ForeignKey("accounts.Staff", verbose_name=_("activated by"), on_delete=models.PROTECT)
    note = models.TextField(_("note"), blank=True)
    # Who was alerted: [{"username", "name", "role"}], as they were at the time.
    alerted = models.JSONField(default=list, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("emergency", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.Staff", verbose_name=_("closed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The after-action report (复盘), required to close.
    cause = models.TextField(_("cause"), blank=True)
    went_well = models.TextField(_("what went well"), blank=True)
    to_improve = models.TextField(_("what to improve"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("activation")
        verbose_name_plural = _("activations")
        indexes = [models.Index(fields=["status", "-started_at"], name="activation_status_recent")]

    def __str__(self) -> str:
        return f"{self.plan.name} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == ActivationStatus.ACTIVE

    @property
    def to_activation(self) -> timedelta:
        """From the alarm to the plan being started."""
        return max(self.started_at - self.called_at, timedelta(0))


class StepQuerySet(models.QuerySet):
    def overdue_unrecorded(self, now: datetime):
        """Open steps of running activations past due whose lateness is not yet recorded."""
        return self.filter(
            done_at__isnull=True, overdue_at__isnull=True, due_at__lte=now, activation__status=ActivationStatus.ACTIVE
        )


class ActivationStep(models.Model):
    """A step of the plan as it was when activated, with its own due time (a promise)."""

    activation = models.ForeignKey(Activation, on_delete=models.CASCADE, related_name="steps")
    n = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(pgettext_lazy("emergency", "step"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.PositiveIntegerField()
    due_at = models.DateTimeField(_("due at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        "accounts.Staff", verbose_name=_("done by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    # Set once by the overdue pass (compare-and-set), so the lateness is told exactly once.
    overdue_at = models.DateTimeField(null=True, blank=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["n"]
        constraints = [models.UniqueConstraint(fields=["activation", "n"], name="activation_step_once")]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="activation_step_pending",
                condition=Q(done_at__isnull=True, overdue_at__isnull=True),
            )
        ]

    def is_overdue(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (self.done_at or now) > self.due_at

    def state(self, now: datetime | None = None) -> str:
        """done / late (done after its time) / overdue / warning (80 % of its time gone) / running."""
        now = now or timezone.now()
        if self.done_at is not None:
            return "late" if self.done_at > self.due_at else "done"
        if now > self.due_at:
            return "overdue"
        start = self.activation.started_at
        if (now - start) >= (self.due_at - start) * 0.8:
            return "warning"
        return "running"


class CorrectiveAction(models.Model):  # 整改措施
    """One corrective action of an after-action report: an owner and a date, followed up like a
    promise (the overdue pass tells the owner once the date has passed)."""

    activation = models.ForeignKey(Activation, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("corrective action"), max_length=300)
    owner = models.ForeignKey(
        "accounts.Staff", verbose_name=pgettext_lazy("emergency", "owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    due_at = models.DateTimeField()  # the end of due_on, local time
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        "accounts.Staff", verbose_name=_("done by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_note = models.TextField(_("note"), blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["due_at"], name="corrective_pending", condition=Q(done_at__isnull=True, overdue_at__isnull=True)
            )
        ]

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.done_at is None and (now or timezone.now()) > self.due_at


class Drill(models.Model):  # 应急演练
    """A drill of a plan. Drills create no tickets, so no report or KPI ever counts one."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="drills")
    held_at = models.DateTimeField(_("held at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    scenario = models.TextField(_("scenario"), blank=True)
    participants = models.ManyToManyField("accounts.Staff", verbose_name=_("participants"), related_name="+")
    findings = models.TextField(_("findings"))
    score = models.PositiveSmallIntegerField(_("score (0-100)"), null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = _("drill")
        verbose_name_plural = _("drills")

    @property
    def took(self) -> timedelta | None:
        return self.ended_at - self.held_at if self.ended_at else None
