from appraisal.models.qa import QaCriterion, QaReview, QaSample, QaSampleItem
from appraisal.models.records import (
    Appeal,
    AppraisalEvent,
    Deduction,
    Finding,
    Inspection,
    MonthConfirmation,
    MonthResult,
    MonthRun,
)
from appraisal.models.scorecards import Rule, Scorecard, ScoreCategory

__all__ = [
    "Appeal",
    "AppraisalEvent",
    "Deduction",
    "Finding",
    "Inspection",
    "MonthConfirmation",
    "MonthResult",
    "MonthRun",
    "QaCriterion",
    "QaReview",
    "QaSample",
    "QaSampleItem",
    "Rule",
    "ScoreCategory",
    "Scorecard",
]
