"""Keeping the staff list current (G1-G3): people change role, department, superior and phone,
and leave. A leaver is deactivated, never deleted: their tickets, timeline rows and appraisal
stay theirs. Deactivation ends their API tokens and browser sessions at once."""

from collections.abc import Callable

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.actions import _require_people_admin
from accounts.models import ApiToken, Department, Role, Staff
from core.errors import Forbidden, InvalidInput
from core.phones import is_valid_phone, normalize_phone

EDITABLE = ("name", "role", "department", "superior", "phone", "is_active")

# Filled by the apps that hold work (tickets: open tickets owned or held), in their
# AppConfig.ready(): each takes a person and answers [{"kind", "ref", "summary"}] for reassignment.
OPEN_WORK: list[Callable[[Staff], list[dict]]] = []


def open_work_of(staff: Staff) -> list[dict]:
    """What must be handed to someone else when `staff` leaves: their open work, and the people
    who report to them (each needs a new superior)."""
    reports = [
        {"kind": "report", "ref": p.username, "summary": f"{p.display_name} ({p.work_number})"}
        for p in Staff.objects.filter(superior=staff, is_active=True)
    ]
    return [item for provider in OPEN_WORK for item in provider(staff)] + reports


def find_superior(username: str | None, *, errors: dict) -> Staff | None:
    if not username:
        return None
    superior = Staff.objects.filter(username=username).first()
    if superior is None:
        errors["superior"] = _("Unknown staff member.")
    elif not superior.is_active:
        errors["superior"] = _("This person has left.")
    return superior


def _creates_a_cycle(staff: Staff, superior: Staff) -> bool:
    """True when `staff` is already above `superior` on the reporting line (or is them)."""
    seen, person = set(), superior
    while person is not None and person.pk not in seen:
        if person.pk == staff.pk:
            return True
        seen.add(person.pk)
        person = person.superior
    return False


def end_sessions(staff: Staff) -> int:
    """Delete the person's browser sessions and API tokens; the number of sessions ended."""
    ApiToken.objects.filter(user=staff).delete()
    ended = []
    # Sessions are keyed by a random id, not by user: read the live ones and pick theirs.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        if str(session.get_decoded().get("_auth_user_id")) == str(staff.pk):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def update_staff(staff: Staff, *, actor: Staff, changes: dict) -> Staff:
    """Apply `changes` (any of EDITABLE): `department` is a department code or None,
    `superior` a username or None."""
    _require_people_admin(actor)
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            _("Please correct the marked fields."), fields={k[:30]: _("Unknown field.") for k in unknown}
        )
    # Nobody but an administrator touches an administrator, or makes one.
    if actor.role != Role.ADMIN and (staff.role == Role.ADMIN or changes.get("role") == Role.ADMIN):
        raise Forbidden(_("Only an administrator may change an administrator."))
    errors: dict = {}
    values: dict = {}
    if "name" in changes:
        name = (changes["name"] or "").strip()
        if not name:
            errors["name"] = _("Required.")
        elif len(name) > 50:
            errors["name"] = _("At most %(max)s characters.") % {"max": 50}
        values["name"] = name
    if "role" in changes:
        if changes["role"] not in Role.values:
            errors["role"] = _("Unknown role.")
        values["role"] = changes["role"]
    if "department" in changes:
        code = changes["department"]
        unit = Department.objects.filter(code=code).first() if code else None
        if code and unit is None:
            errors["department"] = _("Unknown department.")
        elif unit is not None and not unit.is_active and unit.pk != staff.department_id:
            errors["department"] = _("Inactive.")
        values["department"] = unit
    if "superior" in changes:
        superior = find_superior(changes["superior"], errors=errors)
        if superior is not None and "superior" not in errors and _creates_a_cycle(staff, superior):
            errors["superior"] = _("This would make a reporting loop.")
        values["superior"] = superior
    if "phone" in changes:
        phone = normalize_phone(changes["phone"] or "")
        if phone and not is_valid_phone(phone):
            errors["phone"] = _("Not a phone number.")
        values["phone"] = phone
    if "is_active" in changes:
        if not isinstance(changes["is_active"], bool):
            errors["is_active"] = _("true or false.")
        elif changes["is_active"] is False and staff.pk == actor.pk:
            errors["is_active"] = _("You cannot deactivate yourself.")
        values["is_active"] = changes["is_active"]
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)

    changed = [field for field, value in values.items() if getattr(staff, field) != value]
    for field in changed:
        setattr(staff, field, values[field])
    if changed:
        staff.save(update_fields=changed)
    if "is_active" in changed and not staff.is_active:
        end_sessions(staff)
    return staff
