"""Every change to a register entry: one function each, one transaction, one history row."""

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import Conflict, InvalidInput
from core.text import clean_text
from customers.models import Customer, Premises
from registers.access import require_work
from registers.models import MOVE_IN_STEPS, CardAction, Entry, EntryEvent, KeyAuthorisation, Kind, MailType, Status

# The largest fee the desk takes for a card (a sanity bound on typing, not a price list).
MAX_FEE = Decimal("10000")


class UnknownKind(InvalidInput):
    code = "unknown_kind"
    default_message = _("There is no such register.")


class EntryClosed(Conflict):
    code = "entry_closed"
    default_message = _("This entry is already closed.")


def kind_of(value: str) -> str:
    if value not in Kind.values:
        raise UnknownKind()
    return value


@dataclass
class EntryData:
    """What the desk types for a new entry; each kind reads the fields it needs."""

    customer: Customer | None = None
    premises: Premises | None = None
    description: str = ""
    borrower: str = ""
    id_checked: bool = False
    due_back_at: datetime | None = None
    named_person: str = ""
    card_number: str = ""
    card_action: str = ""
    fee: Decimal | str | None = None
    mail_type: str = ""
    tracking_number: str = ""
    place: str = ""
    extra: dict = field(default_factory=dict)


def record(entry: Entry, kind: str, *, actor: Staff | None, at: datetime, **data) -> EntryEvent:
    return EntryEvent.objects.create(entry=entry, kind=kind, actor=actor, at=at, data=data)


