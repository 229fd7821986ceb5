"""Satisfaction figures (E4, D5) counted by hand on a small, known set of work."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from callbacks.actions import record_callback
from callbacks.figures import satisfaction_figures
from callbacks.models import Callback
from tickets.actions import accept_ticket, dispatch_ticket, resolve_ticket, start_ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI)
MONTH = {"start": datetime(2026, 11, 1, tzinfo=SHANGHAI), "end": datetime(2026, 12, 1, tzinfo=SHANGHAI)}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _work(world, ticket, department, worker, clock, hours=2):
    dispatch_ticket(ticket, department=department, actor=world.agent)
    accept_ticket(ticket, actor=worker)
    start_ticket(ticket, actor=worker)
    clock.shift(timedelta(hours=hours))
    return resolve_ticket(ticket, result="已处理", actor=worker)


@pytest.fixture
def month(world, make_ticket, _clock):
    """工程部: 4 repairs — satisfied 5, basically satisfied 4, unsatisfied 2, one still due.
    秩序维护部: 2 complaints — one resolved in 30 h and satisfied 5, one still open."""
    outcomes = [("satisfied", 5), ("basically_satisfied", 4), ("unsatisfied", 2), None]
    for outcome in outcomes:
        ticket = _work(world, make_ticket(), world.eng, world.engineer, _clock)
        if outcome:
            record_callback(
                Callback.objects.get(ticket=ticket, round=0), outcome=outcome[0], score=outcome[1], actor=world.agent
            )
    complaint = _work(
        world, make_ticket(category="complaint", content="保安态度差"), world.security, world.guard, _clock, hours=30
    )
    record_callback(complaint.callbacks.get(), outcome="satisfied", score=5, actor=world.agent)
    open_complaint = make_ticket(category="complaint", content="夜里噪音")
    dispatch_ticket(open_complaint, department=world.security, actor=world.agent)


def test_the_figures_per_department_are_those_counted_by_hand(world, month):
    rows, total = satisfaction_figures(by="department", **MONTH)
    eng = next(r for r in rows if r.key == "eng")
    assert (eng.callbacks, eng.done, eng.verdicts, eng.satisfied, eng.passed) == (4, 3, 3, 1, 2)
    assert eng.completion_rate == 75.0
    assert eng.satisfaction_rate == 33.3
    assert eng.pass_rate == 66.7
    assert eng.average_score == pytest.approx(3.67)
    assert eng.complaints == 0 and eng.complaint_processing_rate is None
    security = next(r for r in rows if r.key == "security")
    assert (security.callbacks, security.satisfaction_rate, security.pass_rate) == (1, 100.0, 100.0)
    assert (security.complaints, security.complaints_processed, security.complaint_processing_rate) == (2, 1, 50.0)
    assert security.complaint_cycle_hours == 30.0
    assert (total.callbacks, total.verdicts, total.complaints) == (5, 4, 2)
    assert total.pass_rate == 75.0


def test_per_staff_member_the_verdict_belongs_to_who_resolved_the_work(world, month):
    rows, _total = satisfaction_figures(by="staff", **MONTH)
    assert {r.key: r.callbacks for r in rows if r.callbacks} == {"engineer": 4, "guard": 1}
    # complaints belong to their owner, who follows them (D2)
    assert next(r for r in rows if r.key == "agent").complaints == 2


def test_per_category_and_per_ticket(world, month):
    rows, _total = satisfaction_figures(by="category", **MONTH)
    assert {r.key: (r.callbacks, r.complaints) for r in rows} == {"repair": (4, 0), "complaint": (1, 2)}
    rows, _total = satisfaction_figures(by="ticket", **MONTH)
    assert len(rows) == 6


def test_a_superseded_callback_does_not_count(world, make_ticket, _clock):
    from tickets.actions import reopen_ticket

    ticket = _work(world, make_ticket(), world.eng, world.engineer, _clock)
    reopen_ticket(ticket, reason="又坏了", actor=world.agent)
    accept_ticket(ticket, actor=world.engineer)
    start_ticket(ticket, actor=world.engineer)
    resolve_ticket(ticket, result="再修", actor=world.engineer)
    _rows, total = satisfaction_figures(by="department", **MONTH)
    assert total.callbacks == 1


def test_the_manager_page_shows_them(client, world, month):
    client.force_login(world.manager)
    html = client.get(reverse("satisfaction-figures"), {"from": "2026-11-01", "to": "2026-11-30"}).content.decode()
    assert 'data-row="eng"' in html and 'data-row="security"' in html
    assert "66.7" in html


@pytest.mark.parametrize("persona", ["agent", "engineer", "steward"])
def test_the_figures_are_the_leads_page(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("satisfaction-figures")).status_code == 403


def test_bad_periods_are_refused(client, world):
    client.force_login(world.manager)
    assert client.get(reverse("satisfaction-figures"), {"from": "nonsense"}).status_code == 400
    assert client.get(reverse("satisfaction-figures"), {"from": "2026-11-20", "to": "2026-11-01"}).status_code == 400
    assert client.get(reverse("satisfaction-figures"), {"by": "weather"}).status_code == 400


def test_rates_are_rounded_half_up_as_a_manager_would():
    from callbacks.figures import Row

    # 1 ÷ 16 = 6.25 %: half up gives 6.3 (Python's round() would give 6.2)
    assert Row(key="", label="", satisfied=1, verdicts=16).satisfaction_rate == 6.3
    assert Row(key="", label="", passed=2, verdicts=3).pass_rate == 66.7
    assert Row(key="", label="", scored=8, score_sum=34).average_score == 4.25
    assert Row(key="", label="").pass_rate is None  # nothing to divide by: "—", not 0


def test_the_figures_cost_the_same_few_queries_whatever_the_volume(world, month, make_ticket, _clock):
    """Grouped COUNT/SUM in the database: two totals, two grouped counts, one for the labels."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(by):
        with CaptureQueriesContext(connection) as captured:
            satisfaction_figures(by=by, **MONTH)
        return len(captured)

    before = {by: queries(by) for by in ("department", "staff", "category")}
    assert before == {"department": 5, "staff": 5, "category": 4}  # categories need no label query
    for _ in range(5):
        _work(world, make_ticket(), world.eng, world.engineer, _clock)
    assert {by: queries(by) for by in before} == before


