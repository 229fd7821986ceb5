"""Answer a repeated POST with the first answer instead of doing the work twice.

The API's Idempotency-Key header and the forms' one-time token both come here (API.md: "a repeat
with the same key by the same caller within 24 hours answers what the first one answered and
writes nothing more"). Only answers below 400 are kept: a refusal wrote nothing, so a corrected
retry with the same key is allowed. The same key with another body is refused (422); a repeat
that arrives while the first is still running waits for it a few seconds, then gets 409.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, DomainError
from guards.models import IdempotencyRecord

KEEP = timedelta(hours=24)
MAX_KEY = 200
MAX_STORED_BODY = 512 * 1024
WAIT_SECONDS = 5.0


class KeyReused(DomainError):
    status = 422
    code = "idempotency_key_reused"
    default_message = _("This Idempotency-Key was already used for a different request.")


class StillRunning(Conflict):
    code = "idempotency_in_progress"
    default_message = _("The same request is still being processed; try again in a moment.")


class KeyInvalid(DomainError):
    status = 400
    code = "idempotency_key_invalid"
    default_message = _("The Idempotency-Key must be 1 to 200 visible ASCII characters.")


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()


def valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY and key.isascii() and key.isprintable()


def run_once(scope: str, key: str, print_: str, call: Callable[[], HttpResponse], *, strict: bool = True):
    """`call()`'s answer, or the stored answer of the first request with this scope and key.

    `strict`: a different fingerprint under the same key is refused (the API); forms replay the
    first answer whatever was typed the second time (a double click sends the same form twice).
    """
    now = timezone.now()
    record = IdempotencyRecord.objects.filter(scope=scope, key=key, created_at__gte=now - KEEP).first()
    if record is None:
        try:
            with transaction.atomic():
                # Expired rows go here: this key's (the unique constraint) and everybody's.
                IdempotencyRecord.objects.filter(created_at__lt=now - KEEP).delete()
                record = IdempotencyRecord.objects.create(scope=scope, key=key, fingerprint=print_, created_at=now)
        except IntegrityError:
            record = _wait_for_first(scope, key)
        else:
            return _run_and_keep(record, call)
    if strict and record.fingerprint != print_:
        raise KeyReused()
    if record.status is None:
        record = _wait_for_first(scope, key)
    return replay(record)


def _wait_for_first(scope: str, key: str) -> IdempotencyRecord:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        record = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if record is not None and record.status is not None:
            return record
        if record is None or time.monotonic() > deadline:
            # The first one failed (its row is gone) or is still running: the caller may retry.
            raise StillRunning()
        time.sleep(0.1)


def _run_and_keep(record: IdempotencyRecord, call: Callable[[], HttpResponse]) -> HttpResponse:
    try:
        response = call()
    except BaseException:
        IdempotencyRecord.objects.filter(pk=record.pk).delete()
        raise
    body = getattr(response, "content", None) if not getattr(response, "streaming", False) else None
    if response.status_code >= 400 or body is None or len(body) > MAX_STORED_BODY:
        IdempotencyRecord.objects.filter(pk=record.pk).delete()
        return response
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        status=response.status_code,
        content_type=response.get("Content-Type", "")[:100],
        location=response.get("Location", "")[:2000],
        body=body,
    )
    return response


def replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status, content_type=record.content_type or None)
    if record.location:
        response["Location"] = record.location
    response["Idempotent-Replayed"] = "true"
    return response
