"""Ticket API (API.md): intake, the lifecycle steps, lists and the timeline.

Each endpoint parses, fetches through the scoped fetcher (404 for what the caller may not see)
and calls one action or selector; every rule and permission lives in tickets/actions and
tickets/transitions.py.
"""

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router
from ninja.renderers import JSONRenderer

from accounts.access import require_customer_access
from accounts.models import Department, Staff
from core.errors import InvalidInput
from core.schemas import reject_unknown_params
from customers.models import Premises
from customers.selectors import customer_for_intake
from deadlines.models import Deadline
from tickets import actions
from tickets.access import get_ticket_for_staff
from tickets.filters import TicketQuery
from tickets.models import RequestSubtype
from tickets.schemas import (
    AnswerIn,
    AppointmentIn,
    AssignIn,
    CloseIn,
    DispatchIn,
    EmptyIn,
    EventOut,
    LateIn,
    NoteIn,
    PhoneOut,
    ReasonIn,
    ResolveIn,
    SubtypeOut,
    SubtypeQuery,
    TicketIn,
    TicketOut,
    TicketPage,
    TransferIn,
    ticket_out,
    ticket_rows,
)
from tickets.selectors import capped_count, search_tickets, timeline
from tickets.timeline import describe

# The renderer the API uses (ninja's default), for the answers written without its schema.
_RENDERER = JSONRenderer()


def _rendered(request: HttpRequest, data, status: int) -> HttpResponse:
    content = _RENDERER.render(request, data, response_status=status)
    return HttpResponse(content, status=status, content_type=f"{_RENDERER.media_type}; charset={_RENDERER.charset}")


router = Router()
subtypes_router = Router()


@subtypes_router.get("", response=list[SubtypeOut], summary="Request sub-types (A2), in the order intake offers them")
def subtype_list(request: HttpRequest, filters: Query[SubtypeQuery]):
    reject_unknown_params(request, SubtypeQuery)
    qs = RequestSubtype.objects.order_by("category", "position", "id")
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return list(qs)


def _intake_customer(user: Staff, customer_id: int | None, premises_id: int | None):
    """The archive entries a new ticket refers to (without a premises id, create_ticket takes the
    customer's first). An id that names nothing is bad input (400), not a missing page; field
    staff are refused the archive (403) before anything is looked up."""
    customer = premises = None
    if customer_id is not None:
        require_customer_access(user)
        customer = customer_for_intake(customer_id)
        if customer is None:
            raise InvalidInput(_("There is no customer with this id."), fields={"customer": _("Unknown customer.")})
    if premises_id is not None:
        premises = Premises.objects.select_related("community").filter(pk=premises_id, customer=customer).first()
        if customer is None or premises is None:
            raise InvalidInput(
                _("These premises are not the customer's."), fields={"premises": _("Not this customer's.")}
            )
    return customer, premises


@router.post("", response={201: TicketOut}, summary="Record a request")
def ticket_create(request: HttpRequest, payload: TicketIn):
    customer, premises = _intake_customer(request.auth, payload.customer, payload.premises)
    contact = actions.Contact(**payload.contact.model_dump()) if payload.contact else None
    ticket = actions.create_ticket(
        actor=request.auth,
        category=payload.category,
        subtype=payload.subtype,
        channel=payload.channel,
        content=payload.content,
        customer=customer,
        contact=contact,
        premises=premises,
        priority=payload.priority,
        appointment_at=payload.appointment_at,
        received_at=payload.received_at,
    )
    # TicketOut from the objects just written, with the promises as create_ticket wrote them: no
    # row read back, and no pass through the schema's getter (ticket_out is held to the schema).
    return _rendered(request, ticket_out(ticket, ticket.written_deadlines), 201)


def _with_deadlines(ticket):
    """TicketOut reads the deadlines twice (the list and the overdue flag): fetch them once."""
    prefetch_related_objects(
        [ticket], Prefetch("deadlines", queryset=Deadline.objects.order_by("round", "due_at", "id"))
    )
    return ticket


@router.get("", response=TicketPage, summary="Search tickets")
def ticket_list(request: HttpRequest, filters: Query[TicketQuery]):
    reject_unknown_params(request, TicketQuery)
    size = settings.KEFU_PAGE_SIZE
    qs = search_tickets(request.auth, **filters.search_kwargs()).select_related("accepted_by")
    start = (filters.page - 1) * size
    count, exact = capped_count(qs, search=bool(filters.q))
    page = {"items": ticket_rows(qs[start : start + size]), "count": count, "count_exact": exact}
    # Rendered as is: ticket_rows already gives TicketPage's items (see there; a test holds it to
    # the schema), and validating 50 of them again through the schema would cost what it saves.
    return _rendered(request, {**page, "page": filters.page, "page_size": size}, 200)


@router.get("/{number}", response=TicketOut, summary="One ticket")
def ticket_detail(request: HttpRequest, number: str):
    return _with_deadlines(get_ticket_for_staff(request.auth, number))


@router.get("/{number}/events", response=list[EventOut], summary="The ticket's timeline, oldest first")
def ticket_events(request: HttpRequest, number: str):
    ticket = get_ticket_for_staff(request.auth, number)
    return [
        {
            **event.data,
            "kind": event.kind,
            "actor": event.actor.username if event.actor_id else None,
            "actor_name": event.actor.display_name if event.actor_id else None,
            "at": event.at,
            "text": describe(event),
        }
        for event in timeline(ticket)
    ]


