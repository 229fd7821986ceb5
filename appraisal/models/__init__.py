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
from appraisal.models.scorecards import Rule, ScoreCategory, Scorecard

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
