"""Rate limits of the public portal: per client address and per phone number (or ticket number).

A fixed window per hour, counted in the database. Every attempt counts, successful or not, so
guessing the last four digits of a phone is bounded per ticket number as well as per address.

Why not django-ratelimit: it counts in Django's cache, and this installation has no shared cache
(no Redis or Memcached; the default cache is per process). Each gunicorn worker would count on
its own, multiplying every limit by the number of workers, and Django's DatabaseCache increments
by read-then-write, which loses counts under concurrency (django-ratelimit warns it is not
supported). One atomic UPDATE ... SET count = count + 1 on a uniquely keyed row is exact on both
databases and across processes, and is all this needs.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.client import client_address
from core.errors import RateLimited
from portal.models import Hit

WINDOW_SECONDS = 3600


def _window(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def hit(key: str, limit: int, *, now: datetime | None = None) -> None:
    """Count one attempt under `key`; refuse (429) once `limit` attempts were made this hour."""
    window = _window(now or timezone.now())
    key = key[:120]
    with transaction.atomic():
        if not Hit.objects.filter(key=key, window=window).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    Hit.objects.create(key=key, window=window, count=1)
                # A new counter: drop the ones of past days, so the table holds about a day of rows.
                Hit.objects.filter(window__lt=window - timedelta(days=1)).delete()
            except IntegrityError:
                Hit.objects.filter(key=key, window=window).update(count=F("count") + 1)
        count = Hit.objects.filter(key=key, window=window).values_list("count", flat=True).get()
    if count > limit:
        raise RateLimited()


def limit_submit(request, phone: str) -> None:
    hit(f"submit:ip:{client_address(request) or 'unknown'}", settings.KEFU_PORTAL_SUBMITS_PER_HOUR)
    if phone:
        hit(f"submit:phone:{phone}", settings.KEFU_PORTAL_SUBMITS_PER_PHONE_PER_HOUR)


def limit_lookup(request, number: str) -> None:
    hit(f"lookup:ip:{client_address(request) or 'unknown'}", settings.KEFU_PORTAL_LOOKUPS_PER_HOUR)
    if number:
        hit(f"lookup:number:{number}", settings.KEFU_PORTAL_LOOKUPS_PER_NUMBER_PER_HOUR)
