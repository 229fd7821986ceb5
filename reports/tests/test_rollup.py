"""The daily figures (reports.rollup): rebuilt day by day by the worker, read for the fresh past days
of any report, by any grouping, equal to the live counts; stale or missing days are counted live."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine

from reports import rollup
from reports.figures import series, table
from reports.groupings import GROUPINGS
from reports.models import DailyFigures, FiguresDay
from reports.periods import Period
from reports.tests.conftest import SHANGHAI
from tickets.models import Ticket

LATER = datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI)
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
YEAR = Period(date(2025, 11, 1), date(2026, 12, 2))  # reaches today: the figures and live together


def _tables(period, department=None):
    return {
        code: [(r.key, r.label, r.counts) for r in table(*period.bounds(), by, department=department)[0]]
        for code, by in GROUPINGS.items()
    }


def _months(period):
    return [(r.key, r.counts) for r in series(*period.bounds(), "month")]


def test_every_grouping_reads_the_same_from_the_figures_as_live(month):
    with time_machine.travel(LATER, tick=False):
        live = _tables(NOVEMBER), _tables(YEAR), _tables(NOVEMBER, month.eng.pk), _months(YEAR)
        assert rollup.fresh_days(YEAR.first, YEAR.last) == set()  # never built: all live
        assert rollup.refresh(force=True) > 0
        assert len(rollup.fresh_days(YEAR.first, YEAR.last)) == (date(2026, 12, 1) - YEAR.first).days + 1
        assert date(2026, 12, 2) not in rollup.fresh_days(YEAR.first, YEAR.last)  # today: always live
        rolled = _tables(NOVEMBER), _tables(YEAR), _tables(NOVEMBER, month.eng.pk), _months(YEAR)
    assert rolled == live
    assert live[0]["department"] and live[3]  # there was something to compare
    assert DailyFigures.objects.filter(day=date(2026, 11, 10), department=month.eng).count() >= 1


def test_the_reports_read_the_figures_not_the_tickets(month):
    with time_machine.travel(LATER, tick=False):
        rollup.refresh(force=True)
        Ticket.objects.filter(received_at__lt=datetime(2026, 12, 1, tzinfo=SHANGHAI)).update(category="help")
        rows, total = table(*NOVEMBER.bounds(), GROUPINGS["category"])
    # The change since the last rebuild is not seen (the documented lag); nothing was counted live.
    assert "help" not in {r.group for r in rows}
    assert total.counts["received"] == 6


def test_a_pass_rebuilds_the_newest_due_days_first_in_batches(month):
    with time_machine.travel(LATER, tick=False):
        assert rollup.refresh() >= 0
        built = set(FiguresDay.objects.values_list("day", flat=True))
        assert len(built) == rollup.BATCH
        assert max(built) == date(2026, 12, 1) and min(built) == date(2026, 12, 1) - timedelta(days=rollup.BATCH - 1)
        rollup.refresh()
        assert FiguresDay.objects.count() == 2 * rollup.BATCH
        rollup.refresh()
        assert FiguresDay.objects.count() == 3 * rollup.BATCH  # older days follow, a batch a pass
    with time_machine.travel(LATER + timedelta(hours=3), tick=False):
        # The recent days are stale after two hours: live again until rebuilt, rebuilt first.
        assert rollup.fresh_days(date(2026, 11, 1), date(2026, 11, 30)) == set()
        rollup.refresh()
        assert date(2026, 11, 30) in rollup.fresh_days(date(2026, 11, 1), date(2026, 11, 30))


@pytest.mark.parametrize("refreshed", [False, True])
def test_the_dashboard_shows_the_same_numbers_either_way(client, month, refreshed):
    params = {"from": "2026-11-01", "to": "2026-11-30"}
    with time_machine.travel(LATER, tick=False):
        client.force_login(month.manager)
        if refreshed:
            rollup.refresh(force=True)
        page = client.get("/reports/", params)
        assert page.status_code == 200, page
        html = page.content.decode()
    received = re.search(r'data-kpi="received">.*?</div>', html, re.S).group(0)
    assert "环比 1 (+5)" in received and "同比 1 (+5)" in received


def test_days_built_before_a_figure_was_added_are_counted_live(month):
    with time_machine.travel(LATER, tick=False):
        rollup.refresh(force=True)
        assert rollup.fresh_days(NOVEMBER.first, NOVEMBER.last)
        FiguresDay.objects.update(shape="older-release")  # built with other counts or cells
        assert rollup.fresh_days(NOVEMBER.first, NOVEMBER.last) == set()
        rollup.refresh()
        assert len(rollup.fresh_days(NOVEMBER.first, NOVEMBER.last)) == rollup.BATCH - 1  # Dec 1 and 6 of November
