"""Request and response shapes of the ticket API (API.md). Phones leave masked (F3)."""

from typing import Literal

from django.utils import timezone
from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from accounts.models import Staff
from core.phones import mask_phone
from core.schemas import IsoDateTime, LocalDateTime, OptionalPhone, StrictIn, Text
from core.text import MAX_TEXT
from customers.models import Customer
from customers.names import honorific
from deadlines.models import Deadline, breached, overdue
from tickets.vocabulary import Category, Channel, Priority, Status

CategoryValue = Literal[tuple(Category.values)]
ChannelValue = Literal[tuple(Channel.values)]
PriorityValue = Literal[tuple(Priority.values)]
StatusValue = Literal[tuple(Status.values)]


# ---- in -----------------------------------------------------------------------------------


class ContactIn(StrictIn):
    name: Text(50) = ""
    phone: OptionalPhone = ""
    address: Text(200) = ""


class TicketIn(StrictIn):
    category: CategoryValue
    subtype: Text(40) | None = Field(None, description="Code of an active sub-type of the category (e.g. `elevator`).")
    channel: ChannelValue
    customer: StrictInt | None = Field(None, description="Customer id from the archive; or give `contact`.")
    premises: StrictInt | None = Field(None, description="One of the customer's premises; the first by default.")
    contact: ContactIn | None = None
    content: Text(MAX_TEXT, min_length=1)
    priority: PriorityValue | None = None
    appointment_at: IsoDateTime | None = None
    received_at: IsoDateTime | None = Field(None, description="Defaults to now; earlier for letters and back-entry.")


class DispatchIn(StrictIn):
    department: Text(32, min_length=1)
    note: Text(MAX_TEXT) = ""
    assignee: Text(150) | None = Field(None, description="Username of a member of that department (派工到人).")


class AssignIn(StrictIn):
    assignee: Text(150, min_length=1)
    note: Text(MAX_TEXT) = ""


class ResolveIn(StrictIn):
    result: Text(MAX_TEXT, min_length=1)
    override_reason: Text(500) = Field(
        "", description="Send despite forbidden phrases (422 forbidden_phrase); recorded."
    )


class AnswerIn(StrictIn):
    answer: Text(MAX_TEXT, min_length=1)
    override_reason: Text(500) = Field(
        "", description="Send despite forbidden phrases (422 forbidden_phrase); recorded."
    )


class TransferIn(StrictIn):
    owner: Text(150, min_length=1)
    reason: Text(500) = ""


class LateIn(StrictIn):
    reason: Text(500, min_length=1)
    new_eta: IsoDateTime = Field(description="When the engineer will now arrive (ISO 8601).")


class CloseIn(StrictIn):
    note: Text(MAX_TEXT) = ""


class ReasonIn(StrictIn):
    reason: Text(500, min_length=1)


class AppointmentIn(StrictIn):
    appointment_at: IsoDateTime
    reason: Text(500, min_length=1)


class NoteIn(StrictIn):
    text: Text(MAX_TEXT, min_length=1)


class EmptyIn(StrictIn):
    """Steps without parameters take no body, or an empty object; anything else is a mistake."""


# ---- out ----------------------------------------------------------------------------------


class ContactOut(Schema):
    name: str
    phone: str = Field(description="Masked, e.g. 138****8000; POST reveal-phone for the full number.")
    address: str


class DeadlineOut(Schema):
    kind: str
    round: int = Field(description="0 for the first round of work, 1 after the first reopening, …")
    due_at: LocalDateTime
    met_at: LocalDateTime | None
    breached: bool = Field(description="Recorded as breached, met late, or unmet and past due.")

    @staticmethod
    def resolve_breached(obj) -> bool:
        return obj.is_breached()


