"""Request and response shapes of the customer archive API. Phones leave masked (F3)."""

from typing import Literal

from ninja import Schema

from core.phones import mask_phone
from core.schemas import LocalDateTime, OptionalPhone, Phone, StrictIn, Text, bounded_list
from customers.models import Gender, Grade

GenderValue = Literal[tuple(Gender.values)]
GradeValue = Literal[tuple(Grade.values)]


class PremisesIn(StrictIn):
    community: Text(50, min_length=1)
    building: Text(20) = ""
    unit: Text(20) = ""
    room: Text(20) = ""


class CustomerIn(StrictIn):
    name: Text(50, min_length=1)
    gender: GenderValue = Gender.UNKNOWN.value
    grade: GradeValue = Grade.C.value
    phones: bounded_list(Phone, min_length=1, max_length=10)
    premises: bounded_list(PremisesIn, max_length=20) = []
    note: Text(2000) = ""


class CustomerQuery(StrictIn):
    phone: OptionalPhone = ""
    q: Text(50) = ""


class PremisesOut(Schema):
    id: int
    community: str
    building: str
    unit: str
    room: str
    address: str

    @staticmethod
    def resolve_community(obj) -> str:
        return obj.community.name


class CustomerOut(Schema):
    id: int
    name: str
    honorific: str
    gender: str
    grade: str
    phones: list[str]
    premises: list[PremisesOut]
    customer_type: str | None
    note: str
    created_at: LocalDateTime

    @staticmethod
    def resolve_phones(obj) -> list[str]:
        return [mask_phone(p.number) for p in obj.phones.all()]

    @staticmethod
    def resolve_premises(obj) -> list:
        return list(obj.premises.all())

    @staticmethod
    def resolve_customer_type(obj) -> str | None:
        return obj.customer_type.name if obj.customer_type_id else None


class PhonesOut(Schema):
    phones: list[str]
