"""The default commitment table (C1-C3), editable afterwards by the admin role.

From the handbooks: an ordinary fault is handled within 6 h and repaired within 24 h (001 第五条);
an unanswerable consultation is answered within 24 h (001 第十三条); complaints within 24 h
(003 mall); an emergency is dispatched at once and attended within the hour (001 第三条).
The rest are our defaults for the categories the handbooks leave open.
"""

from datetime import time

from core.history import record_baseline
from deadlines.models import BusinessCalendar, CommitmentPolicy

H = 60
DEFAULT_COMMITMENTS = [
    # category, priority ("" = any), step, minutes
    ("repair", "", "dispatch", 15),
    ("repair", "", "handle", 6 * H),
    ("repair", "", "resolve", 24 * H),
    ("repair", "urgent", "handle", 2 * H),
    ("repair", "urgent", "resolve", 8 * H),
    ("consultation", "", "answer", 24 * H),
    ("complaint", "", "dispatch", 30),
    ("complaint", "", "resolve", 24 * H),
    ("emergency", "", "dispatch", 5),
    ("emergency", "", "handle", 1 * H),
    ("emergency", "", "resolve", 24 * H),
    ("help", "", "dispatch", 15),
    ("help", "", "resolve", 24 * H),
    ("service_request", "", "dispatch", 30),
    ("service_request", "", "resolve", 48 * H),
    ("suggestion", "", "answer", 48 * H),
]


# The office calendar business-hours commitments can be switched to (holidays and 调休 are entered
# per year in the admin); every default above runs around the clock.
DEFAULT_CALENDAR = {"name": "工作日 8:30-17:30", "day_start": time(8, 30), "day_end": time(17, 30), "weekdays": "12345"}


def seed_default_commitments(sender=None, using="default", **kwargs) -> int:
    """Fill an EMPTY commitment table with the defaults; never touch one that has rows.

    Connected to post_migrate, so a new installation gets the table from `migrate`, and so does
    a database flushed between transactional tests. An administrator switches a commitment off
    with `is_active`, which keeps the row and so keeps the defaults from coming back.
    """
    if not BusinessCalendar.objects.using(using).exists():
        BusinessCalendar.objects.using(using).create(**DEFAULT_CALENDAR)
    if CommitmentPolicy.objects.using(using).exists():
        return 0
    CommitmentPolicy.objects.using(using).bulk_create(
        CommitmentPolicy(category=category, priority=priority, kind=kind, minutes=minutes)
        for category, priority, kind, minutes in DEFAULT_COMMITMENTS
    )
    record_baseline(CommitmentPolicy, using)  # bulk_create sends no signal: their first history row
    return len(DEFAULT_COMMITMENTS)
