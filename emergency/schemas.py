"""Request and response shapes of the emergency API (API.md: `emergency/…`; more in docs/api.md)."""

from datetime import date

from ninja import Schema
from pydantic import Field, StrictInt

from core.schemas import IsoDateTime, LocalDateTime, StrictIn, Text, bounded_list


class PlanStepOut(Schema):
    n: int
    title: str
    role: str
    minutes: int = Field(description="To be done within this many minutes of the activation.")
    department: str | None = None

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.code if obj.department_id else None


class PlanOut(Schema):
    code: str
    name: str
    kind: str
    version: int
    drill_every_days: int
    steps: list[PlanStepOut]

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class ActivateIn(StrictIn):
    ticket: Text(24) | None = Field(
        None, description="The emergency ticket's number; the alarm time is its received time."
    )
    note: Text(500) = ""
    called_at: IsoDateTime | None = Field(None, description="Without a ticket: when the alarm came in (default now).")


class StepDoneIn(StrictIn):
    note: Text(500) = ""


class ActionIn(StrictIn):
    text: Text(300)
    owner: Text(150) = Field(description="Username of the person answerable for it.")
    due_on: date


class CloseIn(StrictIn):
    cause: Text(2000)
    went_well: Text(2000)
    to_improve: Text(2000) = ""
    actions: bounded_list(ActionIn, max_length=30) = []


class ActivationStepOut(Schema):
    n: int
    title: str
    role: str
    due_at: LocalDateTime
    done_at: LocalDateTime | None
    by: str | None
    note: str
    overdue: bool
    minutes_from_call: int | None = Field(description="Minutes from the alarm to the check-off.")


class CorrectiveActionOut(Schema):
    id: int
    text: str
    owner: str
    due_on: date
    done_at: LocalDateTime | None


class ActivationOut(Schema):
    id: int
    plan: str
    plan_name: str
    version: int
    ticket: str | None
    status: str
    called_at: LocalDateTime
    started_at: LocalDateTime
    started_by: str
    minutes_to_activate: int = Field(description="Minutes from the alarm to the activation.")
    alerted: list[str]
    steps: list[ActivationStepOut]
    closed_at: LocalDateTime | None
    cause: str
    went_well: str
    to_improve: str
    actions: list[CorrectiveActionOut]


class DrillIn(StrictIn):
    held_at: IsoDateTime
    participants: bounded_list(Text(150), min_length=1, max_length=200)
    findings: Text(2000)
    scenario: Text(2000) = ""
    score: StrictInt | None = Field(None, ge=0, le=100)
    ended_at: IsoDateTime | None = None


class DrillOut(Schema):
    id: int
    plan: str
    version: int
    held_at: LocalDateTime
    ended_at: LocalDateTime | None
    scenario: str
    participants: list[str]
    findings: str
    score: int | None
    recorded_by: str
