"""Keeping the archive current (F1, F2): edit any field of a customer, each change recorded
with who, when and old → new, in the transaction that makes it."""

from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import INTAKE_ROLES, Role, Staff
from core.errors import Conflict, Forbidden, InvalidInput
from customers.actions import PremisesIn, _clean_phones, _clean_premises
from customers.models import (
    Community,
    Customer,
    CustomerChange,
    CustomerPhone,
    CustomerType,
    Gender,
    Grade,
    Premises,
)

EDITOR_ROLES = frozenset(INTAKE_ROLES | {Role.ADMIN})
EDITABLE = ("name", "surname", "gender", "grade", "type", "phones", "premises", "note")

# Sent inside the transaction of an edit, with the CustomerChange rows it wrote. Layers above
# (notifications: the steward hears of a grade change) connect in their AppConfig.ready().
customer_changed = Signal()


def can_edit_customers(user: Staff) -> bool:
    return user.is_authenticated and user.is_active and user.role in EDITOR_ROLES


def require_editor(user: Staff) -> None:
    if not can_edit_customers(user):
        raise Forbidden(_("Only customer-service staff and administrators change the archive."))


@dataclass
class PremisesEdit(PremisesIn):
    """An address as edited: with the id of the row it corrects, or none for a new one."""

    id: int | None = None


def premises_data(p: Premises) -> dict:
    return {"community": p.community.name, "building": p.building, "unit": p.unit, "room": p.room}


def _snapshot(customer: Customer) -> dict:
    return {
        "name": customer.name,
        "surname": customer.surname,
        "gender": customer.gender,
        "grade": customer.grade,
        "type": customer.customer_type.name if customer.customer_type_id else None,
        "phones": list(customer.phones.order_by("-is_primary", "id").values_list("number", flat=True)),
        "premises": [premises_data(p) for p in customer.premises.select_related("community").order_by("id")],
        "note": customer.note,
    }


