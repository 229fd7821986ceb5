"""What happens to each demo ticket: its category, story, time of intake, final status and the
turns it takes on the way. Drawn from seeded generators, one per ticket, so one story's branches
never shift another's."""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from demo.texts import STORIES, Story
from tickets.models import Category, Channel, Status

DAYS = 60
CATEGORY_WEIGHTS = {
    Category.REPAIR: 34,
    Category.CONSULTATION: 18,
    Category.COMPLAINT: 11,
    Category.SERVICE_REQUEST: 10,
    Category.HELP: 8,
    Category.EMERGENCY: 5,
    Category.SUGGESTION: 7,
    Category.PRAISE: 7,
}
# Calls per hour of the day: a morning and an evening peak, a quiet night.
HOUR_WEIGHTS = [
    0.3,
    0.2,
    0.1,
    0.1,
    0.1,
    0.2,
    0.5,
    1.2,
    2.5,
    3.5,
    3.5,
    3.0,
    2.2,
    2.5,
    3.0,
    3.0,
    2.8,
    2.5,
    2.2,
    2.5,
    2.0,
    1.5,
    1.0,
    0.6,
]
DEFAULT_CHANNELS = {
    Channel.PHONE: 55,
    Channel.WALK_IN: 12,
    Channel.ONLINE: 12,
    Channel.MESSAGE: 12,
    Channel.EMAIL: 5,
    Channel.LETTER: 4,
}
CHANNELS = {
    Category.EMERGENCY: {Channel.PHONE: 90, Channel.WALK_IN: 10},
    Category.PRAISE: {
        Channel.PHONE: 30,
        Channel.WALK_IN: 25,
        Channel.LETTER: 20,
        Channel.MESSAGE: 15,
        Channel.EMAIL: 10,
    },
    Category.COMPLAINT: {
        Channel.PHONE: 55,
        Channel.ONLINE: 15,
        Channel.EMAIL: 8,
        Channel.LETTER: 8,
        Channel.WALK_IN: 14,
    },
}
# Letters are entered the day they arrive; only requests that can wait come by post.
LETTER_CATEGORIES = {Category.CONSULTATION, Category.SUGGESTION, Category.PRAISE, Category.COMPLAINT}
# Final status by the ticket's age in days: old work is closed, today's is open.
TARGETS_BY_AGE = [
    (0.25, {Status.NEW: 30, Status.DISPATCHED: 30, Status.ACCEPTED: 20, Status.IN_PROGRESS: 15, Status.RESOLVED: 5}),
    (
        1,
        {
            Status.NEW: 5,
            Status.DISPATCHED: 12,
            Status.ACCEPTED: 15,
            Status.IN_PROGRESS: 25,
            Status.ON_HOLD: 5,
            Status.RESOLVED: 25,
            Status.CLOSED: 13,
        },
    ),
    (
        3,
        {
            Status.DISPATCHED: 4,
            Status.ACCEPTED: 5,
            Status.IN_PROGRESS: 12,
            Status.ON_HOLD: 10,
            Status.RESOLVED: 30,
            Status.CLOSED: 39,
        },
    ),
    (10, {Status.IN_PROGRESS: 4, Status.ON_HOLD: 6, Status.RESOLVED: 12, Status.CLOSED: 78}),
    (DAYS + 1, {Status.IN_PROGRESS: 1, Status.ON_HOLD: 2, Status.RESOLVED: 3, Status.CLOSED: 94}),
]
# One ticket per status, category and channel whatever the size, and a resolved repair: (category,
# final status, channel, age, what else happens). Tickets older than a day are taken at mid-morning of their day.
H, D = 60, 24 * 60
COVERAGE = [
    (Category.REPAIR, Status.NEW, Channel.PHONE, 35, ()),
    (Category.REPAIR, Status.DISPATCHED, Channel.ONLINE, 2 * H + 30, ("transfer",)),
    (Category.REPAIR, Status.ACCEPTED, Channel.MESSAGE, 5 * H, ()),
    (Category.REPAIR, Status.IN_PROGRESS, Channel.PHONE, 26 * H, ("note",)),
    (Category.REPAIR, Status.ON_HOLD, Channel.PHONE, 2 * D, ()),
    (Category.COMPLAINT, Status.RESOLVED, Channel.LETTER, 3 * D, ()),
    (Category.REPAIR, Status.CLOSED, Channel.PHONE, 9 * D, ("reopen", "hold_midway")),
    (Category.CONSULTATION, Status.CLOSED, Channel.EMAIL, 5 * D, ()),
    (Category.EMERGENCY, Status.CLOSED, Channel.PHONE, 12 * D, ()),
    (Category.SUGGESTION, Status.RESOLVED, Channel.ONLINE, 4 * D, ()),
    (Category.HELP, Status.CLOSED, Channel.WALK_IN, 6 * D, ()),
    (Category.SERVICE_REQUEST, Status.CLOSED, Channel.MESSAGE, 15 * D, ()),
    (Category.PRAISE, Status.CLOSED, Channel.LETTER, 20 * D, ()),
    # A department's finished repair waiting for its verdict, for the acceptances (workorders.demo):
    # the drawn tickets hold one only by chance, none on some days.
    (Category.REPAIR, Status.RESOLVED, Channel.PHONE, 2 * D, ()),
]


