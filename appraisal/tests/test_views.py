"""The screens: the person, the inspector, the superior, the manager and QA, each through a
browser form (Django's test client), with the refusals shown in Chinese."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from appraisal.models import Appeal, Deduction, Inspection, QaReview, QaSample, Scorecard
from appraisal.tests.conftest import SHANGHAI


@pytest.fixture
def browser(world):
    def login(name: str) -> Client:
        client = Client()
        client.force_login(getattr(world, name))
        return client

    return login


def test_the_inspector_records_a_check_and_the_person_appeals_it(clock, world, browser):
    supervisor = browser("supervisor")
    page = supervisor.get("/appraisal/inspect/?staff=agent")
    assert page.status_code == 200 and "交接班质量" in page.content.decode()
    response = supervisor.post(
        "/appraisal/inspect/",
        {
            "staff": "agent",
            "kind": "daily",
            "category_0": "handover",
            "severity_0": "general",
            "note_0": "交接本未签字",
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response.url == f"/appraisal/inspections/{inspection.pk}/"
    assert "交接本未签字" in supervisor.get(response.url).content.decode()
    # the agent sees it on her scorecard and appeals once
    agent = browser("agent")
    page = agent.get("/appraisal/").content.decode()
    assert "我的考核" in page and "交接本未签字" in page and "data-total-value>99.0<" in page
    deduction = Deduction.objects.get()
    assert agent.post(f"/appraisal/deductions/{deduction.pk}/appeal/", {"reason": "已补签"}).status_code == 302
    second = agent.post(f"/appraisal/deductions/{deduction.pk}/appeal/", {"reason": "再申诉"})
    assert second.status_code == 409 and "只能申诉一次" in second.content.decode()
    # the superior sees it to decide, and decides
    assert "已补签" in supervisor.get("/appraisal/team/").content.decode()
    appeal = Appeal.objects.get()
    assert (
        supervisor.post(f"/appraisal/appeals/{appeal.pk}/decide/", {"upheld": "0", "note": "未补签"}).status_code == 302
    )
    assert Appeal.objects.get().status == "rejected"


def test_the_inspection_form_refuses_bad_findings_in_chinese(clock, world, browser):
    response = browser("supervisor").post(
        "/appraisal/inspect/",
        {"staff": "agent", "kind": "daily", "category_0": "handover", "severity_0": "general", "points_0": "3"},
    )
    assert response.status_code == 400 and "只有引起不良后果的违规才能填写扣分" in response.content.decode()
    response = browser("agent2").post(
        "/appraisal/inspect/", {"staff": "agent", "kind": "daily", "category_0": "handover", "severity_0": "general"}
    )
    assert response.status_code == 403 and "汇报线" in response.content.decode()
    assert not Inspection.objects.exists()


def test_the_manager_computes_confirms_and_exports_the_month(world, browser):
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        manager = browser("manager")
        assert manager.post("/appraisal/months/", {"month": "2026-11"}).status_code == 302
        page = manager.get("/appraisal/months/?month=2026-11").content.decode()
        assert "孙丽" in page and "确认本月考核" in page
        assert manager.post("/appraisal/months/2026-11/confirm/").status_code == 302
        assert "data-confirmed" in manager.get("/appraisal/months/?month=2026-11").content.decode()
        export = manager.get("/appraisal/months/2026-11/export/")
        assert export.status_code == 200 and export.content[:2] == b"PK"
        assert browser("agent").get("/appraisal/months/").status_code == 403


def test_the_manager_saves_a_new_scorecard_version(clock, world, browser):
    manager = browser("manager")
    assert "岗位工作质量" in manager.get("/appraisal/scorecards/").content.decode()
    rows = {
        "track": "staff",
        "effective_from": "2026-12",
        "code_0": "post_quality",
        "name_0": "岗位工作质量",
        "max_0": "40",
        "general_0": "2",
        "serious_0": "5",
        "code_1": "service",
        "name_1": "服务质量",
        "max_1": "60",
        "general_1": "2",
        "serious_1": "5",
    }
    assert manager.post("/appraisal/scorecards/", rows).status_code == 302
    card = Scorecard.objects.get(track="staff", version=2)
    assert [c.code for c in card.categories.all()] == ["post_quality", "service"]
    # November stays on version 1, December is scored on version 2
    from datetime import date

    assert Scorecard.objects.in_force("staff", date(2026, 11, 1)).version == 1
    assert Scorecard.objects.in_force("staff", date(2026, 12, 1)).version == 2
    bad = manager.post("/appraisal/scorecards/", {**rows, "max_1": "50"})
    assert bad.status_code == 400 and "合计必须为 100 分" in bad.content.decode()
    assert browser("supervisor").post("/appraisal/scorecards/", rows).status_code == 403
    assert Scorecard.objects.filter(track="staff").count() == 2
    # the versions list: the handbook's own "from the start", not as the date 2000-01
    versions = manager.get("/appraisal/scorecards/").content.decode().split("<ul>")[-1]
    assert "v1 · 自启用起生效" in versions and "v2 · 生效于 2026-12" in versions and "2000-01" not in versions


def test_qa_draws_a_sample_and_reviews_from_the_screen(clock, world, browser, make_ticket):
    ticket = make_ticket()
    qa = browser("qa")
    assert (
        qa.post("/appraisal/qa/", {"month": "2026-11", "staff": "agent", "size": "3", "seed": "42"}).status_code == 302
    )
    assert QaSample.objects.get().seed == 42
    page = qa.get("/appraisal/qa/?month=2026-11").content.decode()
    assert ticket.number in page
    form = qa.get(f"/appraisal/qa/review/{ticket.number}/")
    assert form.status_code == 200 and "开场白与自报工号" in form.content.decode()
    scores = {
        f"score_{c}": v
        for c, v in {
            "greeting": 10,
            "listening": 15,
            "accuracy": 20,
            "handling": 10,
            "courtesy": 15,
            "record": 5,
            "closing": 5,
        }.items()
    }
    response = qa.post(f"/appraisal/qa/review/{ticket.number}/", {**scores, "advice": "处理方案要说明时限"})
    review = QaReview.objects.get()
    assert response.status_code == 302 and review.total == 80 and review.passed
    # the agent sees the advice and disputes once
    agent = browser("agent")
    assert "处理方案要说明时限" in agent.get(f"/appraisal/qa/reviews/{review.pk}/").content.decode()
    assert agent.post(f"/appraisal/qa/reviews/{review.pk}/dispute/", {"reason": "记录已补"}).status_code == 302
    assert browser("agent2").get(f"/appraisal/qa/reviews/{review.pk}/").status_code == 403
    assert browser("agent").get("/appraisal/qa/").status_code == 403


def test_every_screen_opens_for_its_role(clock, world, browser):
    for who, url in [
        ("agent", "/appraisal/"),
        ("agent", "/appraisal/?month=2026-10"),
        ("supervisor", "/appraisal/team/"),
        ("supervisor", "/appraisal/people/agent/"),
        ("manager", "/appraisal/rules/"),
        ("manager", "/appraisal/months/"),
        ("qa", "/appraisal/qa/"),
        ("engineer", "/appraisal/"),
    ]:
        response = browser(who).get(url)
        assert response.status_code == 200, (who, url)
        assert "考核" in response.content.decode()
    assert browser("agent2").get("/appraisal/people/agent/").status_code == 403
    assert browser("agent").get("/appraisal/?month=2026-13").status_code == 400
