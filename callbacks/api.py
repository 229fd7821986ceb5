"""Callback API (API.md): the list and the recording of a call. One selector or action each."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from callbacks.access import get_callback_for_staff, require_callback_role, require_figures_role
from callbacks.actions import create_manual_callback, record_callback
from callbacks.figures import period, satisfaction_figures, ticket_page
from callbacks.schemas import CallbackOut, CallbackPage, CallbackQuery, FiguresOut, FiguresQuery, ManualIn, RecordIn
from callbacks.selectors import callbacks_for
from core.errors import InvalidInput
from core.schemas import reject_unknown_params
from customers.models import Customer
from tickets.access import get_ticket_for_staff

router = Router()


@router.get("", response=CallbackPage, summary="Callbacks, the oldest due first")
def callback_list(request: HttpRequest, filters: Query[CallbackQuery]):
    reject_unknown_params(request, CallbackQuery)
    size = settings.KEFU_PAGE_SIZE
    qs = callbacks_for(request.auth, ticket=filters.ticket, status=filters.status)
    start = (filters.page - 1) * size
    return {"items": list(qs[start : start + size]), "count": qs.count(), "page": filters.page, "page_size": size}


@router.get(
    "/figures", response=FiguresOut, by_alias=True, summary="Satisfaction figures (definitions: docs/figures.md)"
)
def callback_figures(request: HttpRequest, filters: Query[FiguresQuery]):
    """The figures screen's numbers for the manager, supervisors and inspectors (E4, D5)."""
    require_figures_role(request.auth)
    unknown = sorted(set(request.GET) - {"from", "to", "by", "page"})  # `from` is a field's alias
    if unknown:
        raise InvalidInput(
            _("Please correct the marked fields."), fields={name[:50]: _("Unknown field.") for name in unknown}
        )
    today = timezone.localdate()
    first, last = filters.from_ or today.replace(day=1), filters.to or today
    start, end = period(first, last)
    tickets = None
    if filters.by == "ticket":
        page = ticket_page(start=start, end=end, number=filters.page)
        tickets = page.paginator.count
        rows, total = satisfaction_figures(start=start, end=end, by="ticket", ticket_ids=list(page.object_list))
    else:
        rows, total = satisfaction_figures(start=start, end=end, by=filters.by)
    return {"from_": first, "to": last, "by": filters.by, "rows": rows, "total": total, "tickets": tickets}


@router.post("/{int:callback_id}/record", response=CallbackOut, summary="Record the result of a call")
def callback_record(request: HttpRequest, callback_id: int, payload: RecordIn):
    callback = get_callback_for_staff(request.auth, callback_id)
    record_callback(
        callback,
        outcome=payload.outcome,
        score=payload.score,
        answers=payload.answers,
        note=payload.note,
        call_after=payload.call_after,
        actor=request.auth,
    )
    return get_callback_for_staff(request.auth, callback_id)  # fresh, with the ticket's new status


@router.post("", response={201: CallbackOut}, summary="Queue a manual callback (pre-sale, after-sale, project, member)")
def callback_create(request: HttpRequest, payload: ManualIn):
    require_callback_role(request.auth)
    ticket = get_ticket_for_staff(request.auth, payload.ticket.strip().upper()) if payload.ticket else None
    customer = None
    if payload.customer is not None:
        customer = Customer.objects.filter(pk=payload.customer).first()
        if customer is None:
            raise InvalidInput(_("No customer has this id."), fields={"customer": _("Unknown customer.")})
    callback = create_manual_callback(
        kind=payload.kind,
        customer=customer,
        ticket=ticket,
        due_at=payload.due_at,
        note=payload.note,
        actor=request.auth,
    )
    return 201, get_callback_for_staff(request.auth, callback.pk)
