"""Request and response shapes of the appraisal and QA API (API.md: `inspections`,
`appraisals`, `qa/…`). Vocabulary is checked by the actions, which word the refusal."""

from typing import Any

from ninja import Schema
from pydantic import Field, StrictBool, StrictInt

from core.schemas import LocalDateTime, StrictIn, Text, bounded_list

Number = StrictInt | float


class FindingIn(StrictIn):
    category: Text(30)
    severity: Text(20)
    points: Number | None = Field(None, description="For `consequential` only: the points the inspector deducts.")
    note: Text(500) = ""
    cause: Text(30) = Field(
        "", description="Manager's scorecard only: the cause category that is also deducted (连带扣分)."
    )


class InspectionIn(StrictIn):
    staff: Text(150, min_length=1)
    kind: Text(20)
    findings: bounded_list(FindingIn, max_length=30)
    note: Text(1000) = ""


class FindingOut(Schema):
    category: str
    severity: str
    points: float
    cause: str
    note: str


class InspectionOut(Schema):
    id: int
    staff: str
    inspector: str
    kind: str
    month: str
    at: LocalDateTime
    note: str
    findings: list[FindingOut]
    total: float


class AppealOut(Schema):
    id: int
    status: str
    reason: str
    decision_note: str


class DeductionOut(Schema):
    id: int
    points: float
    reason: str
    source: str
    ref: str
    url: str | None
    counts: bool
    appeal: AppealOut | None


class CategoryOut(Schema):
    code: str
    name: str
    max: float
    score: float
    deductions: list[DeductionOut]


class AppraisalOut(Schema):
    staff: str
    name: str
    month: str
    scorecard_version: int | None
    total: float
    bonus: float
    result: float
    confirmed: bool
    categories: list[CategoryOut]
    points: list[DeductionOut]
    kpi: dict[str, Any]
    computed_at: LocalDateTime | None


class AppealIn(StrictIn):
    reason: Text(1000)


class DecisionIn(StrictIn):
    upheld: StrictBool
    note: Text(1000) = ""


class ResultOut(Schema):
    staff: str
    name: str
    work_number: str
    role: str
    department: str | None
    total: float
    bonus: float
    result: float
    kpi: dict[str, Any]


class MonthOut(Schema):
    month: str
    confirmed: bool
    results: list[ResultOut]


class CriterionOut(Schema):
    code: str
    name: str
    max: int
    critical: bool


class SampleIn(StrictIn):
    month: Text(7)
    staff: Text(150) | None = None
    size: StrictInt | None = Field(None, description="Items per person (default 5, at most 50).")
    seed: StrictInt | None = Field(None, description="The same seed draws the same sample; omitted: a new one.")


class SampleItemOut(Schema):
    ticket: str
    callback: int | None
    staff: str
    kind: str


class SampleOut(Schema):
    seed: int
    month: str
    items: list[SampleItemOut]


class ReviewIn(StrictIn):
    ticket: Text(24, min_length=1)
    scores: dict[str, Any]
    advice: Text(2000) = ""
    callback: StrictInt | None = Field(None, description="Review a callback of the ticket instead of the call.")


class ReviewOut(Schema):
    id: int
    ticket: str
    callback: int | None
    staff: str
    reviewer: str
    month: str
    scores: dict[str, float]
    total: float
    passed: bool
    critical_failed: bool
    advice: str
    dispute_status: str
    dispute_reason: str
    created_at: LocalDateTime
