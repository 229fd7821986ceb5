"""SMS backends. KEFU_SMS_BACKEND names the class; the default writes each message to the log
(the outbox table keeps it too). A gateway backend implements `send(phone, text)` and raises on
failure, so the delivery pass can retry."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("kefu.sms")


class LogSmsBackend:
    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)


class MemorySmsBackend:
    """For tests: keeps what was sent in `outbox` (like Django's locmem mail backend)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemorySmsBackend.outbox.append((phone, text))


def sms_backend():
    return import_string(settings.KEFU_SMS_BACKEND)()
