"""The plan library (L1): seven plans from the handbooks, versions, the suggestion from a ticket."""

import pytest

from emergency.models import Plan
from emergency.plans import PlanIn, StepIn, suggest_plan, write_plan
from kefu.apitest import ApiClient, error_of


def test_the_library_holds_the_seven_plans_with_steps_resources_and_a_tree(library):
    plans = {p.code: p for p in Plan.objects.current()}
    assert sorted(plans) == [
        "fire",
        "flooding",
        "gas_leak",
        "lift_entrapment",
        "major_complaint",
        "power_cut",
        "system_failure",
    ]
    gas = plans["gas_leak"]
    assert gas.name == "燃气泄漏应急预案"
    assert gas.steps.count() == 8
    assert gas.steps.get(n=1).role == "agent"
    assert gas.steps.get(n=1).minutes == 3
    assert gas.resources.filter(kind="contact", detail="119").exists()
    assert gas.notices.count() == 3
    assert gas.drill_every_days == 180


def test_get_plans_answers_the_contract_shape(world, library):
    response = ApiClient(world.agent).get("/api/v1/emergency/plans")
    assert response.status_code == 200
    plans = {p["code"]: p for p in response.json()}
    assert len(plans) == 7
    gas = plans["gas_leak"]
    assert gas["name"] == "燃气泄漏应急预案"
    assert gas["steps"][0]["n"] == 1
    assert gas["steps"][0]["role"] == "agent"
    assert gas["steps"][0]["title"].startswith("接警")
    assert {"code", "name", "steps"} <= set(gas)


def test_get_plans_needs_a_token(db):
    assert ApiClient(None).get("/api/v1/emergency/plans").status_code == 401


def test_a_revision_is_the_next_version_and_keeps_the_old_one(world, library):
    old = Plan.objects.current().get(code="fire")
    new = write_plan(
        PlanIn(
            code="fire",
            kind="fire",
            name="火灾应急预案",
            steps=[StepIn("拨打119", "agent", 2), StepIn("疏散", "field", 10, "security")],
            revision_note="合并步骤",
        ),
        actor=world.manager,
    )
    assert new.version == 2
    assert new.is_current
    old.refresh_from_db()
    assert not old.is_current
    assert old.steps.count() == 8
    assert [s.department.code if s.department else None for s in new.steps.all()] == [None, "security"]


def test_only_a_lead_revises_a_plan(world, library):
    from core.errors import Forbidden

    with pytest.raises(Forbidden):
        write_plan(PlanIn(code="fire", kind="fire", name="x", steps=[StepIn("a", "agent", 1)]), actor=world.agent)
    assert Plan.objects.filter(code="fire").count() == 1


@pytest.mark.parametrize(
    "content, expected",
    [
        ("5号楼楼道有燃气味，怀疑漏气", "gas_leak"),
        ("3号楼电梯困人，有两位老人", "lift_entrapment"),
        ("地下车库进水，水已经漫到车轮", "flooding"),
        ("楼道冒烟，好像有东西烧着了", "fire"),
        ("整栋楼停电了", "power_cut"),
        ("门口有只流浪狗", None),
    ],
)
def test_the_ticket_suggests_the_plan_by_its_words(make_ticket, library, content, expected):
    ticket = make_ticket(category="emergency", content=content)
    plan = suggest_plan(ticket)
    assert (plan.code if plan else None) == expected


def test_a_complaint_going_to_the_media_suggests_the_major_complaint_plan(make_ticket, library):
    ticket = make_ticket(category="complaint", content="物业不处理漏水，我要找媒体曝光")
    assert suggest_plan(ticket).code == "major_complaint"
    ordinary = make_ticket(category="complaint", content="保洁阿姨态度不好")
    assert suggest_plan(ordinary) is None


def test_an_unknown_plan_is_a_chinese_404_and_writes_nothing(world, library):
    from emergency.models import Activation

    response = ApiClient(world.agent).post("/api/v1/emergency/plans/meteor/activate", {})
    assert response.status_code == 404
    assert error_of(response)["code"] == "unknown_plan"
    assert error_of(response)["message"] == "没有这个编号的应急预案。"
    assert Activation.objects.count() == 0
