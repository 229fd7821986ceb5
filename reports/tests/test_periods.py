"""Periods (K2): the unit around a day, the previous period (环比) and a year before (同比)."""

from datetime import date

import pytest

from core.errors import InvalidInput
from reports.periods import Period, around, parse_period


@pytest.mark.parametrize(
    "unit, day, first, last",
    [
        ("day", date(2026, 11, 10), date(2026, 11, 10), date(2026, 11, 10)),
        ("week", date(2026, 11, 12), date(2026, 11, 9), date(2026, 11, 15)),
        ("month", date(2026, 2, 10), date(2026, 2, 1), date(2026, 2, 28)),
        ("quarter", date(2026, 11, 10), date(2026, 10, 1), date(2026, 12, 31)),
        ("year", date(2026, 11, 10), date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_around(unit, day, first, last):
    assert around(unit, day) == Period(first, last)


@pytest.mark.parametrize(
    "period, previous, year_before",
    [
        # whole months: March against February, a quarter against the quarter before
        (
            Period(date(2026, 3, 1), date(2026, 3, 31)),
            (date(2026, 2, 1), date(2026, 2, 28)),
            (date(2025, 3, 1), date(2025, 3, 31)),
        ),
        (
            Period(date(2026, 4, 1), date(2026, 6, 30)),
            (date(2026, 1, 1), date(2026, 3, 31)),
            (date(2025, 4, 1), date(2025, 6, 30)),
        ),
        # this month so far against the same days of the month before
        (
            Period(date(2026, 3, 1), date(2026, 3, 30)),
            (date(2026, 2, 1), date(2026, 2, 28)),
            (date(2025, 3, 1), date(2025, 3, 30)),
        ),
        (
            Period(date(2026, 12, 1), date(2026, 12, 4)),
            (date(2026, 11, 1), date(2026, 11, 4)),
            (date(2025, 12, 1), date(2025, 12, 4)),
        ),
        # a week against the week before; a leap day a year on
        (
            Period(date(2026, 11, 9), date(2026, 11, 15)),
            (date(2026, 11, 2), date(2026, 11, 8)),
            (date(2025, 11, 9), date(2025, 11, 15)),
        ),
        (
            Period(date(2028, 2, 1), date(2028, 2, 29)),
            (date(2028, 1, 1), date(2028, 1, 31)),
            (date(2027, 2, 1), date(2027, 2, 28)),
        ),
    ],
)
def test_previous_and_a_year_before(period, previous, year_before):
    assert (period.previous().first, period.previous().last) == previous
    assert (period.year_before().first, period.year_before().last) == year_before


def test_bad_periods_are_refused_with_a_chinese_message():
    today = date(2026, 11, 10)
    with pytest.raises(InvalidInput) as error:
        parse_period("2026-11-30", "2026-11-01", today=today)
    assert str(error.value.message) == "结束日期早于开始日期。"
    with pytest.raises(InvalidInput) as error:
        parse_period("2021-01-01", "2026-11-30", today=today)
    assert "5 年" in str(error.value.message)
    assert parse_period("2021-12-01", "2026-11-30", today=today).days == 1826
    with pytest.raises(InvalidInput):
        parse_period("1999-12-31", "2000-01-02", today=today)
    assert parse_period("", "", today=today) == Period(date(2026, 11, 1), date(2026, 11, 10))
