"""The manager keeps the request sub-types (A2): add, rename, reorder, deactivate, reactivate.
Never deleted: tickets and commitments keep pointing at a deactivated one, and it can come back.
Each change is one save, kept in the settings history with who made it (core.history)."""

import re

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import InvalidInput
from core.history import attribute
from core.text import clean_text
from deadlines.access import require_edit_commitments
from tickets.models import RequestSubtype
from tickets.vocabulary import Category

CODE_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


def _name(name: str) -> str:
    name = clean_text(name, "name", required=False, max_length=30)
    if not name:
        raise InvalidInput(_("Please give the sub-type a name."), fields={"name": _("Required.")})
    return name


def _name_taken(category: str, name: str, exclude: int | None = None) -> bool:
    return RequestSubtype.objects.filter(category=category, name=name).exclude(pk=exclude).exists()


def _free_code(category: str) -> str:
    """A code for a sub-type the manager named only in Chinese: repair-6, repair-7 …"""
    n = RequestSubtype.objects.filter(category=category).count() + 1
    while RequestSubtype.objects.filter(code=f"{category}-{n}").exists():
        n += 1
    return f"{category}-{n}"


@transaction.atomic
def add_subtype(*, actor: Staff, category: str, name: str, code: str = "") -> RequestSubtype:
    require_edit_commitments(actor)
    if category not in Category.values:
        raise InvalidInput(_("Unknown category."), fields={"category": _("Unknown category.")})
    name = _name(name)
    code = (code or "").strip()
    if code and not CODE_RE.match(code):
        raise InvalidInput(
            _("The code takes lower-case letters, digits, _ and -, starting with a letter (at most 40)."),
            fields={"code": _("Not a valid code.")},
        )
    if code and RequestSubtype.objects.filter(code=code).exists():
        raise InvalidInput(_("This code is taken by another sub-type."), fields={"code": _("Taken.")})
    if _name_taken(category, name):
        raise InvalidInput(_("This category already has a sub-type of that name."), fields={"name": _("Taken.")})
    last = RequestSubtype.objects.filter(category=category).aggregate(last=Max("position"))["last"] or 0
    subtype = RequestSubtype(category=category, code=code or _free_code(category), name=name, position=last + 1)
    try:
        with transaction.atomic():
            attribute(subtype, actor).save()
    except IntegrityError:  # a simultaneous add of the same name or code
        raise InvalidInput(_("This sub-type exists already."), fields={"name": _("Taken.")}) from None
    return subtype


@transaction.atomic
def rename_subtype(subtype: RequestSubtype, *, actor: Staff, name: str) -> RequestSubtype:
    """A new name for what the sub-type always was; tickets recorded under it show the new one."""
    require_edit_commitments(actor)
    subtype = RequestSubtype.objects.select_for_update().get(pk=subtype.pk)
    name = _name(name)
    if name == subtype.name:
        return subtype
    if _name_taken(subtype.category, name, exclude=subtype.pk):
        raise InvalidInput(_("This category already has a sub-type of that name."), fields={"name": _("Taken.")})
    subtype.name = name
    attribute(subtype, actor).save(update_fields=["name"])
    return subtype


@transaction.atomic
def set_subtype_active(subtype: RequestSubtype, *, actor: Staff, active: bool) -> RequestSubtype:
    """Deactivated: no longer offered at intake nor accepted by the API; its commitments stay as
    written and apply again if it is reactivated."""
    require_edit_commitments(actor)
    subtype = RequestSubtype.objects.select_for_update().get(pk=subtype.pk)
    if subtype.is_active != active:
        subtype.is_active = active
        attribute(subtype, actor).save(update_fields=["is_active"])
    return subtype


@transaction.atomic
def move_subtype(subtype: RequestSubtype, *, actor: Staff, up: bool) -> RequestSubtype:
    """One place up or down in its category's list (the order intake offers them in)."""
    require_edit_commitments(actor)
    siblings = list(RequestSubtype.objects.select_for_update().filter(category=subtype.category))
    i = next(i for i, s in enumerate(siblings) if s.pk == subtype.pk)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(siblings):
        return siblings[i]
    siblings[i], siblings[j] = siblings[j], siblings[i]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            attribute(sibling, actor).save(update_fields=["position"])
    return siblings[j]
