"""Closing an activation asks for the after-action report: cause, what went well, corrective
actions each with an owner and a date, followed up like promises."""

from datetime import timedelta

import pytest
from django.utils import timezone

from emergency.actions import ActionIn, activate_plan, check_step, close_activation, complete_action, current_plan
from emergency.models import Activation, CorrectiveAction
from kefu.apitest import ApiClient, error_of
from notifications.models import Notification
from tickets.models import TicketEvent
from tickets.timeline import describe


@pytest.fixture
def finished(world, gas_ticket):
    """A gas-leak activation with every step checked off."""
    activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    for n in range(1, 9):
        check_step(activation, n, actor=world.manager)
    return activation


def _report(**overrides):
    body = {
        "cause": "灶具软管老化",
        "went_well": "8分钟到场",
        "to_improve": "检测仪电量不足",
        "actions": [
            {
                "text": "检测仪每周充电检查",
                "owner": "engineer",
                "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
            }
        ],
    }
    body.update(overrides)
    return body


def test_closing_with_the_report_records_it_and_the_corrective_actions(world, finished):
    response = ApiClient(world.manager).post(f"/api/v1/emergency/activations/{finished.pk}/close", _report())
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "closed"
    assert data["cause"] == "灶具软管老化"
    assert data["actions"][0]["owner"] == "engineer"
    action = CorrectiveAction.objects.get()
    assert action.due_on == timezone.localdate() + timedelta(days=7)
    assert Notification.objects.filter(template="emergency_action_assigned", staff=world.engineer).exists()
    event = TicketEvent.objects.filter(kind="emergency").last()
    assert event.data["step"] == "closed"
    assert describe(event).startswith("应急处置结束并完成复盘")


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"cause": ""}, "cause"),
        ({"went_well": "  "}, "went_well"),
        ({"actions": [{"text": "x", "owner": "nobody", "due_on": "2099-01-01"}]}, "actions.1.owner"),
        ({"actions": [{"text": "x", "owner": "engineer", "due_on": "2001-01-01"}]}, "actions.1.due_on"),
        ({"actions": [{"text": "", "owner": "engineer", "due_on": "2099-01-01"}]}, "actions.1.text"),
    ],
)
def test_closing_without_the_report_is_a_400_and_writes_nothing(world, finished, overrides, field):
    body = _report(**overrides)
    response = ApiClient(world.manager).post(f"/api/v1/emergency/activations/{finished.pk}/close", body)
    assert response.status_code == 400, response.content
    assert field in error_of(response)["fields"], error_of(response)
    finished.refresh_from_db()
    assert finished.status == "active"
    assert CorrectiveAction.objects.count() == 0


def test_closing_with_steps_open_is_a_409(world, gas_ticket):
    activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    check_step(activation, 1, actor=world.agent)
    response = ApiClient(world.manager).post(f"/api/v1/emergency/activations/{activation.pk}/close", _report())
    assert response.status_code == 409
    assert error_of(response)["code"] == "steps_open"
    assert "7 个步骤" in error_of(response)["message"]
    assert Activation.objects.get().status == "active"


def test_only_a_lead_closes(world, finished):
    response = ApiClient(world.agent).post(f"/api/v1/emergency/activations/{finished.pk}/close", _report())
    assert response.status_code == 403
    assert Activation.objects.get().status == "active"


def test_a_closed_activation_takes_no_more_check_offs_or_closing(world, finished):
    close_activation(finished, actor=world.manager, cause="a", went_well="b")
    response = ApiClient(world.manager).post(f"/api/v1/emergency/activations/{finished.pk}/close", _report())
    assert response.status_code == 409
    assert error_of(response)["code"] == "activation_closed"


def test_the_owner_reports_a_corrective_action_done_once(world, finished):
    close_activation(
        finished,
        actor=world.manager,
        cause="a",
        went_well="b",
        actions=[ActionIn("检测仪每周充电", "engineer", timezone.localdate() + timedelta(days=3))],
    )
    action = CorrectiveAction.objects.get()
    complete_action(action, actor=world.engineer, note="已建立检查表")
    action.refresh_from_db()
    assert action.done_by == world.engineer
    from core.errors import Conflict

    with pytest.raises(Conflict):
        complete_action(action, actor=world.engineer)
