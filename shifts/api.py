"""Duty roster and shift handover API (API.md: GET duty/now, POST handovers,
POST handovers/{id}/acknowledge, GET handovers), plus the roster calls of docs/api.md."""

from datetime import date, time
from typing import Annotated

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from accounts.models import Role, Staff
from core.errors import InvalidInput, NotFound
from core.schemas import LocalDateTime, StrictIn, Text, bounded_list, reject_unknown_params
from deadlines.models import BusinessCalendar
from shifts import actions, selectors
from shifts.describe import item_summary
from shifts.models import Handover, HandoverStatus, RosterEntry, ShiftTemplate, SwapRequest

router = Router(tags=["shifts"])
PAGE_SIZE = 50


def _staff(username: str, field: str) -> Staff:
    person = Staff.objects.filter(username=username).first()
    if person is None:
        raise InvalidInput(
            _("There is no staff member %(username)s.") % {"username": username[:50]},
            fields={field: _("Unknown staff.")},
        )
    return person


# ---- duty ------------------------------------------------------------------------------------


class DutyOut(Schema):
    username: str
    name: str
    role: str
    department: str | None
    shift: str
    shift_name: str
    since: LocalDateTime
    until: LocalDateTime


class DutyQuery(StrictIn):
    role: Text(20) | None = None


def _duty_rows(rows: list[RosterEntry]) -> list[dict]:
    return [
        {
            "username": e.staff.username,
            "name": e.staff.display_name,
            "role": e.staff.role,
            "department": e.staff.department.code if e.staff.department_id else None,
            "shift": e.template.code,
            "shift_name": e.template.name,
            "since": e.starts_at,
            "until": e.ends_at,
        }
        for e in rows
    ]


def _role(role: str | None) -> str | None:
    if role and role not in Role.values:
        raise InvalidInput(_("Unknown role."), fields={"role": _("Not an allowed value.")})
    return role or None


@router.get("/duty/now", response=list[DutyOut], summary="Who is on duty now")
def duty_now(request: HttpRequest, filters: Query[DutyQuery]):
    reject_unknown_params(request, DutyQuery)
    role = _role(filters.role)
    return _duty_rows(list(selectors.duty_entries(role=role).select_related("staff__department")))


@router.get("/duty/next", response=list[DutyOut], summary="Who comes on duty next")
def duty_next(request: HttpRequest, filters: Query[DutyQuery]):
    reject_unknown_params(request, DutyQuery)
    return _duty_rows(selectors.next_duty(role=_role(filters.role)))


# ---- handovers -------------------------------------------------------------------------------


class HandoverIn(StrictIn):
    to: Text(150, min_length=1)
    note: Text(2000) = ""
    items: bounded_list(str, max_length=50) = []


class AcknowledgeIn(StrictIn):
    note: Text(2000) = ""


class ItemOut(Schema):
    kind: str
    ref: str
    summary: str
    done: bool


class HandoverOut(Schema):
    id: int
    from_: str = Field(validation_alias="from_username", serialization_alias="from")
    to: str = Field(validation_alias="to_username", serialization_alias="to")
    status: str
    note: str
    created_at: LocalDateTime
    next_shift_at: LocalDateTime | None
    ack_due_at: LocalDateTime | None
    acknowledged_at: LocalDateTime | None
    ack_note: str
    warning: str | None = None
    items: list[ItemOut]


class HandoverPage(Schema):
    items: list[HandoverOut]
    count: int


class HandoverQuery(StrictIn):
    status: Text(15) | None = None
    to: Text(150) | None = None
    from_: Text(150) | None = Field(None, alias="from")
    q: Text(100) | None = None
    page: int = Field(1, ge=1, le=100_000)


def handover_out(handover: Handover, items=None) -> dict:
    items = items if items is not None else list(handover.items.all())
    return {
        "id": handover.pk,
        "from_username": handover.from_staff.username,
        "to_username": handover.to_staff.username,
        "status": handover.status,
        "note": handover.note,
        "created_at": handover.created_at,
        "next_shift_at": handover.next_shift_at,
        "ack_due_at": handover.ack_due_at,
        "acknowledged_at": handover.acknowledged_at,
        "ack_note": handover.ack_note,
        "warning": str(_("%(name)s is not on the next shift in the roster.") % {"name": handover.to_staff.display_name})
        if handover.off_roster
        else None,
        "items": [
            {"kind": i.kind, "ref": i.ref, "summary": item_summary(i), "done": i.done_at is not None} for i in items
        ],
    }


