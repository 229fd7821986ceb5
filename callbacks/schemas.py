"""Request and response shapes of the callback API (API.md: `callbacks`)."""

from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field, StrictInt

from callbacks.models import MANUAL_KINDS, CallbackStatus, Outcome
from core.schemas import IsoDateTime, LocalDateTime, StrictIn, Text

OutcomeValue = Literal[tuple(Outcome.values)]
StatusValue = Literal[tuple(CallbackStatus.values)]
ManualKind = Literal[tuple(sorted(MANUAL_KINDS))]
Score = Field(None, ge=1, le=5)


class CallbackQuery(StrictIn):
    ticket: Text(24) | None = None
    status: StatusValue | None = None
    page: int = Field(1, ge=1, le=100_000)


class RecordIn(StrictIn):
    outcome: OutcomeValue
    score: StrictInt | None = Field(None, ge=1, le=5, description="Overall satisfaction, 1-5.")
    answers: dict[Text(20), StrictInt] | None = Field(
        None, description="Scores 1-5 per prescribed question of the script, by question code."
    )
    note: Text(500) = ""
    call_after: IsoDateTime | None = Field(None, description="Busy only: when the customer asked to be called again.")


class ManualIn(StrictIn):
    kind: ManualKind
    customer: StrictInt | None = Field(None, description="The customer's id in the archive.")
    ticket: Text(24) | None = Field(None, description="Or a ticket number: its customer is called about it.")
    due_at: IsoDateTime
    note: Text(500) = ""


class CallbackOut(Schema):
    id: int
    ticket: str | None
    ticket_status: str | None = Field(description="The ticket's status after this call.")
    kind: str
    due_at: LocalDateTime
    status: str
    attempts: int
    call_after: LocalDateTime | None
    outcome: str
    score: int | None
    answers: dict[str, int]
    department: str | None
    done_at: LocalDateTime | None
    done_by: str | None
    assigned_to: str | None = Field(description="Username of the callback agent who is to make the call, if assigned.")

    @staticmethod
    def resolve_ticket(obj) -> str | None:
        return obj.ticket.number if obj.ticket_id else None

    @staticmethod
    def resolve_ticket_status(obj) -> str | None:
        return obj.ticket.status if obj.ticket_id else None

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.code if obj.department_id else None

    @staticmethod
    def resolve_done_by(obj) -> str | None:
        return obj.done_by.username if obj.done_by_id else None

    @staticmethod
    def resolve_assigned_to(obj) -> str | None:
        return obj.assigned_to.username if obj.assigned_to_id else None


class CallbackPage(Schema):
    items: list[CallbackOut]
    count: int
    page: int
    page_size: int


class FiguresQuery(StrictIn):
    from_: date | None = Field(None, alias="from", description="First day (default: the 1st of this month).")
    to: date | None = Field(None, description="Last day, included (default: today).")
    by: Literal["department", "staff", "category", "ticket"] = "department"
    page: int = Field(1, ge=1, le=100_000, description="Per-ticket grouping only: 50 tickets a page.")


class FiguresRow(Schema):
    key: str
    label: str
    callbacks: int
    done: int
    verdicts: int
    satisfied: int
    passed: int
    completion_rate: float | None
    satisfaction_rate: float | None
    pass_rate: float | None
    average_score: float | None
    complaints: int
    complaints_processed: int
    complaint_processing_rate: float | None
    complaint_cycle_hours: float | None


class FiguresOut(Schema):
    from_: date = Field(serialization_alias="from")
    to: date
    by: str
    rows: list[FiguresRow]
    total: FiguresRow
    tickets: int | None = Field(None, description="Per-ticket grouping: how many tickets in all.")
