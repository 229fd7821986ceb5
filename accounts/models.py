import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import SettingsHistory


class Role(models.TextChoices):
    MANAGER = "manager", _("Customer-service manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    STEWARD = "steward", _("Area steward")
    AGENT = "agent", _("Agent")
    NIGHT_DUTY = "night_duty", _("Night duty")
    FIELD = "field", _("Field engineer")
    QA = "qa", _("Quality inspector")
    ADMIN = "admin", _("System administrator")


# Roles of the customer-service centre itself: they take requests and own them (首问负责制).
INTAKE_ROLES = frozenset({Role.MANAGER, Role.SUPERVISOR, Role.STEWARD, Role.AGENT, Role.NIGHT_DUTY})
# Roles that oversee all work and may act on anyone's ticket (transfer, close, reopen).
LEAD_ROLES = frozenset({Role.MANAGER, Role.SUPERVISOR})
# Roles that see every ticket; field staff see only their department's work.
ALL_TICKETS_ROLES = frozenset(INTAKE_ROLES | {Role.QA, Role.ADMIN})
# Roles whose work needs a customer's full number: calling back, arranging a visit (F3).
PHONE_REVEAL_ROLES = frozenset(INTAKE_ROLES | {Role.FIELD})

code_validator = RegexValidator(r"^[A-Za-z0-9_-]{1,32}$", _("Use 1-32 letters, digits, - or _."))
work_number_validator = RegexValidator(r"^[A-Za-z0-9-]{1,20}$", _("Use 1-20 letters, digits or -."))


class Department(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=50)
    head = models.ForeignKey(
        "accounts.Staff", verbose_name=_("head"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = SettingsHistory()

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


def display_name(username: str, name: str) -> str:
    """How staff are named on screens: the name, else the username (Staff.display_name, and
    lists that read staff as values)."""
    return name or username


class StaffManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `createsuperuser --noinput` must work as in any Django project: give the account the
        # admin role and a work number derived from the username, which is unique too.
        extra_fields.setdefault("role", Role.ADMIN)
        extra_fields.setdefault("work_number", f"ADM-{username}"[:20])
        extra_fields.setdefault("name", username)
        return super().create_superuser(username, email, password, **extra_fields)


class Staff(AbstractUser):
    """A personal login (G2): one person, one work number, one role."""

    name = models.CharField(_("name"), max_length=50)
    work_number = models.CharField(_("work number"), max_length=20, unique=True, validators=[work_number_validator])
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    superior = models.ForeignKey(
        "self", verbose_name=_("superior"), null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = StaffManager()
    # Not the password (a hash has no place in an audit trail) nor the last login (a row per login).
    history = SettingsHistory(excluded_fields=["password", "last_login"])
    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["work_number"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return f"{self.name or self.username} ({self.work_number})"

    @property
    def display_name(self) -> str:
        return display_name(self.username, self.name)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def is_lead(self) -> bool:
        return self.role in LEAD_ROLES

    @property
    def takes_requests(self) -> bool:
        return self.role in INTAKE_ROLES


class ApiToken(models.Model):
    """Bearer tokens for the API. Only a hash is stored: a leaked database leaks no working token."""

    user = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: Staff) -> str:
        key = secrets.token_urlsafe(32)
        cls.objects.create(user=user, key_hash=cls.hash(key))
        return key