def _fee(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        fee = Decimal(str(value))
    except InvalidOperation:
        fee = None
    if fee is None or not fee.is_finite() or fee < 0 or fee > MAX_FEE or fee != fee.quantize(Decimal("0.01")):
        raise InvalidInput(_("The fee must be an amount in yuan, e.g. 20.00."), fields={"fee": _("Not an amount.")})
    return fee.quantize(Decimal("0.01"))


def _required(value: str, name: str, message) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(message, fields={name: _("Required.")})
    return text


def _key_authorisation(data: EntryData, now: datetime) -> KeyAuthorisation:
    if data.customer is None:
        raise InvalidInput(_("A key loan needs the customer whose key it is."), fields={"customer": _("Required.")})
    found = KeyAuthorisation.objects.filter(customer=data.customer, revoked_at__isnull=True)
    if data.premises is not None:
        # An authorisation for all the customer's premises, or for these ones.
        found = found.filter(Q(premises__isnull=True) | Q(premises=data.premises))
    for authorisation in found.order_by("-recorded_at"):
        if authorisation.in_force(timezone.localdate(now)):
            return authorisation
    raise InvalidInput(
        _("The desk holds no written key authorisation (钥匙委托书) from this customer."),
        code="no_authorisation",
        fields={"customer": _("No authorisation on file.")},
    )


@transaction.atomic
def open_entry(kind: str, data: EntryData, *, actor: Staff, now: datetime | None = None) -> Entry:
    """Record a new entry of a register. Validates everything before writing anything."""
    require_work(actor)
    kind = kind_of(kind)
    now = now or timezone.now()
    if data.premises is not None and data.customer is not None and data.premises.customer_id != data.customer.pk:
        raise InvalidInput(_("These premises are not the customer's."), fields={"premises": _("Not this customer's.")})
    entry = Entry(kind=kind, keeper=actor, recorded_by=actor, opened_at=now, customer=data.customer)
    entry.premises = data.premises
    entry.description = clean_text(data.description, "description", required=kind != Kind.MOVE_IN)
    if kind == Kind.KEY:
        entry.authorisation = _key_authorisation(data, now)
        entry.borrower = clean_text(data.borrower, "borrower", max_length=50)
        if not data.id_checked:
            raise InvalidInput(
                _("Check the borrower's ID before lending a key."), fields={"id_checked": _("Required.")}
            )
        entry.id_checked = True
        if data.due_back_at is None or data.due_back_at <= now:
            raise InvalidInput(
                _("Say when the key is due back (a time after now)."), fields={"due_back_at": _("Required.")}
            )
        entry.due_back_at = data.due_back_at
    elif kind == Kind.STORAGE:
        if data.customer is None:
            raise InvalidInput(
                _("Storage is for a customer: choose the customer."), fields={"customer": _("Required.")}
            )
        entry.named_person = clean_text(data.named_person, "named_person", required=False, max_length=50)
        entry.claim_code = f"{secrets.randbelow(10**6):06d}"
    elif kind == Kind.CARD:
        if data.customer is None:
            raise InvalidInput(
                _("A card belongs to a customer: choose the customer."), fields={"customer": _("Required.")}
            )
        entry.card_number = clean_text(data.card_number, "card_number", max_length=30)
        if data.card_action not in CardAction.values:
            raise InvalidInput(
                _("Say whether the card is issued, returned or lost."),
                fields={"card_action": _("Not an allowed value.")},
            )
        entry.card_action = data.card_action
        entry.fee = _fee(data.fee)
    elif kind == Kind.MAIL:
        if data.customer is None:
            raise InvalidInput(_("Mail is for a customer: choose the customer."), fields={"customer": _("Required.")})
        if data.mail_type not in MailType.values:
            raise InvalidInput(_("Say what kind of mail it is."), fields={"mail_type": _("Not an allowed value.")})
        entry.mail_type = data.mail_type
        entry.tracking_number = clean_text(data.tracking_number, "tracking_number", required=False, max_length=40)
    elif kind == Kind.LOST_FOUND:
        entry.place = clean_text(data.place, "place", max_length=100)
    elif kind == Kind.MOVE_IN:
        if data.premises is None:
            raise InvalidInput(_("A move-in is for premises: choose them."), fields={"premises": _("Required.")})
        if data.customer is None:
            entry.customer = data.premises.customer
        if Entry.objects.filter(kind=Kind.MOVE_IN, premises=data.premises, status=Status.OPEN).exists():
            raise Conflict(_("A move-in for these premises is already open."), code="move_in_open")
    entry.save()
    record(entry, "opened", actor=actor, at=now)
    return entry


def _locked(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().get(pk=entry.pk)


@transaction.atomic
def close_entry(entry: Entry, *, actor: Staff, by: str = "", note: str = "", now: datetime | None = None) -> Entry:
    """The item went back or out, the task is done: who collected or returned it (the customer
    when `by` is empty)."""
    require_work(actor)
    now = now or timezone.now()
    entry = _locked(entry)
    if not entry.is_open:
        raise EntryClosed()
    by = clean_text(by, "by", required=False, max_length=50)
    note = clean_text(note, "note", required=False, max_length=500)
    customer_name = entry.customer.name if entry.customer_id else ""
    if entry.kind == Kind.STORAGE and by and by not in (customer_name, entry.named_person):
        # 寄存: only the depositor or the person they named may collect.
        raise InvalidInput(
            _("Only the customer or the person named at deposit may collect this item."),
            code="not_named",
            fields={"by": _("Not the customer or the named person.")},
        )
    if entry.kind in (Kind.LOST_FOUND,) and not by:
        raise InvalidInput(_("Say who claimed the item."), fields={"by": _("Required.")})
    if entry.kind == Kind.MOVE_IN:
        missing = [code for code in MOVE_IN_STEPS if code not in entry.checklist]
        if missing:
            raise Conflict(
                _("The move-in still has steps to do: %(steps)s.")
                % {"steps": "、".join(str(MOVE_IN_STEPS[code]) for code in missing)},
                code="steps_missing",
            )
    entry.status = Status.CLOSED
    entry.closed_at = now
    entry.closed_by = actor
    entry.collected_by = by or customer_name
    entry.close_note = note
    entry.save(update_fields=["status", "closed_at", "closed_by", "collected_by", "close_note"])
    record(entry, "closed", actor=actor, at=now, by=entry.collected_by, note=note)
    return entry


@transaction.atomic
def tell_customer(entry: Entry, *, actor: Staff, now: datetime | None = None) -> Entry:
    """Special mail: the customer has been told it is waiting at the desk."""
    require_work(actor)
    now = now or timezone.now()
    entry = _locked(entry)
    if not entry.is_open:
        raise EntryClosed()
    if entry.kind != Kind.MAIL:
        raise InvalidInput(_("Only mail is announced to the customer."), code="not_mail")
    if entry.customer_told_at is not None:
        return entry
    entry.customer_told_at = now
    entry.save(update_fields=["customer_told_at"])
    record(entry, "told", actor=actor, at=now)
    return entry


@transaction.atomic
def check_step(entry: Entry, step: str, *, actor: Staff, now: datetime | None = None) -> Entry:
    """Move-in: one step of the checklist done."""
    require_work(actor)
    now = now or timezone.now()
    entry = _locked(entry)
    if not entry.is_open:
        raise EntryClosed()
    if entry.kind != Kind.MOVE_IN or step not in MOVE_IN_STEPS:
        raise InvalidInput(_("There is no such step in the move-in checklist."), fields={"step": _("Unknown step.")})
    if step in entry.checklist:
        return entry
    entry.checklist = {**entry.checklist, step: {"at": now.isoformat(), "by": actor.username}}
    entry.save(update_fields=["checklist"])
    record(entry, "step", actor=actor, at=now, step=step)
    return entry


@transaction.atomic
def add_authorisation(
    customer: Customer,
    *,
    actor: Staff,
    premises: Premises | None = None,
    reference: str = "",
    authorised: str = "",
    valid_until=None,
) -> KeyAuthorisation:
    """钥匙委托书 put on file."""
    require_work(actor)
    if premises is not None and premises.customer_id != customer.pk:
        raise InvalidInput(_("These premises are not the customer's."), fields={"premises": _("Not this customer's.")})
    return KeyAuthorisation.objects.create(
        customer=customer,
        premises=premises,
        reference=clean_text(reference, "reference", required=False, max_length=40),
        authorised=clean_text(authorised, "authorised", required=False, max_length=200),
        valid_until=valid_until,
        recorded_by=actor,
    )


def hand_over_entries(entry_ids: list[int], *, to: Staff, actor: Staff, at: datetime) -> int:
    """At an acknowledged shift handover the incoming person keeps the open entries. Runs in the
    caller's transaction (shifts.actions.acknowledge_handover)."""
    moved = list(
        Entry.objects.select_for_update(of=("self",))
        .select_related("keeper")
        .filter(pk__in=entry_ids, status=Status.OPEN)
        .exclude(keeper=to)
    )
    Entry.objects.filter(pk__in=[e.pk for e in moved]).update(keeper=to)
    EntryEvent.objects.bulk_create(
        EntryEvent(entry=e, kind="handed_over", actor=actor, at=at, data={"from": e.keeper.username, "to": to.username})
        for e in moved
    )
    return len(moved)