def _handover(request: HttpRequest, handover_id: int) -> Handover:
    handover = Handover.objects.select_related("from_staff", "to_staff").filter(pk=handover_id).first()
    user = request.auth
    if handover is None or not (user.pk in (handover.from_staff_id, handover.to_staff_id) or user.is_lead):
        raise NotFound()
    return handover


@router.post("/handovers", response={201: HandoverOut}, summary="Hand over the shift", by_alias=True)
def handover_create(request: HttpRequest, payload: HandoverIn):
    to = _staff(payload.to, "to")
    handover = actions.open_handover(actor=request.auth, to=to, note=payload.note, lines=payload.items)
    return 201, handover_out(handover, handover._items)


@router.post(
    "/handovers/{handover_id}/acknowledge", response=HandoverOut, summary="Acknowledge a handover", by_alias=True
)
def handover_acknowledge(request: HttpRequest, handover_id: int, payload: AcknowledgeIn):
    handover = _handover(request, handover_id)
    return handover_out(actions.acknowledge_handover(handover, actor=request.auth, note=payload.note))


@router.get("/handovers/{handover_id}", response=HandoverOut, summary="One handover", by_alias=True)
def handover_detail(request: HttpRequest, handover_id: int):
    return handover_out(_handover(request, handover_id))


@router.get("/handovers", response=HandoverPage, summary="Handovers", by_alias=True)
def handover_list(request: HttpRequest, filters: Query[HandoverQuery]):
    unknown = sorted(set(request.GET) - {"status", "to", "from", "q", "page"})
    if unknown:
        raise InvalidInput(
            _("Please correct the marked fields."), fields={name[:50]: _("Unknown field.") for name in unknown}
        )
    user = request.auth
    if filters.status and filters.status not in HandoverStatus.values:
        raise InvalidInput(_("Unknown status."), fields={"status": _("Not an allowed value.")})
    found = selectors.handovers(
        status=filters.status,
        to=_staff(filters.to, "to") if filters.to else None,
        from_=_staff(filters.from_, "from") if filters.from_ else None,
        q=filters.q or "",
    )
    if not user.is_lead:
        found = found.filter(Q(from_staff=user) | Q(to_staff=user))
    start = (filters.page - 1) * PAGE_SIZE
    page = list(found.prefetch_related("items")[start : start + PAGE_SIZE])
    return {"items": [handover_out(h) for h in page], "count": found.count()}


# ---- roster ----------------------------------------------------------------------------------


def _time_of_day(value: time) -> time:
    # A shift starts at a wall-clock time of the company's day; a time with a zone ("08:00Z")
    # has no meaning here (and the embedded database cannot store one).
    if value.tzinfo is not None:
        raise PydanticCustomError("time_of_day", "a time of day without a time zone")
    return value


TimeOfDay = Annotated[time, AfterValidator(_time_of_day)]


class TemplateIn(StrictIn):
    code: Text(20, min_length=1)
    name: Text(30, min_length=1)
    start: TimeOfDay
    end: TimeOfDay
    crosses_midnight: bool | None = None
    calendar: int | None = None


class TemplateOut(Schema):
    code: str
    name: str
    start: time
    end: time
    crosses_midnight: bool
    calendar: int | None = Field(None, alias="calendar_id")


class RotationIn(StrictIn):
    month: Text(7)
    # username -> seven shift codes, Monday to Sunday ("" or null for a rest day)
    rotation: dict[str, bounded_list(str | None, min_length=7, max_length=7)]


class DayIn(StrictIn):
    staff: Text(150, min_length=1)
    day: date
    shift: Text(20) | None = None


class RosterOut(Schema):
    id: int
    username: str
    day: date
    shift: str
    since: LocalDateTime
    until: LocalDateTime
    source: str


class RosterQuery(StrictIn):
    month: Text(7)


class SwapIn(StrictIn):
    day: date
    colleague: Text(150, min_length=1)
    colleague_day: date | None = None
    reason: Text(200) = ""


class SwapOut(Schema):
    id: int
    status: str
    requester: str
    colleague: str


