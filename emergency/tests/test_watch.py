"""Overdue steps and corrective actions are told once, by the deadline watcher's pass."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from deadlines.watcher import check_deadlines
from emergency.actions import ActionIn, activate_plan, check_step, close_activation, current_plan
from emergency.models import ActivationStep, CorrectiveAction
from emergency.watch import check_emergencies
from notifications.models import Notification
from tickets.models import TicketEvent
from tickets.timeline import describe


@pytest.fixture(autouse=True)
def _drills_reminded(library):
    """The library's plans were never drilled: the first pass reminds the manager of each (tested
    below); the tests of steps and actions start after it."""
    check_emergencies(timezone.now())


def test_a_drill_falling_due_is_told_to_the_manager_once(world, library):
    from emergency.drills import record_drill
    from emergency.models import Plan

    fire = Plan.objects.current().get(code="fire")
    record_drill(
        fire, actor=world.manager, held_at=timezone.now() - timedelta(days=1), participants=["guard"], findings="ok"
    )
    Notification.objects.all().delete()
    later = timezone.now() + timedelta(days=fire.drill_every_days)
    with time_machine.travel(later, tick=False):
        assert check_emergencies(later) == 1
        assert check_emergencies(later + timedelta(days=3)) == 0
    told = Notification.objects.get(template="emergency_drill_due")
    assert told.staff == world.manager
    assert told.params["plan"] == "火灾应急预案"


def test_an_overdue_step_is_told_once(world, gas_ticket):
    start = gas_ticket.received_at
    with time_machine.travel(start, tick=False):
        activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
        check_step(activation, 1, actor=world.agent)
    Notification.objects.all().delete()
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        # steps 2 (5 min) and 3 (5 min) are late; step 1 was done in time
        assert check_emergencies(start + timedelta(minutes=6)) == 2
        assert check_emergencies(start + timedelta(minutes=6)) == 0
    late = ActivationStep.objects.filter(overdue_at__isnull=False).order_by("n")
    assert [s.n for s in late] == [2, 3]
    events = TicketEvent.objects.filter(ticket=gas_ticket, kind="emergency", data__step="step_overdue")
    assert events.count() == 2
    assert describe(events.first()).startswith("应急步骤 2 已超时")
    told = Notification.objects.filter(template="emergency_step_overdue", channel="inapp")
    # step 2: 工程部 field staff, the leads and the activator; step 3: the manager, leads, activator
    assert set(told.filter(params__n=2).values_list("staff__username", flat=True)) == {
        "engineer",
        "manager",
        "supervisor",
        "agent",
    }


def test_the_deadline_watcher_runs_the_pass(world, gas_ticket):
    start = gas_ticket.received_at
    with time_machine.travel(start, tick=False):
        activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        check_deadlines()
    assert ActivationStep.objects.filter(overdue_at__isnull=False).count() == 1  # step 1 (3 min)
    with time_machine.travel(start + timedelta(days=3), tick=False):
        check_deadlines()
        check_deadlines()
    assert ActivationStep.objects.filter(overdue_at__isnull=False).count() == 8
    assert TicketEvent.objects.filter(kind="emergency", data__step="step_overdue").count() == 8


def test_a_closed_activation_is_not_chased(world, gas_ticket):
    start = gas_ticket.received_at
    with time_machine.travel(start, tick=False):
        activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
        for n in range(1, 9):
            check_step(activation, n, actor=world.manager)
    with time_machine.travel(start + timedelta(days=1), tick=False):
        assert check_emergencies(start + timedelta(days=1)) == 0


def test_an_overdue_corrective_action_is_told_to_its_owner_once(world, gas_ticket):
    start = gas_ticket.received_at
    with time_machine.travel(start, tick=False):
        activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
        for n in range(1, 9):
            check_step(activation, n, actor=world.manager)
        close_activation(
            activation,
            actor=world.manager,
            cause="a",
            went_well="b",
            actions=[ActionIn("检测仪每周充电", "engineer", date.fromisoformat(str(start.date())) + timedelta(days=2))],
        )
    action = CorrectiveAction.objects.get()
    with time_machine.travel(action.due_at - timedelta(minutes=1), tick=False):
        assert check_emergencies(action.due_at - timedelta(minutes=1)) == 0
    later = action.due_at + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert check_emergencies(later) == 1
        assert check_emergencies(later) == 0
    told = Notification.objects.filter(template="emergency_action_overdue", channel="inapp")
    assert sorted(told.values_list("staff__username", flat=True)) == ["engineer", "manager"]