def test_the_per_ticket_figures_are_read_a_page_at_a_time(client, world, month):
    from callbacks.figures import ticket_page

    page = ticket_page(per_page=4, **MONTH)
    assert page.paginator.count == 6
    ids = list(page.object_list)
    rows, total = satisfaction_figures(by="ticket", ticket_ids=ids, **MONTH)
    assert len(rows) == 4 and [r.key for r in rows] == sorted((r.key for r in rows), reverse=True)
    assert total.callbacks == 5  # the total is always the whole period's
    second = ticket_page(per_page=4, number=2, **MONTH)
    assert len(second.object_list) == 2 and not set(second.object_list) & set(ids)

    client.force_login(world.supervisor)
    html = client.get(reverse("satisfaction-figures"), {"from": "2026-11-01", "to": "2026-11-30", "by": "ticket"})
    assert html.status_code == 200
    assert html.content.decode().count('data-row="GD') == 6


def test_the_board_strip_shows_this_months_totals_to_the_leads_only(client, world, month):
    client.force_login(world.supervisor)
    html = client.get(reverse("satisfaction-strip")).content.decode()
    # 5 callbacks, 4 verdicts: 2 satisfied, 1 basically, 1 unsatisfied; 2 complaints, 1 processed in 30 h
    assert re.search(r'data-stat="satisfaction"><span class="stat-n">50.0%', html)
    assert re.search(r'class="stat stat-overdue" data-stat="pass"><span class="stat-n">75.0%', html)
    assert re.search(r'data-stat="completion"><span class="stat-n">80.0%', html)
    assert re.search(r'data-stat="processing"><span class="stat-n">50.0%', html)
    assert re.search(r'data-stat="cycle"><span class="stat-n">30.0<', html)
    client.force_login(world.agent)
    assert client.get(reverse("satisfaction-strip")).content == b""


def test_the_api_gives_the_same_figures(world, month):
    from kefu.apitest import ApiClient, error_of

    api = ApiClient(world.supervisor)
    response = api.get("/api/v1/callbacks/figures", {"from": "2026-11-01", "to": "2026-11-30"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["from"], body["to"], body["by"], body["tickets"]) == ("2026-11-01", "2026-11-30", "department", None)
    eng = next(r for r in body["rows"] if r["key"] == "eng")
    assert (eng["callbacks"], eng["completion_rate"], eng["satisfaction_rate"], eng["pass_rate"]) == (
        4,
        75.0,
        33.3,
        66.7,
    )
    assert eng["average_score"] == 3.67 and eng["complaint_processing_rate"] is None
    assert (body["total"]["pass_rate"], body["total"]["complaint_cycle_hours"]) == (75.0, 30.0)

    per_ticket = api.get("/api/v1/callbacks/figures", {"from": "2026-11-01", "to": "2026-11-30", "by": "ticket"}).json()
    assert per_ticket["tickets"] == 6 and len(per_ticket["rows"]) == 6

    for params, field in [
        ({"from": "2026-11-30", "to": "2026-11-01"}, "to"),
        ({"by": "weather"}, "by"),
        ({"from": "yesterday"}, "from"),
        ({"form": "2026-11-01"}, "form"),
    ]:
        refused = api.get("/api/v1/callbacks/figures", params)
        assert refused.status_code == 400, params
        assert any(field in key for key in error_of(refused).get("fields", {})), (params, error_of(refused))
    assert ApiClient(world.agent).get("/api/v1/callbacks/figures").status_code == 403
