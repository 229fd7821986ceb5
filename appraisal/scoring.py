"""The arithmetic of a 100-point scorecard (I3), in one pure function: each category loses what
was deducted from it and never goes below zero (扣完为止); the total is the sum of the scores."""

from collections.abc import Iterable
from decimal import Decimal


def score_categories(categories: Iterable, deducted: dict[str, Decimal]) -> list[dict]:
    rows = []
    for category in categories:
        off = deducted.get(category.code, Decimal(0))
        rows.append(
            {
                "code": category.code,
                "name": category.name,
                "max": category.max_points,
                "deducted": off,
                "score": max(Decimal(0), category.max_points - off),
            }
        )
    return rows