def _validate(changes: dict) -> dict:
    """The cleaned values, or InvalidInput naming every bad field. Writes nothing."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            _("Please correct the marked fields."), fields={k[:30]: _("Unknown field.") for k in unknown}
        )
    errors, clean = {}, {}
    if "name" in changes:
        name = (changes["name"] or "").strip()
        if not name:
            errors["name"] = _("Required.")
        elif len(name) > 50:
            errors["name"] = _("At most %(max)s characters.") % {"max": 50}
        clean["name"] = name
    if "surname" in changes:
        surname = (changes["surname"] or "").strip()
        if len(surname) > 10:
            errors["surname"] = _("At most %(max)s characters.") % {"max": 10}
        clean["surname"] = surname
    if "gender" in changes:
        if changes["gender"] not in Gender.values:
            errors["gender"] = _("Unknown gender.")
        clean["gender"] = changes["gender"]
    if "grade" in changes:
        if changes["grade"] not in Grade.values:
            errors["grade"] = _("Unknown grade.")
        clean["grade"] = changes["grade"]
    if "type" in changes:
        name = (changes["type"] or "").strip()
        kind = CustomerType.objects.filter(name=name).first() if name else None
        if name and kind is None:
            errors["type"] = _("Unknown customer type.")
        clean["type"] = kind
    if "note" in changes:
        note = (changes["note"] or "").strip()
        if len(note) > 2000:
            errors["note"] = _("At most %(max)s characters.") % {"max": 2000}
        clean["note"] = note
    if "phones" in changes:
        if not changes["phones"]:
            errors["phones"] = _("At least one phone number.")
        elif len(changes["phones"]) > 10:
            errors["phones"] = _("At most %(max)s phone numbers.") % {"max": 10}
        else:
            try:
                clean["phones"] = _clean_phones(changes["phones"])
            except InvalidInput as exc:
                errors["phones"] = exc.message
    if "premises" in changes:
        if len(changes["premises"]) > 20:
            errors["premises"] = _("At most %(max)s addresses.") % {"max": 20}
        else:
            try:
                cleaned = _clean_premises(changes["premises"])
                clean["premises"] = [
                    PremisesEdit(c.community, c.building, c.unit, c.room, id=getattr(p, "id", None))
                    for c, p in zip(cleaned, changes["premises"], strict=True)
                ]
            except InvalidInput as exc:
                errors["premises"] = exc.message
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)
    return clean


@transaction.atomic
def update_customer(customer: Customer, *, actor: Staff, changes: dict) -> list[CustomerChange]:
    """Apply `changes` (any of EDITABLE); one CustomerChange row per field that really changed.
    `type` is a customer type's name (or None/"" to clear), `premises` the full list of
    addresses (an item with the id of an existing row corrects it; rows not listed are removed)."""
    require_editor(actor)
    clean = _validate(changes)
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if customer.merged_into_id:
        raise Conflict(_("This record was merged into another; edit that one."), code="merged")
    before = _snapshot(customer)
    update_fields = []
    for field in ("name", "surname", "gender", "grade", "note"):
        if field in clean and clean[field] != before[field]:
            setattr(customer, field, clean[field])
            update_fields.append(field)
    if "type" in clean and (clean["type"].name if clean["type"] else None) != before["type"]:
        customer.customer_type = clean["type"]
        update_fields.append("customer_type")
    if update_fields:
        customer.save(update_fields=update_fields)
    if "phones" in clean and clean["phones"] != before["phones"]:
        _replace_phones(customer, clean["phones"])
    if "premises" in clean:
        _replace_premises(customer, clean["premises"])

    after = _snapshot(customer)
    now = timezone.now()
    rows = [
        CustomerChange(customer=customer, field=field, old=before[field], new=after[field], actor=actor, at=now)
        for field in EDITABLE
        if before[field] != after[field]
    ]
    CustomerChange.objects.bulk_create(rows)
    if rows:
        customer_changed.send(sender=Customer, customer=customer, changes=rows, actor=actor)
    return rows


def _replace_phones(customer: Customer, numbers: list[str]) -> None:
    CustomerPhone.objects.filter(customer=customer).exclude(number__in=numbers).delete()
    kept = set(CustomerPhone.objects.filter(customer=customer).values_list("number", flat=True))
    CustomerPhone.objects.bulk_create(
        CustomerPhone(customer=customer, number=n, is_primary=False) for n in numbers if n not in kept
    )
    # The first number listed is the one to call.
    CustomerPhone.objects.filter(customer=customer).exclude(number=numbers[0]).update(is_primary=False)
    CustomerPhone.objects.filter(customer=customer, number=numbers[0]).update(is_primary=True)


def _replace_premises(customer: Customer, wanted: list[PremisesEdit]) -> None:
    existing = {p.pk: p for p in customer.premises.select_related("community")}
    unclaimed = dict(existing)
    keep: list[tuple[PremisesEdit, Premises | None]] = []
    for item in wanted:
        row = None
        if item.id is not None:
            row = unclaimed.pop(item.id, None)
            if row is None:
                raise InvalidInput(
                    _("Please correct the marked fields."), fields={"premises": _("Unknown address id.")}
                )
        else:
            # An address listed again as it was is the same row (its tickets stay linked).
            for pk, p in unclaimed.items():
                if premises_data(p) == _as_data(item):
                    row = unclaimed.pop(pk)
                    break
        keep.append((item, row))
    # Addresses no longer listed go; tickets keep the address they copied at intake.
    Premises.objects.filter(pk__in=list(unclaimed)).delete()
    for item, row in keep:
        community, _created = Community.objects.get_or_create(name=item.community)
        if row is None:
            Premises.objects.create(
                customer=customer, community=community, building=item.building, unit=item.unit, room=item.room
            )
        elif premises_data(row) != _as_data(item):
            row.community, row.building, row.unit, row.room = community, item.building, item.unit, item.room
            row.save(update_fields=["community", "building", "unit", "room"])


def _as_data(item: PremisesIn) -> dict:
    return {"community": item.community, "building": item.building, "unit": item.unit, "room": item.room}
