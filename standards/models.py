"""Service language (J1, J2): the standard phrases and call scripts staff use, the forbidden
phrases (禁忌用语) that must not reach a customer, and the record of each time someone sent one
anyway with a reason (the appraisal deducts for those)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Situation(models.TextChoices):
    GREETING = "greeting", _("Greeting")
    IDENTITY = "identity", _("Identity check")
    ASKING = "asking", _("Asking what is needed")
    WAITING = "waiting", _("Waiting")
    THANKS = "thanks", _("Thanks")
    APOLOGY = "apology", _("Apology")
    REFUSAL = "refusal", _("Refusal with an alternative")
    HANDOFF = "handoff", _("Passing on")
    CLOSING = "closing", _("Closing")
    CALLBACK = "callback", _("Callback")
    COMPLAINT = "complaint", _("Complaint")


# The situations whose phrases are call scripts, shown on the intake screen in this order.
SCRIPT_SITUATIONS = (Situation.GREETING, Situation.IDENTITY, Situation.CLOSING)


class Phrase(models.Model):
    """A standard phrase (服务用语). Its text may name variables, filled in when it is used:
    {company} {hotline} {work_number} {agent} {honorific} {ticket}."""

    code = models.SlugField(_("short code"), max_length=30, unique=True)
    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices)
    text = models.CharField(_("text"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["situation", "position", "code"]
        verbose_name = _("standard phrase")
        verbose_name_plural = _("standard phrases")

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


class ForbiddenPhrase(models.Model):
    """A forbidden phrase (禁忌用语) with what to say instead. `allowed` lists longer phrases that
    contain it and are fine (不知道您是否方便 for 不知道), one a line."""

    phrase = models.CharField(_("phrase"), max_length=100)
    # The phrase as it is matched (full/half width, traditional characters and punctuation
    # folded): two spellings of one phrase are one entry.
    key = models.CharField(max_length=100, unique=True)
    advice = models.CharField(_("advice"), max_length=200)
    allowed = models.TextField(_("allowed contexts"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("forbidden phrase")
        verbose_name_plural = _("forbidden phrases")

    def __str__(self) -> str:
        return self.phrase

    @property
    def allowed_list(self) -> list[str]:
        return [line.strip() for line in self.allowed.splitlines() if line.strip()]


class PhraseOverride(models.Model):
    """Customer-visible text sent although it contained forbidden phrases, and why. Appraisal reads
    these rows (staff, at, phrases): keep the fields stable."""

    staff = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="phrase_overrides")
    at = models.DateTimeField(_("at"), default=timezone.now)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.CASCADE, related_name="phrase_overrides"
    )
    field = models.CharField(_("field"), max_length=30)
    text = models.TextField(_("text"))
    phrases = models.JSONField(_("phrases"), default=list)
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("forbidden-phrase override")
        verbose_name_plural = _("forbidden-phrase overrides")
        indexes = [models.Index(fields=["staff", "at"], name="phrase_override_staff_at")]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.at:%Y-%m-%d %H:%M} {','.join(self.phrases)}"