@dataclass
class Plan:
    rng: random.Random
    category: str
    story: Story
    intake_at: datetime
    target: str
    channel: str | None = None  # None: drawn at intake
    transfer: bool = False
    reopen: bool = False
    hold_midway: bool = False
    note: bool = False
    reveal: bool = False
    late: set[str] = field(default_factory=set)


def make_plans(seed: int, count: int, now: datetime) -> list[Plan]:
    rng = random.Random(f"{seed}-plans")
    today = timezone.localtime(now).date()
    midnight = timezone.make_aware(datetime.combine(today, time.min))
    day_weights = [0.8 if (today - timedelta(days=d)).weekday() >= 5 else 1.0 for d in range(DAYS)]
    plans = []
    for i in range(count):
        # Each ticket draws from its own generator: one story's branches never shift the next's.
        own = random.Random(f"{seed}-ticket-{i}")
        channel, forced = None, ()
        if i < len(COVERAGE):
            category, target, channel, age, forced = COVERAGE[i]
            intake_at = now - timedelta(minutes=age)
            if age >= D:
                intake_at = midnight - timedelta(days=age // D) + timedelta(hours=10, minutes=7 * i)
        else:
            category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
            day = rng.choices(range(DAYS), weights=day_weights)[0]
            hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
            intake_at = (
                midnight
                - timedelta(days=day)
                + timedelta(hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
            )
            if intake_at > now - timedelta(minutes=10):
                # Today's call that has not happened yet at this hour: move it into the past hours.
                intake_at = now - timedelta(minutes=10 + own.randrange(8 * 60))
            target = None
        story = own.choice(STORIES[category])
        if target is None:
            age_days = (now - intake_at).total_seconds() / 86400
            table = next(weights for limit, weights in TARGETS_BY_AGE if age_days < limit)
            target = own.choices(list(table), weights=list(table.values()))[0]
            if category == Category.EMERGENCY and age_days > 1 and target not in (Status.RESOLVED, Status.CLOSED):
                target = Status.CLOSED  # an emergency is never left open for days
        if story.department is None and target not in (Status.NEW, Status.RESOLVED, Status.CLOSED):
            # Answered by customer service itself: no department's steps to stop at.
            target = Status.NEW if (now - intake_at) < timedelta(hours=12) else Status.CLOSED
        done = target in (Status.RESOLVED, Status.CLOSED)
        plans.append(
            Plan(
                rng=own,
                category=category,
                story=story,
                intake_at=intake_at,
                target=target,
                channel=channel,
                transfer=own.random() < 0.06 or "transfer" in forced,
                reopen=done and story.department is not None and (own.random() < 0.07 or "reopen" in forced),
                hold_midway=done and story.department is not None and (own.random() < 0.08 or "hold_midway" in forced),
                note=own.random() < 0.15 or "note" in forced,
                reveal=own.random() < 0.12,
                late={step for step in ("dispatch", "accept", "start", "resolve", "answer") if own.random() < 0.04},
            )
        )
    plans.sort(key=lambda p: p.intake_at)
    return plans
