"""Two months of work orders, played in the order they happened.

The scheduler resumes every ticket's story (core/demo/stories.py) in the order of its steps'
times, with the clock frozen at that time (time-machine), so the actions stamp the past on
the ticket, its timeline, its deadline rows and its number. Between steps it runs the real
deadline watcher at the moments it would have found work; because all tickets move forward
together, whatever the watcher records (breaches, warnings, escalations) is what it would have
seen then. Nothing is written around the actions.
"""

import heapq
import itertools
from datetime import UTC, datetime, timedelta

import time_machine

from deadlines.models import Deadline
from deadlines.watcher import check_deadlines
from demo.company import Company
from demo.plans import Plan
from demo.stories import Run

# The simulated worker passes every fifteen minutes, on the clock: one pass serves every ticket
# whose work fell due in those minutes (the real worker passes every 30 s; a quarter hour of
# lateness in two months of history is invisible, and each pass costs as much as a step).
WATCHER_TICK = timedelta(minutes=15)


class Scheduler:
    """Plays every story in the order of its steps' times, and runs the deadline watcher at the
    moments it would have found work. Because all tickets move forward together, whatever the
    watcher records (breaches, warnings, escalations) is what it would have seen at that moment."""

    def __init__(self, runs: list[Run], limit: datetime):
        self.limit = limit
        self.queue: list[tuple] = []
        self.order = itertools.count()
        self.clock = limit
        self.watched_until: datetime | None = None
        self.next_watch: dict[int, tuple[datetime, datetime]] = {}  # ticket id → (watch time, moment)
        for run in runs:
            gen = run.story()
            self.push(next(gen), ACT, run, gen)

    def push(self, when: datetime, kind: int, run: Run, gen=None) -> None:
        heapq.heappush(self.queue, (when, kind, next(self.order), run, gen))

    def play(self, progress=None) -> None:
        done = 0
        # One frozen clock for the whole simulation, moved to each step's time: the actions take
        # "now" from the clock as in production, nothing of theirs is patched.
        with time_machine.travel(self.clock, tick=False) as traveller:
            while self.queue:
                when, kind, _order, run, gen = heapq.heappop(self.queue)
                self.clock = when
                traveller.move_to(when)
                if kind == WATCH:
                    self.watch(run, when)
                    continue
                try:
                    when = next(gen)
                except StopIteration:
                    when = None
                    done += isinstance(run, Run)  # (an interlude is no ticket)
                    if progress and isinstance(run, Run) and done % 100 == 0:
                        progress(done)
                self.schedule_watch(run)
                if when is not None:
                    self.push(when, ACT, run, gen)

    def watch(self, run: Run, when: datetime) -> None:
        queued = self.next_watch.get(run.ticket.pk)
        if queued is None or queued[0] != when:
            return  # superseded: the ticket changed since this watch was queued
        del self.next_watch[run.ticket.pk]
        moment = queued[1]
        if self.watched_until is None or self.watched_until < moment:
            # (a pass since that moment has already done this ticket's work, with everyone's)
            check_deadlines(when)
            self.watched_until = when
        self.schedule_watch(run)

    def schedule_watch(self, run: Run) -> None:
        """Queue a watcher pass at the ticket's next moment of deadline work, if before now.
        Moments up to the last pass are done; a moment already past (a back-dated letter's
        deadline) is seen a little after the step that made it."""
        if run.ticket is None:
            return
        moment = next_deadline_moment(run.ticket.pk, after=self.watched_until or EPOCH)
        when = None if moment is None else max(_watcher_tick(moment), self.clock + timedelta(seconds=1))
        if when is None or when > self.limit:
            self.next_watch.pop(run.ticket.pk, None)
            return
        self.next_watch[run.ticket.pk] = (when, moment)
        self.push(when, WATCH, run)


ACT, WATCH = 1, 0  # at the same moment the watcher runs before the next step
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_DEADLINE_FIELDS = {f.name for f in Deadline._meta.get_fields()}


def _watcher_tick(moment: datetime) -> datetime:
    """The first pass of the simulated worker after `moment`."""
    ticks = (moment - EPOCH) // WATCHER_TICK + 1
    return EPOCH + ticks * WATCHER_TICK


def next_deadline_moment(ticket_id: int, *, after: datetime) -> datetime | None:
    """The first moment after `after` when the watcher has something to do for this ticket: a
    running clock falls due, a warning time passes, an escalation falls due. Fields a version of
    the watcher does not have are skipped; a moment missed here is caught by the next pass."""
    fields = [
        f
        for f in ("due_at", "breached_at", "paused_at", "warn_at", "warned_at", "escalate_at")
        if f in _DEADLINE_FIELDS
    ]
    moments = []
    for row in Deadline.objects.filter(ticket_id=ticket_id, met_at__isnull=True).values(*fields):
        running = row["paused_at"] is None
        if running and row["breached_at"] is None:
            moments.append(row["due_at"])
            if row.get("warn_at") and row.get("warned_at") is None:
                moments.append(row["warn_at"])
        if row.get("escalate_at"):
            moments.append(row["escalate_at"])
    return min((m for m in moments if m > after), default=None)


def play_all(plans: list[Plan], company: Company, now: datetime, progress=None, interludes=()) -> int:
    """Plays the tickets' stories, and `interludes`: other happenings with a story() of their own
    (a handover) that must take their place among the tickets' steps, not be written after them."""
    limit = now - timedelta(minutes=1)
    Scheduler([Run(plan, company, limit) for plan in plans] + list(interludes), limit).play(progress)
    return len(plans)