def _roster_row(e: RosterEntry) -> dict:
    return {
        "id": e.pk,
        "username": e.staff.username,
        "day": e.day,
        "shift": e.template.code,
        "since": e.starts_at,
        "until": e.ends_at,
        "source": e.source,
    }


def _template(code: str, field: str) -> ShiftTemplate:
    template = ShiftTemplate.objects.filter(code=code, is_active=True).first()
    if template is None:
        raise InvalidInput(_("There is no shift %(code)s.") % {"code": code[:20]}, fields={field: _("Unknown shift.")})
    return template


@router.get("/shifts", response=list[TemplateOut], summary="Shift templates")
def template_list(request: HttpRequest):
    return list(ShiftTemplate.objects.filter(is_active=True))


@router.post("/shifts", response={201: TemplateOut}, summary="Create or change a shift template")
def template_save(request: HttpRequest, payload: TemplateIn):
    calendar = None
    if payload.calendar is not None:
        calendar = BusinessCalendar.objects.filter(pk=payload.calendar).first()
        if calendar is None:
            raise InvalidInput(_("Unknown calendar."), fields={"calendar": _("Unknown calendar.")})
    return 201, actions.save_template(
        actor=request.auth,
        code=payload.code,
        name=payload.name,
        start=payload.start,
        end=payload.end,
        crosses_midnight=payload.crosses_midnight,
        calendar=calendar,
    )


@router.post("/roster/rotation", response={201: dict}, summary="Fill a month from a weekly rotation")
def roster_rotation(request: HttpRequest, payload: RotationIn):
    rotation = {
        _staff(username, "rotation"): [_template(code, "rotation") if code else None for code in week]
        for username, week in payload.rotation.items()
    }
    created = actions.apply_rotation(actor=request.auth, month=payload.month, rotation=rotation)
    return 201, {"created": created}


@router.post("/roster/day", response={200: RosterOut | None}, summary="Adjust one person's day")
def roster_day(request: HttpRequest, payload: DayIn):
    entry = actions.set_roster_day(
        actor=request.auth,
        staff=_staff(payload.staff, "staff"),
        day=payload.day,
        template=_template(payload.shift, "shift") if payload.shift else None,
    )
    return _roster_row(entry) if entry else None


@router.get("/roster", response=list[RosterOut], summary="The roster of a month")
def roster_month(request: HttpRequest, filters: Query[RosterQuery]):
    reject_unknown_params(request, RosterQuery)
    first, last = actions.roster._month(filters.month)
    return [_roster_row(e) for e in selectors.month_roster(first, last)]


@router.post("/roster/swaps", response={201: SwapOut}, summary="Ask to swap a shift")
def swap_ask(request: HttpRequest, payload: SwapIn):
    colleague = _staff(payload.colleague, "colleague")
    entry = RosterEntry.objects.filter(staff=request.auth, day=payload.day).first()
    if entry is None:
        raise InvalidInput(_("You have no shift that day."), fields={"day": _("No shift.")})
    other = None
    if payload.colleague_day:
        other = RosterEntry.objects.filter(staff=colleague, day=payload.colleague_day).first()
        if other is None:
            raise InvalidInput(_("The colleague has no shift that day."), fields={"colleague_day": _("No shift.")})
    swap = actions.ask_swap(
        actor=request.auth, entry=entry, colleague=colleague, colleague_entry=other, reason=payload.reason
    )
    return 201, _swap_out(swap)


def _swap_out(swap: SwapRequest) -> dict:
    return {
        "id": swap.pk,
        "status": swap.status,
        "requester": swap.requester.username,
        "colleague": swap.colleague.username,
    }


@router.post("/roster/swaps/{swap_id}/approve", response=SwapOut, summary="Approve a swap")
def swap_approve(request: HttpRequest, swap_id: int):
    swap = SwapRequest.objects.filter(pk=swap_id).first()
    if swap is None:
        raise NotFound()
    return _swap_out(actions.approve_swap(swap, actor=request.auth))


@router.post("/roster/swaps/{swap_id}/reject", response=SwapOut, summary="Reject a swap")
def swap_reject(request: HttpRequest, swap_id: int):
    swap = SwapRequest.objects.filter(pk=swap_id).first()
    if swap is None:
        raise NotFound()
    return _swap_out(actions.reject_swap(swap, actor=request.auth))
