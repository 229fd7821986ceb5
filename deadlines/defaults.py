"""The default commitment table (C1-C3) and request sub-types (A2), editable afterwards by the
manager.

From the handbooks: an ordinary fault is handled within 6 h and repaired within 24 h (001 第五条);
an unanswerable consultation is answered within 24 h (001 第十三条); complaints within 24 h
(003 mall); an emergency is dispatched at once and attended within the hour (001 第三条).
The rest are our defaults for the categories the handbooks leave open.
"""

from datetime import time

from core.history import record_baseline
from deadlines.models import BusinessCalendar, CommitmentPolicy
from tickets.models import RequestSubtype
from tickets.vocabulary import DEFAULT_SUBTYPES

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

# C3 (003): e-mail and online messages are answered within 24 h. For the requests answered in
# words; those needing work are dispatched within minutes whatever the channel (above).
WRITTEN_CHANNELS = ("email", "online", "message")
CHANNEL_COMMITMENTS = [
    # category, channel, step, minutes
    (category, channel, "answer", 24 * H)
    for category in ("consultation", "suggestion", "praise")
    for channel in WRITTEN_CHANNELS
]

# Sub-types with promises of their own (tickets.vocabulary.DEFAULT_SUBTYPES): a trapped
# passenger is reached within 30 minutes (the lift rescue rule of TSG T5002, 困人 30 分钟到场).
SUBTYPE_COMMITMENTS = [
    # sub-type code, step, minutes
    ("elevator_trapped", "handle", 30),
]


# The office calendar business-hours commitments can be switched to (holidays and 调休 are entered
# per year in the admin); every default above runs around the clock.
DEFAULT_CALENDAR = {"name": "工作日 8:30-17:30", "day_start": time(8, 30), "day_end": time(17, 30), "weekdays": "12345"}


def seed_default_subtypes(subtype_model=RequestSubtype, using: str = "default") -> int:
    """The shipped sub-types, into an EMPTY table (the manager's edits are never undone)."""
    if subtype_model.objects.using(using).exists():
        return 0
    subtype_model.objects.using(using).bulk_create(
        subtype_model(category=category, code=code, name=name, position=i)
        for i, (category, code, name) in enumerate(DEFAULT_SUBTYPES, start=1)
    )
    return len(DEFAULT_SUBTYPES)


def default_policies(policy_model=CommitmentPolicy, subtype_model=RequestSubtype, using: str = "default") -> list:
    """Unsaved rows of every default commitment: per category, per written channel, per sub-type.
    The models are parameters so a data migration can pass its historical ones."""
    rows = [
        policy_model(category=category, priority=priority, kind=kind, minutes=minutes)
        for category, priority, kind, minutes in DEFAULT_COMMITMENTS
    ]
    rows += [
        policy_model(category=category, channel=channel, kind=kind, minutes=minutes)
        for category, channel, kind, minutes in CHANNEL_COMMITMENTS
    ]
    subtypes = subtype_model.objects.using(using).in_bulk(
        [code for code, _, _ in SUBTYPE_COMMITMENTS], field_name="code"
    )
    rows += [
        policy_model(category=subtypes[code].category, subtype=subtypes[code], kind=kind, minutes=minutes)
        for code, kind, minutes in SUBTYPE_COMMITMENTS
        if code in subtypes
    ]
    return rows


def seed_default_commitments(sender=None, using="default", **kwargs) -> int:
    """Fill an EMPTY commitment table with the defaults; never touch one that has rows.

    Connected to post_migrate, so a new installation gets the table from `migrate`, and so does
    a database flushed between transactional tests. An administrator switches a commitment off
    with `is_active`, which keeps the row and so keeps the defaults from coming back.
    """
    if not BusinessCalendar.objects.using(using).exists():
        BusinessCalendar.objects.using(using).create(**DEFAULT_CALENDAR)
    if seed_default_subtypes(using=using):
        record_baseline(RequestSubtype, using)
    if CommitmentPolicy.objects.using(using).exists():
        return 0
    rows = CommitmentPolicy.objects.using(using).bulk_create(default_policies(using=using))
    record_baseline(CommitmentPolicy, using)  # bulk_create sends no signal: their first history row
    return len(rows)
