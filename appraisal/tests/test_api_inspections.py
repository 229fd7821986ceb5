"""POST inspections and GET appraisals (API.md): deductions by severity, the floor per category
(扣完为止), linked deductions on the manager's scorecard (连带扣分), and every refusal."""

import pytest

from accounts.models import Role
from appraisal.models import Deduction, Finding, Inspection
from kefu.apitest import error_of
from tests.factories import StaffFactory

URL = "/api/v1/inspections"


def card(api, who, username, month="2026-11"):
    response = api(who).get(f"/api/v1/appraisals/{username}/{month}")
    assert response.status_code == 200, response.content
    return response.json()


def category(body, code):
    return next(c for c in body["categories"] if c["code"] == code)


def test_a_general_and_a_serious_finding_deduct_the_configured_amounts(clock, world, api):
    # when the supervisor (the agent's superior) records a daily check with two findings
    response = api("supervisor").post(
        URL,
        {
            "staff": "agent",
            "kind": "daily",
            "findings": [
                {"category": "handover", "severity": "general", "note": "交接记录不全"},
                {"category": "post_quality", "severity": "serious", "note": "报修未按规程登记"},
            ],
        },
    )
    # then the inspection is recorded with the handbook's amounts
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["staff"], body["inspector"], body["kind"], body["month"]) == (
        "agent",
        "supervisor",
        "daily",
        "2026-11",
    )
    assert [(f["category"], f["severity"], f["points"]) for f in body["findings"]] == [
        ("handover", "general", 1.0),
        ("post_quality", "serious", 5.0),
    ]
    # and the agent's scorecard shows them, each naming its source and linking to it
    scores = card(api, "agent", "agent")
    assert scores["staff"] == "agent" and scores["month"] == "2026-11"
    assert category(scores, "handover")["score"] == 9.0
    assert category(scores, "post_quality")["score"] == 25.0
    assert scores["total"] == 94.0 == sum(c["score"] for c in scores["categories"])
    line = category(scores, "handover")["deductions"][0]
    assert (line["points"], line["source"], line["ref"]) == (1.0, "inspection", str(body["id"]))
    assert "交接记录不全" in line["reason"]
    assert line["url"] == f"/appraisal/inspections/{body['id']}/"


def test_a_category_never_goes_below_zero(clock, world, api):
    # given the "other" category (max 5) and a finding with adverse consequences judged at 4 points
    findings = [{"category": "other", "severity": "consequential", "points": 4, "note": "失误导致业户投诉"}]
    assert api("supervisor").post(URL, {"staff": "agent", "kind": "spot", "findings": findings}).status_code == 201
    # when a second one takes 4 more (8 deducted from 5)
    assert api("manager").post(URL, {"staff": "agent", "kind": "weekly", "findings": findings}).status_code == 201
    # then the category stops at 0 (扣完为止) and the total is still the sum of the scores
    scores = card(api, "manager", "agent")
    assert category(scores, "other")["score"] == 0.0
    assert [d["points"] for d in category(scores, "other")["deductions"]] == [4.0, 4.0]
    assert scores["total"] == 95.0
    assert all(c["score"] >= 0 for c in scores["categories"])


def test_a_managers_violation_also_deducts_from_the_category_of_its_cause(clock, world, api):
    # given a general manager above the customer-service manager
    boss = StaffFactory(username="gm", name="总经理", work_number="GM01", role=Role.MANAGER)
    world.manager.superior = boss
    world.manager.save()
    world.gm = boss
    # when the general manager finds a serious violation of procedure caused by lack of training
    response = api("gm").post(
        URL,
        {
            "staff": "manager",
            "kind": "monthly",
            "findings": [
                {"category": "procedures", "severity": "serious", "cause": "training", "note": "新员工未培训即上岗"}
            ],
        },
    )
    assert response.status_code == 201, response.content
    # then procedures (20) lose 5 and training (10) loses 5 too, linked to the same inspection
    scores = card(api, "manager", "manager")
    assert category(scores, "procedures")["score"] == 15.0
    assert category(scores, "training")["score"] == 5.0
    linked = category(scores, "training")["deductions"][0]
    assert (linked["source"], linked["ref"], linked["points"]) == ("linked", str(response.json()["id"]), 5.0)
    assert scores["total"] == 90.0


