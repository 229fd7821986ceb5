"""Drills: recorded per plan (date, scenario, participants, times, findings, score), due again on
the plan's cadence, and kept out of every KPI (a drill writes no ticket)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from emergency.drills import drill_board, record_drill
from emergency.models import Drill, Plan
from kefu.apitest import ApiClient, error_of
from tickets.models import Ticket, TicketEvent

URL = "/api/v1/emergency/plans/fire/drills"


def _body(**overrides):
    body = {
        "held_at": (timezone.now() - timedelta(days=1)).isoformat(),
        "participants": ["guard", "engineer", "agent"],
        "findings": "疏散用时6分钟，1号消防栓水带老化",
    }
    body.update(overrides)
    return body


def test_a_drill_is_recorded_through_the_api(world, library):
    response = ApiClient(world.manager).post(URL, _body(scenario="地下车库起火", score=85))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["plan"] == "fire"
    assert data["participants"] == ["agent", "engineer", "guard"]
    assert data["findings"] == "疏散用时6分钟，1号消防栓水带老化"
    assert data["score"] == 85
    assert data["held_at"].endswith("+08:00")
    drill = Drill.objects.get()
    assert drill.scenario == "地下车库起火"


def test_a_drill_writes_no_ticket_so_no_kpi_counts_it(world, library):
    tickets, events = Ticket.objects.count(), TicketEvent.objects.count()
    assert ApiClient(world.manager).post(URL, _body()).status_code == 201
    assert (Ticket.objects.count(), TicketEvent.objects.count()) == (tickets, events)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"participants": ["guard", "ghost"]}, "participants"),
        ({"participants": []}, "participants"),
        ({"findings": ""}, "findings"),
        ({"held_at": "2099-01-01T10:00:00+08:00"}, "held_at"),
        ({"held_at": "1999-01-01T10:00:00+08:00"}, "held_at"),
        ({"held_at": "last week"}, "held_at"),
        ({"score": 101}, "score"),
        ({"score": "good"}, "score"),
        ({"ended_at": "2001-01-01T10:00:00+08:00"}, "ended_at"),
    ],
)
def test_bad_drill_input_is_a_400_and_writes_nothing(world, library, overrides, field):
    response = ApiClient(world.manager).post(URL, _body(**overrides))
    assert response.status_code == 400, response.content
    assert field in error_of(response)["fields"], error_of(response)
    assert Drill.objects.count() == 0


def test_drills_of_an_unknown_plan_are_a_404(world, library):
    response = ApiClient(world.manager).post("/api/v1/emergency/plans/meteor/drills", _body())
    assert response.status_code == 404
    assert error_of(response)["code"] == "unknown_plan"


def test_only_a_lead_records_a_drill(world, library):
    assert ApiClient(world.agent).post(URL, _body()).status_code == 403
    assert Drill.objects.count() == 0


def test_the_board_says_when_each_plan_is_due(world, library):
    today = timezone.localdate()
    fire = Plan.objects.current().get(code="fire")  # every 180 days
    lift = Plan.objects.current().get(code="lift_entrapment")  # every 90 days
    with time_machine.travel(timezone.now(), tick=False):
        for plan, days in ((fire, 100), (lift, 100)):
            record_drill(
                plan,
                actor=world.manager,
                held_at=timezone.now() - timedelta(days=days),
                participants=["guard"],
                findings="ok",
            )
    rows = {row.plan.code: row for row in drill_board(today)}
    assert not rows["fire"].is_due
    assert rows["fire"].days_left == 80
    assert rows["lift_entrapment"].is_due
    assert rows["lift_entrapment"].due_on == today - timedelta(days=10)
    assert rows["gas_leak"].last is None and rows["gas_leak"].is_due  # never drilled
