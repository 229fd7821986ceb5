"""Who may inspect, see and decide whose appraisal (G3): the reporting line decides. A superior
is anyone above a person along Staff.superior; nobody inspects a peer or their own superior."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role, Staff
from core.errors import Forbidden, NotFound

# How far up a line we look: deeper than any real company, and a guard against a cycle.
MAX_LEVELS = 12
QA_ROLES = frozenset({Role.QA, Role.MANAGER, Role.SUPERVISOR})


def line_above(person: Staff) -> list[int]:
    """The ids of `person`'s superiors, nearest first."""
    ids: list[int] = []
    current = person.superior_id
    while current is not None and current not in ids and current != person.pk and len(ids) < MAX_LEVELS:
        ids.append(current)
        current = Staff.objects.filter(pk=current).values_list("superior_id", flat=True).first()
    return ids


def is_superior_of(user: Staff, person: Staff) -> bool:
    return user.is_authenticated and user.pk != person.pk and user.pk in line_above(person)


def require_superior(user: Staff, person: Staff) -> None:
    if not is_superior_of(user, person):
        raise Forbidden(_no_line_message(), code="not_superior")


def _no_line_message():
    return _("Only a superior of this person along the reporting line may do this.")


def is_manager(user: Staff) -> bool:
    return user.is_authenticated and user.role == Role.MANAGER


def require_manager(user: Staff) -> None:
    if not is_manager(user):
        raise Forbidden(code="manager_only")


def can_see_appraisal(user: Staff, person: Staff) -> bool:
    """The person, anyone above them, the manager, and the administrator (payroll export)."""
    if not user.is_authenticated:
        return False
    return user.pk == person.pk or user.role in (Role.MANAGER, Role.ADMIN) or is_superior_of(user, person)


def get_person_for(user: Staff, username: str) -> Staff:
    person = Staff.objects.filter(username=username).first()
    if person is None:
        raise NotFound()
    if not can_see_appraisal(user, person):
        raise Forbidden()
    return person


def require_qa(user: Staff) -> None:
    if not (user.is_authenticated and user.role in QA_ROLES):
        raise Forbidden(code="qa_only")
