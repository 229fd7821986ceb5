"""Callback API (API.md): the list and the recording of a call. One selector or action each."""

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router

from callbacks.access import get_callback_for_staff
from callbacks.actions import record_callback
from callbacks.schemas import CallbackOut, CallbackPage, CallbackQuery, RecordIn
from callbacks.selectors import callbacks_for
from core.schemas import reject_unknown_params

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
        actor=request.auth,
    )
    return get_callback_for_staff(request.auth, callback_id)  # fresh, with the ticket's new status
