"""Front-desk registers API (API.md: POST registers/{kind}, POST registers/{kind}/{id}/close,
GET registers), plus the entry's history, the mail notice, the move-in steps and key
authorisations (docs/api.md)."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from pydantic import Field

from core.errors import InvalidInput, NotFound
from core.schemas import IsoDateTime, LocalDateTime, StrictIn, Text, reject_unknown_params
from customers.models import Customer, Premises
from registers import actions
from registers.access import require_read
from registers.models import Entry, Kind, Status
from registers.selectors import describe, entries, history

router = Router(tags=["registers"])

# A loan or a claim further out than this is a typing mistake.
MAX_AHEAD_DAYS = 366


class EntryIn(StrictIn):
    customer: int | None = None
    premises: int | None = None
    description: Text(2000) = ""
    borrower: Text(50) = ""
    id_checked: bool = False
    due_back_at: IsoDateTime | None = None
    named_person: Text(50) = ""
    card_number: Text(30) = ""
    card_action: Text(10) = ""
    fee: Decimal | None = None
    mail_type: Text(12) = ""
    tracking_number: Text(40) = ""
    place: Text(100) = ""


class CloseIn(StrictIn):
    by: Text(50) = ""
    note: Text(500) = ""


class StepIn(StrictIn):
    step: Text(20)


class AuthorisationIn(StrictIn):
    customer: int
    premises: int | None = None
    reference: Text(40) = ""
    authorised: Text(200) = ""
    valid_until: date | None = None


class AuthorisationOut(Schema):
    id: int
    customer: int = Field(alias="customer_id")
    premises: int | None = Field(None, alias="premises_id")
    reference: str
    authorised: str
    valid_until: date | None


class EventOut(Schema):
    kind: str
    actor: str | None
    at: LocalDateTime
    text: str


class EntryOut(Schema):
    id: int
    kind: str
    status: str
    customer: int | None = Field(None, alias="customer_id")
    customer_name: str = ""
    premises: int | None = Field(None, alias="premises_id")
    description: str
    keeper: str
    recorded_by: str
    opened_at: LocalDateTime
    closed_at: LocalDateTime | None
    collected_by: str
    close_note: str
    borrower: str
    id_checked: bool
    due_back_at: LocalDateTime | None
    overdue: bool
    claim_code: str
    named_person: str
    card_number: str
    card_action: str
    fee: str | None
    mail_type: str
    tracking_number: str
    customer_told_at: LocalDateTime | None
    place: str
    checklist: dict

    @staticmethod
    def resolve_customer_name(obj) -> str:
        return obj.customer.name if obj.customer_id else ""

    @staticmethod
    def resolve_keeper(obj) -> str:
        return obj.keeper.username

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return obj.recorded_by.username

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_fee(obj) -> str | None:
        return None if obj.fee is None else str(obj.fee)


class EntryDetailOut(EntryOut):
    history: list[EventOut]


class EntryPage(Schema):
    items: list[EntryOut]
    count: int


class RegisterQuery(StrictIn):
    kind: Text(20) | None = None
    status: Text(10) | None = None
    customer: int | None = None
    page: int = Field(1, ge=1, le=100_000)


PAGE_SIZE = 50


def _customer(customer_id: int | None, premises_id: int | None) -> tuple[Customer | None, Premises | None]:
    customer = premises = None
    if customer_id is not None:
        customer = Customer.objects.filter(pk=customer_id).first()
        if customer is None:
            raise InvalidInput(_("There is no customer with this id."), fields={"customer": _("Unknown customer.")})
    if premises_id is not None:
        premises = Premises.objects.select_related("community", "customer").filter(pk=premises_id).first()
        if premises is None or (customer is not None and premises.customer_id != customer.pk):
            raise InvalidInput(
                _("These premises are not the customer's."), fields={"premises": _("Not this customer's.")}
            )
    return customer, premises


def _entry(kind: str, entry_id: int) -> Entry:
    actions.kind_of(kind)
    entry = entries(kind=kind).select_related("recorded_by").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("There is no such entry in this register."))
    return entry


def _detail(entry: Entry) -> dict:
    entry.history = [
        {"kind": e.kind, "actor": e.actor.username if e.actor_id else None, "at": e.at, "text": describe(e)}
        for e in history(entry)
    ]
    return entry


@router.post("/key-authorisations", response={201: AuthorisationOut}, summary="Put a key authorisation on file")
def authorisation_create(request: HttpRequest, payload: AuthorisationIn):
    require_read(request.auth)
    customer, premises = _customer(payload.customer, payload.premises)
    return 201, actions.add_authorisation(
        customer,
        actor=request.auth,
        premises=premises,
        reference=payload.reference,
        authorised=payload.authorised,
        valid_until=payload.valid_until,
    )


@router.post("/{kind}", response={201: EntryDetailOut}, summary="Record a register entry")
def entry_create(request: HttpRequest, kind: str, payload: EntryIn):
    require_read(request.auth)
    actions.kind_of(kind)
    if payload.due_back_at is not None and (payload.due_back_at - timezone.now()).days > MAX_AHEAD_DAYS:
        raise InvalidInput(_("That is too far ahead."), fields={"due_back_at": _("Too far ahead.")})
    customer, premises = _customer(payload.customer, payload.premises)
    data = actions.EntryData(
        customer=customer,
        premises=premises,
        **payload.model_dump(exclude={"customer", "premises"}),
    )
    entry = actions.open_entry(kind, data, actor=request.auth)
    return 201, _detail(_entry(kind, entry.pk))


@router.post("/{kind}/{entry_id}/close", response=EntryDetailOut, summary="Close a register entry")
def entry_close(request: HttpRequest, kind: str, entry_id: int, payload: CloseIn):
    require_read(request.auth)
    entry = actions.close_entry(_entry(kind, entry_id), actor=request.auth, by=payload.by, note=payload.note)
    return _detail(_entry(kind, entry.pk))


@router.post("/mail/{entry_id}/told", response=EntryDetailOut, summary="The customer was told of their mail")
def mail_told(request: HttpRequest, entry_id: int):
    require_read(request.auth)
    actions.tell_customer(_entry(Kind.MAIL, entry_id), actor=request.auth)
    return _detail(_entry(Kind.MAIL, entry_id))


@router.post("/move_in/{entry_id}/steps", response=EntryDetailOut, summary="One move-in step done")
def move_in_step(request: HttpRequest, entry_id: int, payload: StepIn):
    require_read(request.auth)
    actions.check_step(_entry(Kind.MOVE_IN, entry_id), payload.step, actor=request.auth)
    return _detail(_entry(Kind.MOVE_IN, entry_id))


@router.get("/{kind}/{entry_id}", response=EntryDetailOut, summary="One entry with its history")
def entry_detail(request: HttpRequest, kind: str, entry_id: int):
    require_read(request.auth)
    return _detail(_entry(kind, entry_id))


@router.get("", response=EntryPage, summary="Register entries")
def entry_list(request: HttpRequest, filters: Query[RegisterQuery]):
    reject_unknown_params(request, RegisterQuery)
    require_read(request.auth)
    if filters.kind:
        actions.kind_of(filters.kind)
    if filters.status and filters.status not in Status.values:
        raise InvalidInput(_("Unknown status."), fields={"status": _("Not an allowed value.")})
    found = entries(kind=filters.kind, status=filters.status, customer_id=filters.customer).select_related(
        "recorded_by"
    )
    start = (filters.page - 1) * PAGE_SIZE
    return {"items": list(found[start : start + PAGE_SIZE]), "count": found.count()}
