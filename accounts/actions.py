"""Writing accounts: departments, personal logins (G2) and API tokens.

Only administrators and the customer-service manager create departments and staff; only an
administrator creates another administrator, so a manager cannot raise anyone above themselves.
"""

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Department, Role, Staff, code_validator, work_number_validator
from core.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated
from core.history import attribute

PEOPLE_ADMIN_ROLES = frozenset({Role.ADMIN, Role.MANAGER})


def _require_people_admin(actor: Staff) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.role in PEOPLE_ADMIN_ROLES):
        raise Forbidden(_("Only administrators and the customer-service manager manage staff and departments."))


require_people_admin = _require_people_admin


def _valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def obtain_token(request: HttpRequest | None, *, username: str, password: str) -> str:
    """A new bearer token for a personal login. Wrong password, unknown or inactive: the same 401."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise NotAuthenticated(_("Wrong username or password."), code="invalid_credentials")
    return ApiToken.issue(user)


def revoke_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).delete()


@transaction.atomic
def create_department(*, actor: Staff, code: str, name: str) -> Department:
    _require_people_admin(actor)
    code, name = (code or "").strip(), (name or "").strip()
    errors = {}
    if not _valid(code_validator, code):
        errors["code"] = _("Use 1-32 letters, digits, - or _.")
    if not name:
        errors["name"] = _("Required.")
    elif len(name) > 50:
        errors["name"] = _("At most %(max)s characters.") % {"max": 50}
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)
    if Department.objects.filter(code=code).exists():
        raise Conflict(_("A department with this code already exists."), code="duplicate", fields={"code": _("Taken.")})
    try:
        with transaction.atomic():
            department = attribute(Department(code=code, name=name), actor)
            department.save()
            return department
    except IntegrityError:  # a concurrent request took the code between our check and insert
        raise Conflict(
            _("A department with this code already exists."), code="duplicate", fields={"code": _("Taken.")}
        ) from None


@transaction.atomic
def create_staff(
    *,
    actor: Staff,
    username: str,
    password: str,
    name: str,
    work_number: str,
    role: str,
    department: str | None = None,
    phone: str = "",
    superior: str | None = None,
) -> Staff:
    """`department` is the department's code; None for staff outside any department.
    `superior` is the username of the person they report to (G3)."""
    _require_people_admin(actor)
    if role == Role.ADMIN and actor.role != Role.ADMIN:
        raise Forbidden(_("Only an administrator may create an administrator."))
    username, name, work_number = (username or "").strip(), (name or "").strip(), (work_number or "").strip()
    errors = {}
    if not username or len(username) > 150 or not _valid(UnicodeUsernameValidator(), username):
        errors["username"] = _("Use at most 150 letters, digits and @/./+/-/_.")
    if not name:
        errors["name"] = _("Required.")
    elif len(name) > 50:
        errors["name"] = _("At most %(max)s characters.") % {"max": 50}
    if not _valid(work_number_validator, work_number):
        errors["work_number"] = _("Use 1-20 letters, digits or -.")
    if role not in Role.values:
        errors["role"] = _("Unknown role.")
    unit = None
    if department:
        unit = Department.objects.filter(code=department).first()
        if unit is None:
            errors["department"] = _("Unknown department.")
        elif not unit.is_active:
            errors["department"] = _("Inactive.")
    boss = None
    if superior:
        boss = Staff.objects.filter(username=superior).first()
        if boss is None:
            errors["superior"] = _("Unknown staff member.")
        elif not boss.is_active:
            errors["superior"] = _("This person has left.")
    staff = Staff(
        username=username, name=name, work_number=work_number, role=role, department=unit, phone=phone, superior=boss
    )
    try:
        validate_password(password or "", user=staff)
    except ValidationError as e:
        errors["password"] = " ".join(e.messages)
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)

    taken = {}
    if Staff.objects.filter(username=username).exists():
        taken["username"] = _("Taken.")
    if Staff.objects.filter(work_number=work_number).exists():
        taken["work_number"] = _("Taken.")
    if taken:
        raise Conflict(_("This username or work number is already in use."), code="duplicate", fields=taken)
    staff.set_password(password)
    try:
        with transaction.atomic():
            attribute(staff, actor).save()
    except IntegrityError:  # a concurrent request registered the same name or number
        raise Conflict(_("This username or work number is already in use."), code="duplicate") from None
    return staff