class TicketOut(Schema):
    number: str
    category: str
    subtype: str | None = Field(description="Code of the request sub-type, if any.")
    subtype_name: str | None
    channel: str
    status: str
    priority: str
    customer: int | None
    customer_honorific: str | None
    contact: ContactOut
    content: str
    owner: str
    department: str | None
    received_at: LocalDateTime
    appointment_at: LocalDateTime | None
    created_at: LocalDateTime
    dispatched_at: LocalDateTime | None
    accepted_at: LocalDateTime | None
    accepted_by: str | None
    assignee: str | None = Field(description="Username of the engineer the work is given to (派工到人).")
    started_at: LocalDateTime | None
    resolved_at: LocalDateTime | None
    closed_at: LocalDateTime | None
    result: str
    answer: str
    reopen_count: int
    deadlines: list[DeadlineOut]
    overdue: bool

    @staticmethod
    def resolve_subtype(obj) -> str | None:
        return obj.subtype.code if obj.subtype_id else None

    @staticmethod
    def resolve_subtype_name(obj) -> str | None:
        return obj.subtype.name if obj.subtype_id else None

    @staticmethod
    def resolve_customer(obj) -> int | None:
        return obj.customer_id

    @staticmethod
    def resolve_customer_honorific(obj) -> str | None:
        return obj.customer.honorific if obj.customer_id else None

    @staticmethod
    def resolve_contact(obj) -> dict:
        return {"name": obj.contact_name, "phone": mask_phone(obj.contact_phone), "address": obj.contact_address}

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.username

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.code if obj.department_id else None

    @staticmethod
    def resolve_accepted_by(obj) -> str | None:
        return obj.accepted_by.username if obj.accepted_by_id else None

    @staticmethod
    def resolve_assignee(obj) -> str | None:
        return obj.assignee.username if obj.assignee_id else None

    @staticmethod
    def resolve_deadlines(obj) -> list:
        return list(obj.deadlines.all())

    @staticmethod
    def resolve_overdue(obj) -> bool:
        annotated = getattr(obj, "is_overdue", None)
        if annotated is not None:  # lists carry it from the query (tickets.selectors.with_overdue)
            return bool(annotated)
        now = timezone.now()
        return any(d.is_overdue(now) for d in obj.deadlines.all())


_TICKET_FIELDS = ("number", "category", "channel", "status", "priority")
_TICKET_TIMES = ("received_at", "appointment_at", "created_at", "dispatched_at", "accepted_at")
_TICKET_LATER_TIMES = ("started_at", "resolved_at", "closed_at")
_ROW_COLUMNS = (
    "id",
    *_TICKET_FIELDS,
    "subtype__code",
    "subtype__name",
    "customer_id",
    "contact_name",
    "contact_phone",
    "contact_address",
    "content",
    "owner_id",
    "department__code",
    *_TICKET_TIMES,
    "accepted_by_id",
    "assignee_id",
    *_TICKET_LATER_TIMES,
    "result",
    "answer",
    "reopen_count",
)
_DEADLINE_COLUMNS = ("ticket_id", "kind", "round", "due_at", "met_at", "breached_at", "paused_at")


def ticket_rows(tickets, now=None) -> list[dict]:
    """TicketOut of each ticket of the query set `tickets` (a page of search_tickets) as
    JSON-ready dicts: what `TicketOut.from_orm(t).model_dump(mode="json")` gives, key for key,
    written out by hand for the lists.

    Read as plain rows, four queries whatever the page size: the tickets with their departments
    (and the is_overdue annotation of tickets.selectors.with_overdue), their promises, customers
    and people. A page of 50 through the schema cost about 25 ms of Python on this machine
    (ninja resolves every attribute of every object through its getter wrapper), and the model
    instances behind it — some 300 a page, built and wired by prefetch_related — about as much
    again (bench/README.md). The schema stays the contract and the OpenAPI document:
    tickets/tests/test_api_list_rows.py holds this function to it, field for field, on tickets in
    every shape (no customer, no department, met, breached, paused and late promises)."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()

    annotated = "is_overdue" in tickets.query.annotations
    columns = (*_ROW_COLUMNS, "is_overdue") if annotated else _ROW_COLUMNS
    page = list(tickets.select_related(None).prefetch_related(None).values_list(*columns))
    if not page:
        return []
    at = {name: i for i, name in enumerate(columns)}
    ids = [t[0] for t in page]
    promises: dict[int, list] = {pk: [] for pk in ids}
    for ticket_id, *promise in (
        Deadline.objects.filter(ticket_id__in=ids).order_by("round", "due_at", "id").values_list(*_DEADLINE_COLUMNS)
    ):
        promises[ticket_id].append(promise)
    customer_ids = {t[at["customer_id"]] for t in page} - {None}
    customers = {
        pk: honorific(name, gender, surname)
        for pk, name, gender, surname in Customer.objects.filter(pk__in=customer_ids).values_list(
            "pk", "name", "gender", "surname"
        )
    }
    people = dict(
        Staff.objects.filter(
            pk__in={t[at[c]] for t in page for c in ("owner_id", "accepted_by_id", "assignee_id")} - {None}
        ).values_list("pk", "username")
    )

    rows = []
    for t in page:
        customer_id = t[at["customer_id"]]
        rows.append(
            _ticket_dict(
                lambda name, t=t: t[at[name]],
                promises[t[0]],
                customers[customer_id] if customer_id is not None else None,
                people,
                tz,
                now,
                overdue_flag=t[at["is_overdue"]] if annotated else None,
            )
        )
    return rows


def ticket_out(ticket, promises, now=None) -> dict:
    """TicketOut of one ticket whose related objects are at hand, as a JSON-ready dict: the
    intake's answer, made from the objects it has just written (`promises`: its Deadline
    objects) with no read and without the schema's getter, which cost ~0.3 ms of a 3.6 ms
    intake (issue 19). Held to the schema by tickets/tests/test_api_list_rows.py, as ticket_rows."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()

    people = {
        pk: getattr(ticket, name).username
        for name in ("owner", "accepted_by", "assignee")
        if (pk := getattr(ticket, f"{name}_id")) is not None
    }
    subtype = ticket.subtype if ticket.subtype_id else None
    derived = {
        "subtype__code": subtype.code if subtype else None,
        "subtype__name": subtype.name if subtype else None,
        "department__code": ticket.department.code if ticket.department_id else None,
    }
    rows = sorted(promises, key=lambda d: (d.round, d.due_at, d.pk))
    return _ticket_dict(
        lambda name: derived[name] if name in derived else getattr(ticket, name),
        [(d.kind, d.round, d.due_at, d.met_at, d.breached_at, d.paused_at) for d in rows],
        ticket.customer.honorific if ticket.customer_id else None,
        people,
        tz,
        now,
    )


