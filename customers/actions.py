"""Writing the customer archive (F1). Every write records who made it."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.access import can_reveal_phone, require_customer_access
from accounts.models import Staff
from core.errors import Forbidden, InvalidInput
from core.phones import is_valid_phone, normalize_phone
from customers.models import Community, Customer, CustomerPhone, CustomerType, Gender, Grade, PhoneReveal, Premises


@dataclass
class PremisesIn:
    community: str
    building: str = ""
    unit: str = ""
    room: str = ""


def _clean_phones(phones: list[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in phones:
        number = normalize_phone(raw)
        if not is_valid_phone(number):
            raise InvalidInput(
                _("%(phone)s is not a phone number.") % {"phone": raw[:30]}, fields={"phones": _("Not a phone number.")}
            )
        if number not in cleaned:
            cleaned.append(number)
    return cleaned


def _clean_premises(premises: list[PremisesIn]) -> list[PremisesIn]:
    out = []
    for p in premises:
        community = (p.community or "").strip()
        if not community:
            raise InvalidInput(_("Each address needs its community."), fields={"premises": _("Community required.")})
        parts = [(p.building or "").strip(), (p.unit or "").strip(), (p.room or "").strip()]
        if len(community) > 50 or any(len(x) > 20 for x in parts):
            raise InvalidInput(_("An address part is too long."), fields={"premises": _("Too long.")})
        out.append(PremisesIn(community, *parts))
    return out


@transaction.atomic
def create_customer(
    *,
    actor: Staff,
    name: str,
    phones: list[str],
    gender: str = Gender.UNKNOWN,
    grade: str = Grade.C,
    premises: list[PremisesIn] | None = None,
    customer_type: CustomerType | None = None,
    note: str = "",
) -> Customer:
    require_customer_access(actor)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Required.")
    elif len(name) > 50:
        errors["name"] = _("At most %(max)s characters.") % {"max": 50}
    if gender not in Gender.values:
        errors["gender"] = _("Unknown gender.")
    if grade not in Grade.values:
        errors["grade"] = _("Unknown grade.")
    if not phones:
        errors["phones"] = _("At least one phone number.")
    if len(note or "") > 2000:
        errors["note"] = _("At most %(max)s characters.") % {"max": 2000}
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)
    numbers = _clean_phones(phones)
    places = _clean_premises(premises or [])

    customer = Customer.objects.create(
        name=name, gender=gender, grade=grade, customer_type=customer_type, note=note or "", created_by=actor
    )
    CustomerPhone.objects.bulk_create(
        CustomerPhone(customer=customer, number=n, is_primary=(i == 0)) for i, n in enumerate(numbers)
    )
    for p in places:
        community, _created = Community.objects.get_or_create(name=p.community)
        Premises.objects.create(customer=customer, community=community, building=p.building, unit=p.unit, room=p.room)
    return customer


@transaction.atomic
def reveal_customer_phones(customer: Customer, *, actor: Staff) -> list[str]:
    require_customer_access(actor)
    if not can_reveal_phone(actor):
        raise Forbidden()
    PhoneReveal.objects.create(customer=customer, actor=actor)
    return list(customer.phones.values_list("number", flat=True))
