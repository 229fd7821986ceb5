"""Callback API (API.md): the list and the recording of a call. One selector or action each."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from accounts.access import get_ticket_for_staff
from callbacks.access import get_callback_for_staff, require_callback_role
from callbacks.actions import create_manual_callback, record_callback
from callbacks.schemas import CallbackOut, CallbackPage, CallbackQuery, ManualIn, RecordIn
from callbacks.selectors import callbacks_for
from core.errors import InvalidInput
from core.schemas import reject_unknown_params
from customers.models import Customer

router = Router()


@router.get("", response=CallbackPage, summary="Callbacks, the oldest due first")
def callback_list(request: HttpRequest, filters: Query[CallbackQuery]):
    reject_unknown_params(request, CallbackQuery)
    size = settings.KEFU_PAGE_SIZE
    qs = callbacks_for(request.auth, ticket=filters.ticket, status=filters.status)
    start = (filters.page - 1) * size
    return {"items": list(qs[start : start + size]), "count": qs.count(), "page": filters.page, "page_size": size}


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
