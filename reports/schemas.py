"""API schemas of the reports (API.md `GET reports/kpi`)."""

from datetime import date

from ninja import Schema
from pydantic import Field

from core.schemas import StrictIn


class KpiQuery(StrictIn):
    # Plain text, checked by reports.periods / reports.selectors: their refusals say in Chinese
    # what is wrong (from after to, an unknown grouping, more than 5 years).
    from_: str = Field("", alias="from", description="First day, YYYY-MM-DD (default: the 1st of this month).")
    to: str = Field("", description="Last day, included (default: today).")
    by: str = Field("department", description="department, staff, category, channel, community or area.")
    format: str = Field("json", description="json, or xlsx for the same numbers as a spreadsheet.")
    department: str = Field("", description="A department code: only its figures.")


class KpiRowOut(Schema):
    key: str
    label: str
    received: int
    closed: int
    on_time_rate: float | None
    satisfaction_rate: float | None
    complaint_rate: float | None
    callback_pass_rate: float | None
    complaint_processing_rate: float | None
    # Beyond API.md (README, "Reports"): the other figures of K1/D5/E4.
    repair_quality_pass_rate: float | None
    complaints_within_24h_rate: float | None
    complaint_cycle_hours: float | None
    average_score: float | None
    callback_completion_rate: float | None
    paid_revenue: str = Field(description="Revenue from paid service items, yuan as a decimal string ('95.25').")
    free_items: int = Field(description="Free service items recorded on the tickets of the period.")
    # The numerators and denominators; money (paid_revenue) as a decimal string.
    counts: dict[str, int | float | str]


class KpiReportOut(Schema):
    from_: date = Field(..., alias="from")
    to: date
    by: str
    rows: list[KpiRowOut]
    total: KpiRowOut


class TrendQuery(StrictIn):
    from_: str = Field("", alias="from")
    to: str = Field("", alias="to")
    unit: str = Field("", description="day, week, month, quarter or year (default: by the period's length).")
    department: str = ""


class TrendPointOut(Schema):
    key: str
    received: int
    closed: int
    on_time_rate: float | None
    satisfaction_rate: float | None
    complaint_rate: float | None
    callback_pass_rate: float | None
    complaint_processing_rate: float | None
    repair_quality_pass_rate: float | None
    complaints_within_24h_rate: float | None
    paid_revenue: str = Field(description="Yuan as a decimal string.")
    free_items: int


class TrendOut(Schema):
    from_: date = Field(..., alias="from")
    to: date
    unit: str
    points: list[TrendPointOut]
