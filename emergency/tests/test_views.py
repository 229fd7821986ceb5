"""The emergency screens: overview, plan sheet, one click from the ticket, the live page, closing,
the drill board and the paper intake form."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from emergency.actions import activate_plan, check_step, current_plan
from emergency.models import Activation, ActivationStep, Drill


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_overview_lists_the_plans_and_running_activations(world, gas_ticket):
    activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    response = _client(world.engineer).get("/emergency/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "燃气泄漏应急预案" in body
    assert 'data-plan="system_failure"' in body
    assert "data-activation=" in body


def test_the_plan_sheet_shows_steps_resources_and_the_tree(world, library):
    body = _client(world.agent).get("/emergency/plans/gas_leak/").content.decode()
    assert "可燃气体检测仪" in body
    assert "0353-2021119" in body
    assert 'data-level="2"' in body
    assert "data-activate-form" in body
    assert "data-activate-form" not in _client(world.engineer).get("/emergency/plans/gas_leak/").content.decode()


def test_an_unknown_plan_page_is_a_404(world, library):
    response = _client(world.agent).get("/emergency/plans/meteor/")
    assert response.status_code == 404
    assert "没有这个编号的应急预案" in response.content.decode()


def test_the_ticket_page_offers_the_suggested_plan(world, gas_ticket):
    body = _client(world.agent).get(f"/tickets/{gas_ticket.number}/").content.decode()
    assert "data-emergency-box" in body
    assert "启动：燃气泄漏应急预案" in body


def test_one_click_on_the_ticket_activates_and_opens_the_live_page(world, gas_ticket):
    client = _client(world.agent)
    response = client.post("/emergency/activate", {"plan": "gas_leak", "ticket": gas_ticket.number})
    activation = Activation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/emergency/activations/{activation.pk}/"
    assert activation.ticket == gas_ticket
    page = client.get(response["Location"]).content.decode()
    assert "data-live-poll" in page
    assert 'data-check-step="1"' in page


def test_activating_without_a_plan_is_a_400(world, gas_ticket):
    response = _client(world.agent).post("/emergency/activate", {"plan": "", "ticket": gas_ticket.number})
    assert response.status_code == 400
    assert "请选择要启动的预案" in response.content.decode()
    assert Activation.objects.count() == 0


def test_the_live_fragment_is_polled_and_checks_off_by_htmx(world, gas_ticket):
    activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    client = _client(world.engineer)
    fragment = client.get(f"/emergency/activations/{activation.pk}/", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.content.decode().lstrip().startswith('<div id="live"')
    response = client.post(
        f"/emergency/activations/{activation.pk}/steps/2", {"note": "已出发"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'data-state="done"' in response.content.decode()
    assert ActivationStep.objects.get(activation=activation, n=2).note == "已出发"


def test_checking_a_step_twice_on_the_page_is_a_409(world, gas_ticket):
    activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    check_step(activation, 1, actor=world.agent)
    response = _client(world.agent).post(f"/emergency/activations/{activation.pk}/steps/1", {"note": "again"})
    assert response.status_code == 409
    assert "这一步已经勾选完成" in response.content.decode()
    assert ActivationStep.objects.get(activation=activation, n=1).note == ""


def test_closing_on_the_page_needs_the_report(world, gas_ticket):
    activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    for n in range(1, 9):
        check_step(activation, n, actor=world.manager)
    client = _client(world.manager)
    response = client.post(f"/emergency/activations/{activation.pk}/close", {"cause": "", "went_well": ""})
    assert response.status_code == 400
    assert Activation.objects.get().status == "active"
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(
        f"/emergency/activations/{activation.pk}/close",
        {
            "cause": "软管老化",
            "went_well": "到场快",
            "action_1_text": "每周检查检测仪",
            "action_1_owner": "engineer",
            "action_1_due_on": due,
            "action_2_due_on": "not-a-date",
        },
    )
    assert response.status_code == 400
    assert "action_2_due_on" in response.content.decode() or "日期" in response.content.decode()
    response = client.post(
        f"/emergency/activations/{activation.pk}/close",
        {
            "cause": "软管老化",
            "went_well": "到场快",
            "action_1_text": "每周检查检测仪",
            "action_1_owner": "engineer",
            "action_1_due_on": due,
        },
    )
    assert response.status_code == 302
    activation.refresh_from_db()
    assert activation.status == "closed"
    assert activation.actions.get().owner == world.engineer
    assert "data-report" in client.get(f"/emergency/activations/{activation.pk}/").content.decode()


def test_the_drill_board_and_recording_a_drill(world, library):
    client = _client(world.manager)
    body = client.get("/emergency/drills/").content.decode()
    assert 'data-plan="fire" data-due="1"' in body
    held = (timezone.localtime() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/emergency/drills/record",
        {"plan": "fire", "held_at": held, "participants": ["guard", "agent"], "findings": "疏散6分钟", "score": "90"},
    )
    assert response.status_code == 302
    assert Drill.objects.get().score == 90
    assert 'data-plan="fire" data-due="0"' in client.get("/emergency/drills/").content.decode()


@pytest.mark.parametrize("score", ["ninety", "-1"])
def test_a_bad_drill_score_on_the_page_is_a_400(world, library, score):
    held = (timezone.localtime() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = _client(world.manager).post(
        "/emergency/drills/record",
        {"plan": "fire", "held_at": held, "participants": ["guard"], "findings": "x", "score": score},
    )
    assert response.status_code == 400
    assert Drill.objects.count() == 0


def test_the_paper_form_prints(world, library):
    body = _client(world.agent).get("/emergency/paper-form/").content.decode()
    assert "data-paper-form" in body
    assert "/static/emergency/emergency." in body  # the print stylesheet
    assert "<script>" not in body  # no inline script: the page works under a strict CSP


def _revision(**overrides):
    data = {
        "name": "燃气泄漏应急预案",
        "drill_every_days": "90",
        "scope": "闻到燃气味",
        "keywords": "燃气,漏气",
        "steps": "接警并指导关阀 | 客服专员 | 3\n派抢险 | field | 5 | eng\n报告经理 | manager | 5",
        "resources": "外部联系 | 燃气公司抢修 | 0353-2021119\nequipment | 检测仪 | 工程部",
        "notices": "1 | agent | 接警客服通知工程部 | 3\n2 | | 公司领导 | 30",
        "revision_note": "演练后缩短周期",
    }
    data.update(overrides)
    return data


def test_a_lead_revises_a_plan_on_its_page_into_the_next_version(world, library):
    client = _client(world.manager)
    assert "data-revise" in client.get("/emergency/plans/gas_leak/").content.decode()
    response = client.post("/emergency/plans/gas_leak/revise", _revision())
    assert response.status_code == 302, response.content.decode()
    from emergency.models import Plan

    plan = Plan.objects.current().get(code="gas_leak")
    assert plan.version == 2
    assert plan.drill_every_days == 90
    assert [(s.title, s.role, s.minutes, s.department.code if s.department else None) for s in plan.steps.all()] == [
        ("接警并指导关阀", "agent", 3, None),
        ("派抢险", "field", 5, "eng"),
        ("报告经理", "manager", 5, None),
    ]
    assert [(r.kind, r.name) for r in plan.resources.all()] == [("contact", "燃气公司抢修"), ("equipment", "检测仪")]
    assert [(n.level, n.role, n.who) for n in plan.notices.all()] == [
        (1, "agent", "接警客服通知工程部"),
        (2, "", "公司领导"),
    ]
    assert Plan.objects.get(code="gas_leak", version=1).steps.count() == 8


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"steps": "只有标题"}, "steps"),
        ({"steps": "派抢险 | 厨师 | 5"}, "steps"),
        ({"steps": "派抢险 | field | soon"}, "steps"),
        ({"steps": "派抢险 | field | 5 | nowhere"}, "steps.1.department"),
        ({"steps": ""}, "steps"),
        ({"resources": "飞机 | x | y"}, "resources"),
        ({"notices": "1 | | | 5"}, "notices"),
        ({"drill_every_days": "often"}, "drill_every_days"),
        ({"name": ""}, "name"),
    ],
)
def test_a_garbled_revision_is_a_400_and_writes_nothing(world, library, overrides, field):
    from emergency.models import Plan

    response = _client(world.manager).post(
        "/emergency/plans/gas_leak/revise", _revision(**overrides), headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    assert Plan.objects.filter(code="gas_leak").count() == 1


def test_an_agent_cannot_revise(world, library):
    response = _client(world.agent).post("/emergency/plans/gas_leak/revise", _revision())
    assert response.status_code == 403