def _iso(value, tz) -> str | None:
    """LocalDateTime's text (core.schemas), with the time zone looked up once per answer."""
    return None if value is None else value.astimezone(tz).isoformat()


def _ticket_dict(value, promises, customer_honorific, people, tz, now, overdue_flag=None) -> dict:
    """One ticket's TicketOut: `value(name)` gives its column `name` (of _ROW_COLUMNS),
    `promises` its (kind, round, due_at, met_at, breached_at, paused_at) in the schema's order,
    `people` usernames by id, times shown in `tz`."""
    row = {name: value(name) for name in _TICKET_FIELDS}
    row["subtype"], row["subtype_name"] = value("subtype__code"), value("subtype__name")
    row["customer"] = value("customer_id")
    row["customer_honorific"] = customer_honorific
    row["contact"] = {
        "name": value("contact_name"),
        "phone": mask_phone(value("contact_phone")),
        "address": value("contact_address"),
    }
    row["content"] = value("content")
    row["owner"] = people[value("owner_id")]
    row["department"] = value("department__code")
    for name in _TICKET_TIMES:
        row[name] = _iso(value(name), tz)
    accepted_by_id = value("accepted_by_id")
    row["accepted_by"] = people[accepted_by_id] if accepted_by_id is not None else None
    assignee_id = value("assignee_id")
    row["assignee"] = people[assignee_id] if assignee_id is not None else None
    for name in _TICKET_LATER_TIMES:
        row[name] = _iso(value(name), tz)
    row["result"], row["answer"], row["reopen_count"] = value("result"), value("answer"), value("reopen_count")
    row["deadlines"] = [
        {
            "kind": kind,
            "round": round_,
            "due_at": _iso(due_at, tz),
            "met_at": _iso(met_at, tz),
            "breached": breached(due_at, met_at, breached_at, paused_at, now),
        }
        for kind, round_, due_at, met_at, breached_at, paused_at in promises
    ]
    if overdue_flag is not None:
        row["overdue"] = bool(overdue_flag)
    else:
        row["overdue"] = any(
            overdue(due_at, met_at, breached_at, paused_at, now)
            for _kind, _round, due_at, met_at, breached_at, paused_at in promises
        )
    return row


class TicketPage(Schema):
    items: list[TicketOut]
    # Exact up to tickets.selectors.COUNT_CAP (10,000); beyond, the cap and count_exact false.
    count: int
    count_exact: bool = True
    page: int
    page_size: int


class EventOut(BaseModel):
    """A timeline line: the typed data of the event is flattened beside these keys.
    (A plain pydantic model: ninja's Schema reads attributes and would drop the extra keys.)"""

    model_config = ConfigDict(extra="allow")

    kind: str
    actor: str | None = Field(description="Username; null for the system (deadline watcher).")
    actor_name: str | None
    at: LocalDateTime
    text: str = Field(description="The sentence of the timeline, in the request's language.")


class SubtypeQuery(StrictIn):
    category: CategoryValue | None = None
    active: bool | None = Field(None, description="true: only those offered for new requests.")


class SubtypeOut(Schema):
    code: str
    category: str
    name: str
    is_active: bool


class PhoneOut(Schema):
    phone: str
