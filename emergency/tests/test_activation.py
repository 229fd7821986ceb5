"""Activating a plan (A7, L1): from the emergency ticket or on its own, the people on duty in the
plan's roles alerted, every step checked off with time, actor and note, the ticket's timeline."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.errors import Conflict, Forbidden
from emergency.actions import activate_plan, check_step, current_plan
from emergency.models import Activation, ActivationStep
from kefu.apitest import ApiClient, error_of
from notifications.models import Notification
from tickets.models import TicketEvent
from tickets.timeline import describe

URL = "/api/v1/emergency"


def _activate(world, ticket, **kw):
    return ApiClient(world.agent).post(f"{URL}/plans/gas_leak/activate", {"ticket": ticket.number, **kw})


def test_activating_from_the_ticket_answers_the_activation(world, gas_ticket):
    response = _activate(world, gas_ticket, note="业户已撤离")
    assert response.status_code == 201, response.content
    data = response.json()
    activation = Activation.objects.get()
    assert data["id"] == activation.pk
    assert data["plan"] == "gas_leak"
    assert data["ticket"] == gas_ticket.number
    assert data["started_at"].endswith("+08:00")
    assert [s["n"] for s in data["steps"]] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert data["steps"][0]["done_at"] is None
    assert data["steps"][0]["by"] is None
    assert data["status"] == "active"
    assert activation.note == "业户已撤离"
    assert activation.called_at == gas_ticket.received_at


def test_the_people_of_the_plans_roles_on_duty_are_alerted(world, gas_ticket):
    Notification.objects.all().delete()  # the intake's own emergency escalation is not ours
    activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    # agent (steps 1, 8; not the activator), field of 工程部 and 秩序维护部, manager, steward
    alerted = sorted(p["username"] for p in activation.alerted)
    assert alerted == ["agent2", "engineer", "guard", "manager", "steward"]
    assert "agent" not in alerted
    told = set(Notification.objects.filter(template="emergency_activated").values_list("staff__username", flat=True))
    assert told == set(alerted)


def test_the_timeline_shows_the_activation_in_words(world, gas_ticket):
    activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    event = TicketEvent.objects.get(ticket=gas_ticket, kind="emergency")
    assert event.data["step"] == "activated"
    assert event.data["plan"] == "gas_leak"
    assert describe(event).startswith("启动应急预案：燃气泄漏应急预案（第 1 版）")


def test_a_step_is_checked_off_with_time_actor_and_note(world, gas_ticket):
    with time_machine.travel(gas_ticket.received_at + timedelta(minutes=1), tick=False):
        activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    with time_machine.travel(gas_ticket.received_at + timedelta(minutes=3), tick=False):
        response = ApiClient(world.agent).post(f"{URL}/activations/{activation.pk}/steps/1", {"note": "已指导关阀"})
    assert response.status_code == 200, response.content
    step = response.json()["steps"][0]
    assert step["by"] == "agent"
    assert step["note"] == "已指导关阀"
    assert step["minutes_from_call"] == 3
    assert step["done_at"] is not None
    assert response.json()["minutes_to_activate"] == 1
    event = TicketEvent.objects.filter(ticket=gas_ticket, kind="emergency").last()
    assert event.data["step"] == "step_done"
    assert describe(event) == "应急步骤 1 已完成（接警后 3分）：" + step["title"] + ": 已指导关阀"


def test_a_step_done_twice_is_a_409_and_writes_nothing(world, gas_ticket):
    activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    check_step(activation, 1, actor=world.agent, note="第一次")
    events = TicketEvent.objects.count()
    response = ApiClient(world.supervisor).post(f"{URL}/activations/{activation.pk}/steps/1", {"note": "第二次"})
    assert response.status_code == 409
    assert error_of(response)["code"] == "step_done"
    assert error_of(response)["message"] == "这一步已经勾选完成。"
    step = ActivationStep.objects.get(activation=activation, n=1)
    assert step.note == "第一次"
    assert step.done_by == world.agent
    assert TicketEvent.objects.count() == events


def test_an_unknown_step_or_activation_is_a_404(world, gas_ticket):
    activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    client = ApiClient(world.agent)
    response = client.post(f"{URL}/activations/{activation.pk}/steps/99", {})
    assert response.status_code == 404
    assert error_of(response)["code"] == "unknown_step"
    response = client.post(f"{URL}/activations/{activation.pk + 1}/steps/1", {})
    assert response.status_code == 404
    assert error_of(response)["code"] == "unknown_activation"
    assert not ActivationStep.objects.filter(done_at__isnull=False).exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"note": "x" * 501}, "note"),
        ({"note": 5}, "note"),
        ({"ticket": "GD20990101-0001"}, None),
        ({"surprise": 1}, "surprise"),
        ({"called_at": "yesterday"}, "called_at"),
    ],
)
def test_bad_activation_input_is_a_4xx_and_writes_nothing(world, library, body, field):
    response = ApiClient(world.agent).post(f"{URL}/plans/gas_leak/activate", body)
    assert 400 <= response.status_code < 500
    if field:
        assert field in error_of(response).get("fields", {})
    assert Activation.objects.count() == 0


def test_an_alarm_time_in_the_future_is_refused(world, library):
    later = (timezone.now() + timedelta(hours=2)).isoformat()
    response = ApiClient(world.agent).post(f"{URL}/plans/fire/activate", {"called_at": later})
    assert response.status_code == 400
    assert "called_at" in error_of(response)["fields"]
    assert Activation.objects.count() == 0


def test_a_standalone_activation_measures_from_the_alarm_given(world, library):
    called = timezone.now() - timedelta(minutes=7)
    response = ApiClient(world.night).post(f"{URL}/plans/power_cut/activate", {"called_at": called.isoformat()})
    assert response.status_code == 201
    assert response.json()["ticket"] is None
    assert response.json()["minutes_to_activate"] == 7


def test_the_same_plan_twice_on_a_ticket_is_a_409(world, gas_ticket):
    assert _activate(world, gas_ticket).status_code == 201
    response = _activate(world, gas_ticket)
    assert response.status_code == 409
    assert error_of(response)["code"] == "already_active"
    assert Activation.objects.count() == 1


def test_field_staff_cannot_activate_but_check_off_their_steps(world, gas_ticket):
    response = ApiClient(world.engineer).post(f"{URL}/plans/gas_leak/activate", {})
    assert response.status_code == 403
    activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    check_step(activation, 2, actor=world.engineer)  # 工程部's step
    with pytest.raises(Forbidden):
        check_step(activation, 3, actor=world.qa)  # the manager's step, and qa was not alerted
    assert ActivationStep.objects.get(activation=activation, n=3).done_at is None


def test_a_closed_ticket_cannot_start_a_plan(world, gas_ticket):
    from tickets.models import Status, Ticket

    Ticket.objects.filter(pk=gas_ticket.pk).update(status=Status.CLOSED)
    with pytest.raises(Conflict):
        activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    assert Activation.objects.count() == 0
