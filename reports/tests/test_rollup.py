"""The dashboards' daily figures (reports.rollup): rebuilt once an hour, equal to the live counts
when fresh, ignored when stale or not covering the days asked."""

import re
from datetime import date, datetime, timedelta

import time_machine

from reports import rollup
from reports.figures import table
from reports.groupings import GROUPINGS
from reports.models import DailyFigures
from reports.periods import Period
from reports.tests.conftest import SHANGHAI

LATER = datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI)


def test_the_daily_figures_equal_the_live_counts(month):
    november = Period(date(2026, 11, 1), date(2026, 11, 30))
    with time_machine.travel(LATER, tick=False):
        assert rollup.totals(november) is None  # never built: the dashboards count live
        assert rollup.refresh() > 0
        assert rollup.refresh() == 0  # rebuilt less than an hour ago
        live = table(*november.bounds(), GROUPINGS["department"])[1]
        assert rollup.totals(november).counts == live.counts
        assert rollup.totals(november).value("callback_pass_rate") == 0.75
        engineering = rollup.totals(november, month.eng.pk)
        assert (engineering.counts["received"], engineering.value("satisfaction_rate")) == (4, 0.3333)
        by_month = rollup.months(Period(date(2025, 11, 1), date(2026, 11, 30)))
        assert {m: r.counts["received"] for m, r in by_month.items()} == {"2025-11": 1, "2026-10": 1, "2026-11": 6}
        # today is not in the daily figures: a period reaching today is counted live
        assert rollup.totals(Period(date(2026, 12, 1), date(2026, 12, 2))) is None
    with time_machine.travel(LATER + timedelta(hours=3), tick=False):
        assert rollup.totals(november) is None  # stale: live again
        assert rollup.refresh() > 0
    assert DailyFigures.objects.filter(day=date(2026, 11, 10), department=month.eng).get().received == 4


def test_the_dashboard_reads_the_same_numbers_from_either(client, month):
    params = {"from": "2026-11-01", "to": "2026-11-30"}
    with time_machine.travel(LATER, tick=False):
        client.force_login(month.manager)
        response = client.get("/reports/", params)
        assert response.status_code == 200, response
        live = response.content.decode()
        rollup.refresh()
        rolled = client.get("/reports/", params).content.decode()
    tiles = re.compile(r'<div class="kpi-tiles">.*?<div class="report-charts">.*?</figure>', re.S)
    assert tiles.search(live).group(0) == tiles.search(rolled).group(0)
    received = re.search(r'data-kpi="received">.*?</div>', rolled, re.S).group(0)
    assert "环比 1 (+5)" in received and "同比 1 (+5)" in received
