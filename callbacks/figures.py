"""Satisfaction figures (E4, D5) per ticket, department, staff member or category. Reads only.

Exact definitions (also in the README, so a manager can count them by hand):

- A callback counts in the period when it was created (the work was resolved) in [start, end).
  A callback superseded by a later round of the same ticket (done without an outcome) never counts.
- verdicts = callbacks recorded satisfied, basically satisfied or unsatisfied.
- satisfaction rate = satisfied ÷ verdicts (满意率: "satisfied" only).
- callback pass rate = (satisfied + basically satisfied) ÷ verdicts (回访合格率, E4 target > 98 %).
- callback completion rate = callbacks done (a verdict, or unreachable after the last try) ÷ callbacks.
- average score = mean of the overall scores (1-5) given.
- complaint processing rate = complaints received in the period that are resolved or closed ÷
  complaints received in the period (D5 target 100 %).
- complaint cycle = mean hours from receipt to the (last) resolution of those processed complaints
  (D5 target < 24 h).

Grouping: a callback belongs to the department responsible for the work when it was resolved, to
the staff member who resolved or answered it, to the ticket's category and to the ticket; a
complaint to its ticket's department, its owner (who follows it, D2), its category and itself.
"""

from dataclasses import dataclass, field
from datetime import datetime

from callbacks.models import PASSING, Callback, CallbackStatus, Outcome
from tickets.models import Ticket
from tickets.vocabulary import Category, Status

GROUPINGS = ("department", "staff", "category", "ticket")


@dataclass
class Row:
    key: str
    label: str
    callbacks: int = 0
    done: int = 0
    verdicts: int = 0
    satisfied: int = 0
    passed: int = 0
    scores: list[int] = field(default_factory=list)
    complaints: int = 0
    complaints_processed: int = 0
    cycle_hours: list[float] = field(default_factory=list)

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def satisfaction_rate(self) -> float | None:
        return self._rate(self.satisfied, self.verdicts)

    @property
    def pass_rate(self) -> float | None:
        return self._rate(self.passed, self.verdicts)

    @property
    def completion_rate(self) -> float | None:
        return self._rate(self.done, self.callbacks)

    @property
    def average_score(self) -> float | None:
        return round(sum(self.scores) / len(self.scores), 2) if self.scores else None

    @property
    def complaint_processing_rate(self) -> float | None:
        return self._rate(self.complaints_processed, self.complaints)

    @property
    def complaint_cycle_hours(self) -> float | None:
        return round(sum(self.cycle_hours) / len(self.cycle_hours), 1) if self.cycle_hours else None


def _callback_key(callback: Callback, by: str) -> tuple[str, str]:
    if by == "department":
        d = callback.department
        return (d.code, d.name) if d else ("", "—")
    if by == "staff":
        s = callback.resolved_by
        return (s.username, f"{s.display_name} {s.work_number}") if s else ("", "—")
    if by == "category":
        category = callback.ticket.category if callback.ticket_id else ""
        return category, str(Category(category).label) if category else "—"
    number = callback.ticket.number if callback.ticket_id else ""
    return number, number or "—"


def _complaint_key(ticket: Ticket, by: str) -> tuple[str, str]:
    if by == "department":
        d = ticket.department
        return (d.code, d.name) if d else ("", "—")
    if by == "staff":
        return ticket.owner.username, f"{ticket.owner.display_name} {ticket.owner.work_number}"
    if by == "category":
        return ticket.category, str(Category(ticket.category).label)
    return ticket.number, ticket.number


def satisfaction_figures(*, start: datetime, end: datetime, by: str = "department") -> tuple[list[Row], Row]:
    """The rows of one grouping, and the total over all of them."""
    if by not in GROUPINGS:
        raise ValueError(by)
    rows: dict[str, Row] = {}
    total = Row(key="", label="")

    def row(key: str, label: str) -> Row:
        if key not in rows:
            rows[key] = Row(key=key, label=label)
        return rows[key]

    callbacks = (
        Callback.objects.filter(created_at__gte=start, created_at__lt=end)
        .exclude(status=CallbackStatus.DONE, outcome="")
        .select_related("department", "resolved_by", "ticket")
    )
    for callback in callbacks:
        for r in (row(*_callback_key(callback, by)), total):
            r.callbacks += 1
            if callback.status == CallbackStatus.DONE:
                r.done += 1
            if callback.outcome in (Outcome.SATISFIED, Outcome.BASICALLY_SATISFIED, Outcome.UNSATISFIED):
                r.verdicts += 1
                r.satisfied += callback.outcome == Outcome.SATISFIED
                r.passed += callback.outcome in PASSING
                if callback.score:
                    r.scores.append(callback.score)

    complaints = Ticket.objects.filter(
        category=Category.COMPLAINT, received_at__gte=start, received_at__lt=end
    ).select_related("department", "owner")
    for ticket in complaints:
        for r in (row(*_complaint_key(ticket, by)), total):
            r.complaints += 1
            if ticket.status in (Status.RESOLVED, Status.CLOSED) and ticket.resolved_at:
                r.complaints_processed += 1
                r.cycle_hours.append((ticket.resolved_at - ticket.received_at).total_seconds() / 3600)
    return sorted(rows.values(), key=lambda r: (r.label == "—", r.label)), total