@router.post("/{number}/dispatch", response=TicketOut, summary="Dispatch to a department (派工)")
def ticket_dispatch(request: HttpRequest, number: str, payload: DispatchIn):
    ticket = get_ticket_for_staff(request.auth, number)
    department = Department.objects.filter(code=payload.department).first()
    if department is None:
        raise InvalidInput(_("There is no department with this code."), fields={"department": _("Unknown department.")})
    assignee = _assignee(payload.assignee) if payload.assignee else None
    return actions.dispatch_ticket(
        ticket, department=department, actor=request.auth, note=payload.note, assignee=assignee
    )


@router.post("/{number}/assign", response=TicketOut, summary="Give the work to a named engineer (派工到人)")
def ticket_assign(request: HttpRequest, number: str, payload: AssignIn):
    ticket = get_ticket_for_staff(request.auth, number)
    return actions.assign_ticket(ticket, assignee=_assignee(payload.assignee), actor=request.auth, note=payload.note)


def _assignee(username: str) -> Staff:
    found = Staff.objects.filter(username=username).first()
    if found is None:
        raise InvalidInput(_("There is no staff member with this username."), fields={"assignee": _("Unknown user.")})
    return found


@router.post("/{number}/accept", response=TicketOut, summary="Acknowledge the hand-over (接单)")
def ticket_accept(request: HttpRequest, number: str, payload: EmptyIn | None = None):
    return actions.accept_ticket(get_ticket_for_staff(request.auth, number), actor=request.auth)


@router.post("/{number}/start", response=TicketOut, summary="Start the work")
def ticket_start(request: HttpRequest, number: str, payload: EmptyIn | None = None):
    return actions.start_ticket(get_ticket_for_staff(request.auth, number), actor=request.auth)


@router.post("/{number}/resolve", response=TicketOut, summary="Report the result")
def ticket_resolve(request: HttpRequest, number: str, payload: ResolveIn):
    return actions.resolve_ticket(
        get_ticket_for_staff(request.auth, number),
        result=payload.result,
        actor=request.auth,
        override_reason=payload.override_reason,
    )


@router.post("/{number}/answer", response=TicketOut, summary="Answer a consultation")
def ticket_answer(request: HttpRequest, number: str, payload: AnswerIn):
    return actions.answer_ticket(
        get_ticket_for_staff(request.auth, number),
        answer=payload.answer,
        actor=request.auth,
        override_reason=payload.override_reason,
    )


@router.post("/{number}/transfer", response=TicketOut, summary="Hand first-contact ownership to someone else")
def ticket_transfer(request: HttpRequest, number: str, payload: TransferIn):
    ticket = get_ticket_for_staff(request.auth, number)
    owner = Staff.objects.filter(username=payload.owner).first()
    if owner is None:
        raise InvalidInput(_("There is no staff member with this username."), fields={"owner": _("Unknown user.")})
    return actions.transfer_ticket(ticket, owner=owner, actor=request.auth, reason=payload.reason)


@router.post("/{number}/close", response=TicketOut, summary="Close after the customer's verdict")
def ticket_close(request: HttpRequest, number: str, payload: CloseIn | None = None):
    note = payload.note if payload else ""
    return actions.close_ticket(get_ticket_for_staff(request.auth, number), actor=request.auth, note=note)


@router.post("/{number}/reopen", response=TicketOut, summary="Reopen: the work did not hold")
def ticket_reopen(request: HttpRequest, number: str, payload: ReasonIn):
    return actions.reopen_ticket(get_ticket_for_staff(request.auth, number), reason=payload.reason, actor=request.auth)


@router.post("/{number}/hold", response=TicketOut, summary="Put on hold; the deadline clocks pause")
def ticket_hold(request: HttpRequest, number: str, payload: ReasonIn):
    return actions.hold_ticket(get_ticket_for_staff(request.auth, number), reason=payload.reason, actor=request.auth)


@router.post("/{number}/late", response=TicketOut, summary="Running late: the customer and the area steward are told")
def ticket_late(request: HttpRequest, number: str, payload: LateIn):
    return actions.report_late(
        get_ticket_for_staff(request.auth, number), reason=payload.reason, new_eta=payload.new_eta, actor=request.auth
    )


@router.post(
    "/{number}/appointment", response=TicketOut, summary="Reschedule the visit; its promises move with it (C5)"
)
def ticket_reschedule(request: HttpRequest, number: str, payload: AppointmentIn):
    ticket = get_ticket_for_staff(request.auth, number)
    return actions.reschedule_appointment(
        ticket, appointment_at=payload.appointment_at, reason=payload.reason, actor=request.auth
    )


@router.post("/{number}/resume", response=TicketOut, summary="Resume after a hold")
def ticket_resume(request: HttpRequest, number: str, payload: EmptyIn | None = None):
    return actions.resume_ticket(get_ticket_for_staff(request.auth, number), actor=request.auth)


@router.post("/{number}/notes", response={201: TicketOut}, summary="Add a note to the timeline")
def ticket_note(request: HttpRequest, number: str, payload: NoteIn):
    return actions.add_note(get_ticket_for_staff(request.auth, number), text=payload.text, actor=request.auth)


@router.post("/{number}/reveal-phone", response=PhoneOut, summary="The contact's full number; the view is logged")
def ticket_reveal_phone(request: HttpRequest, number: str):
    return {"phone": actions.reveal_ticket_phone(get_ticket_for_staff(request.auth, number), actor=request.auth)}
