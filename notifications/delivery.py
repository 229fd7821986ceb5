"""Delivering the outbox after commit: e-mail through Django's mail backend, SMS through the
pluggable backend. Run by the worker beside the deadline pass.

Nothing is sent twice: a worker claims ONE row at a time (pending → sending, stamped with its
own token: a compare-and-set that exactly one worker wins, committed before anything is handed
over), sends it, then marks it sent. A worker killed at any moment therefore leaves at most the
one row it was handing over in `sending`: every other row is still pending (sent by the next
pass) or already sent. After SENDING_TIMEOUT such a row becomes `failed` with "delivery
unknown" — recorded and visible, never silently repeated, since the gateway may have taken it.
Claiming a whole batch at once (as this did first) left up to a batch of messages never handed
over in that state at a kill: lost. A send that raises is retried MAX_ATTEMPTS times with a
growing pause.

Several workers (app servers) share the outbox through the same compare-and-set; on PostgreSQL
`skip_locked` keeps them from waiting on each other's candidates.
"""

import logging
import uuid
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.backends import sms_backend
from notifications.models import Channel, Notification, State
from notifications.templates import render

log = logging.getLogger("kefu.notifications")
# Files attached to the e-mails of a template, by the app that writes them (its AppConfig.ready()
# fills this): template -> function(notification) -> [(file name, bytes, MIME type)].
ATTACHMENTS: dict = {}
MAX_ATTEMPTS = 3
SENDING_TIMEOUT = timedelta(minutes=10)


def deliver_pending(now: datetime | None = None, *, batch_size: int = 100) -> int:
    now = now or timezone.now()
    Notification.objects.filter(state=State.SENDING, next_attempt_at__lte=now - SENDING_TIMEOUT).update(
        state=State.FAILED, last_error="interrupted: delivery unknown, not repeated"
    )
    sent = 0
    token = uuid.uuid4().hex
    while True:
        with transaction.atomic():
            # Candidates only: rows another worker is looking at right now are skipped, not
            # waited for. Each is then claimed on its own, below.
            ids = list(
                Notification.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "id")
                .select_for_update(skip_locked=True)
                .values_list("id", flat=True)[:batch_size]
            )
        if not ids:
            return sent
        for notification_id in ids:
            claimed = Notification.objects.filter(
                id=notification_id, state=State.PENDING, next_attempt_at__lte=now
            ).update(state=State.SENDING, claim=token, next_attempt_at=now, attempts=F("attempts") + 1)
            if not claimed:
                continue  # another worker took it
            notification = Notification.objects.select_related("staff", "customer").get(id=notification_id)
            sent += _deliver(notification, token, now)


def _deliver(notification: Notification, token: str, now: datetime) -> int:
    mine = Notification.objects.filter(id=notification.id, claim=token, state=State.SENDING)
    try:
        subject, body = render(notification)
        if notification.channel == Channel.EMAIL and notification.template in ATTACHMENTS:
            files = ATTACHMENTS[notification.template](notification)
            EmailMessage(subject, body, None, [notification.address], attachments=files).send()
        elif notification.channel == Channel.EMAIL:
            send_mail(subject, body, None, [notification.address])
        elif notification.channel == Channel.SMS:
            sms_backend().send(notification.address, body)
    except Exception as error:  # a gateway or mail server failure: retry later, then give up
        log.warning("notification %s failed: %s", notification.id, error)
        if notification.attempts >= MAX_ATTEMPTS:
            mine.update(state=State.FAILED, last_error=str(error)[:500])
        else:
            retry_at = now + timedelta(minutes=5 * notification.attempts)
            mine.update(state=State.PENDING, next_attempt_at=retry_at, last_error=str(error)[:500])
        return 0
    return mine.update(state=State.SENT, sent_at=timezone.now())
