"""The worker's appraisal pass: the running month gathered every KEFU_APPRAISAL_INTERVAL
seconds, and the month before closed once right after it ends — long before 09:00 on the 1st.
MonthRun records both, in the computation's own transaction, so a restarted worker neither
skips nor repeats a closing."""

import logging
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from appraisal.compute import compute_month, is_confirmed
from appraisal.models import MonthRun
from appraisal.vocabulary import previous_month
from core.worker import register_pass

log = logging.getLogger("kefu.worker")


def appraisal_pass(now: datetime | None = None) -> list:
    now = now or timezone.now()
    current = timezone.localdate(now).replace(day=1)
    before = previous_month(current)
    done = []
    runs = {r.month: r for r in MonthRun.objects.filter(month__in=[current, before])}
    last = runs.get(before)
    if (last is None or last.closed_at is None) and not is_confirmed(before):
        done.append(compute_month(before, now=now, close=True))
    run = runs.get(current)
    due = (
        run is None
        or run.synced_at is None
        or (now - run.synced_at).total_seconds() >= settings.KEFU_APPRAISAL_INTERVAL
    )
    if due:
        done.append(compute_month(current, now=now))
    for outcome in done:
        if not outcome.skipped:
            log.info(
                "appraisal %s: %s people, %s lines added, %s revoked in %.1fs",
                outcome.month,
                outcome.people,
                outcome.added,
                outcome.revoked,
                outcome.seconds,
            )
    return done


register_pass("appraisal", appraisal_pass)
