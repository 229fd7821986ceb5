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


class PremisesPatchIn(PremisesIn):
    id: int | None = None  # the address this item corrects; none for a new one


class CustomerPatchIn(StrictIn):
    """Only the fields sent change. `type` is a customer type's name (null clears it);
    `phones` and `premises` are the full new lists."""

    name: Text(50, min_length=1) = None
    surname: Text(10) = None
    gender: GenderValue = None
    grade: GradeValue = None
    type: Text(30) | None = None
    phones: bounded_list(Phone, min_length=1, max_length=10) = None
    premises: bounded_list(PremisesPatchIn, max_length=20) = None
    note: Text(2000) = None


class CustomerQuery(StrictIn):
    phone: OptionalPhone = ""
    q: Text(50) = ""
    address: Text(100) = ""


class MergeIn(StrictIn):
    other: int  # the record merged into this one


class ChangeOut(Schema):
    id: int
    kind: str
    field: str
    old: object | None
    new: object | None
    actor: str | None
    at: LocalDateTime
    merge: int | None

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.username if obj.actor_id else None

    @staticmethod
    def resolve_merge(obj) -> int | None:
        return obj.merge_id

    @staticmethod
    def resolve_old(obj):
        return _masked_value(obj.field, obj.old)

    @staticmethod
    def resolve_new(obj):
        return _masked_value(obj.field, obj.new)


def _masked_value(field: str, value):
    # History shows phones masked like the card does (F3); the full numbers stay behind reveal.
    if field == "phones" and isinstance(value, list):
        return [mask_phone(v) for v in value]
    return value


class MergeOut(Schema):
    id: int
    survivor: int
    absorbed: int
    moved: dict
    actor: str
    at: LocalDateTime
    undone_at: LocalDateTime | None

    @staticmethod
    def resolve_survivor(obj) -> int:
        return obj.survivor_id

    @staticmethod
    def resolve_absorbed(obj) -> int:
        return obj.absorbed_id

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor.username


class RefusedRowOut(Schema):
    row: int
    errors: dict[str, str]


class ImportOut(Schema):
    dry_run: bool
    rows: int
    accepted: int
    refused: list[RefusedRowOut]
    created: int


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
    type: str | None
    service_tip: str
    note: str
    created_at: LocalDateTime
    merged_into: int | None

    @staticmethod
    def resolve_phones(obj) -> list[str]:
        return [mask_phone(p.number) for p in obj.phones.all()]

    @staticmethod
    def resolve_premises(obj) -> list:
        return list(obj.premises.all())

    @staticmethod
    def resolve_customer_type(obj) -> str | None:
        return obj.customer_type.name if obj.customer_type_id else None

    @staticmethod
    def resolve_type(obj) -> str | None:
        return obj.customer_type.name if obj.customer_type_id else None

    @staticmethod
    def resolve_service_tip(obj) -> str:
        return obj.customer_type.service_tip if obj.customer_type_id else ""

    @staticmethod
    def resolve_merged_into(obj) -> int | None:
        return obj.merged_into_id


class PhonesOut(Schema):
    phones: list[str]