@pytest.mark.parametrize(
    ("finding", "field", "message"),
    [
        ({"category": "nonsense", "severity": "general"}, "findings.0.category", "未知的考核项目"),
        ({"category": "handover", "severity": "fatal"}, "findings.0.severity", "违规程度"),
        ({"category": "handover", "severity": "general", "points": 3}, "findings.0.points", "引起不良后果"),
        ({"category": "handover", "severity": "serious", "points": 1}, "findings.0.points", "引起不良后果"),
        ({"category": "handover", "severity": "consequential"}, "findings.0.points", "引起不良后果"),
        ({"category": "handover", "severity": "consequential", "points": 11}, "findings.0.points", "0.1 到 10.0"),
        ({"category": "handover", "severity": "consequential", "points": -1}, "findings.0.points", "0.1 到 10.0"),
        ({"category": "handover", "severity": "general", "cause": "training"}, "findings.0.cause", "连带扣分"),
    ],
)
def test_bad_findings_are_refused_in_chinese_and_nothing_is_written(clock, world, api, finding, field, message):
    response = api("supervisor").post(URL, {"staff": "agent", "kind": "daily", "findings": [finding]})
    assert response.status_code == 400, response.content
    error = error_of(response)
    assert field in error["fields"], error
    assert message in error["message"], error
    assert not Inspection.objects.exists() and not Finding.objects.exists() and not Deduction.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"staff": "agent", "kind": "yearly", "findings": [{"category": "handover", "severity": "general"}]},
        {"staff": "agent", "kind": "daily", "findings": []},
        {"staff": "nobody", "kind": "daily", "findings": [{"category": "handover", "severity": "general"}]},
        {"staff": "agent", "kind": "daily", "findings": [{"category": "handover", "severity": "general", "x": 1}]},
        {"staff": "agent", "kind": "daily", "findings": "handover"},
    ],
)
def test_other_bad_bodies_are_400(clock, world, api, body):
    response = api("supervisor").post(URL, body)
    assert response.status_code == 400, response.content
    assert error_of(response)["message"]
    assert not Inspection.objects.exists() and not Deduction.objects.exists()


@pytest.mark.parametrize(
    ("inspector", "staff"),
    [
        ("agent2", "agent"),  # a peer
        ("agent", "supervisor"),  # one's own superior
        ("agent", "agent"),  # oneself
        ("engineer", "agent"),  # another line altogether
        ("qa", "agent"),
        ("admin", "agent"),
        ("supervisor", "manager"),
    ],
)
def test_nobody_inspects_outside_their_line(clock, world, api, inspector, staff):
    body = {"staff": staff, "kind": "daily", "findings": [{"category": "handover", "severity": "general"}]}
    response = api(inspector).post(URL, body)
    assert response.status_code == 403, response.content
    assert "汇报线" in error_of(response)["message"]
    assert not Inspection.objects.exists() and not Deduction.objects.exists()


def test_the_superiors_superior_may_inspect(clock, world, api):
    body = {"staff": "agent", "kind": "monthly", "findings": [{"category": "training", "severity": "general"}]}
    assert api("manager").post(URL, body).status_code == 201


def test_who_may_read_a_scorecard(clock, world, api):
    assert api("agent").get("/api/v1/appraisals/agent/2026-11").status_code == 200
    assert api("supervisor").get("/api/v1/appraisals/agent/2026-11").status_code == 200
    assert api("agent2").get("/api/v1/appraisals/agent/2026-11").status_code == 403
    assert api("agent").get("/api/v1/appraisals/supervisor/2026-11").status_code == 403
    assert api("agent").get("/api/v1/appraisals/nobody/2026-11").status_code == 404
    response = api("agent").get("/api/v1/appraisals/agent/2026-13")
    assert response.status_code == 400 and "YYYY-MM" in error_of(response)["message"]


def test_an_untouched_scorecard_is_a_hundred(clock, world, api):
    scores = card(api, "agent", "agent")
    assert scores["total"] == 100.0
    assert [(c["code"], c["max"]) for c in scores["categories"]] == [
        ("post_quality", 30.0),
        ("handover", 10.0),
        ("training", 10.0),
        ("efficiency", 15.0),
        ("service", 20.0),
        ("procedures", 10.0),
        ("other", 5.0),
    ]
    manager = card(api, "manager", "manager")
    assert [c["code"] for c in manager["categories"]] == [
        "procedures",
        "training",
        "skill",
        "service",
        "results",
        "responsibility",
        "fairness",
        "compliance",
        "cooperation",
        "ethics",
    ]
