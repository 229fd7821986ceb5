"""The work-order calls (docs/api.md): plan and nodes, sub-orders, acceptance; bad input is a 4xx
that writes nothing."""

from datetime import timedelta

import pytest

from deadlines.models import Deadline, DeadlineKind
from deadlines.watcher import check_deadlines
from kefu.apitest import ApiClient, error_of
from tickets.models import EventKind, Ticket, TicketEvent
from workorders.models import Acceptance, ServicePlan, SubOrder

from .conftest import NOW, work_through

URL = "/api/v1/tickets"


@pytest.fixture
def agent(world):
    return ApiClient(world.agent)


@pytest.fixture
def engineer(world):
    return ApiClient(world.engineer)


def _iso(delta):
    return (NOW + delta).isoformat()


def test_plan_and_nodes_through_the_api(clock, world, in_progress, engineer, agent):
    url = f"{URL}/{in_progress.number}/plan"
    assert error_of(engineer.get(url))["code"] == "not_found"
    body = {
        "goal": "更换整段主管道",
        "steps": ["关阀停水", "更换管道"],
        "responsible": "engineer",
        "nodes": [{"title": "材料到场", "due_at": _iso(timedelta(hours=4))}],
    }
    created = engineer.post(url, body)
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["responsible"] == "engineer" and plan["steps"] == ["关阀停水", "更换管道"]
    assert plan["nodes"] == [
        {
            "n": 1,
            "title": "材料到场",
            "due_at": "2026-11-23T13:00:00+08:00",
            "done_at": None,
            "done_by": None,
            "met_at": None,
            "breached": False,
        }
    ]
    revised = engineer.post(url, {**body, "nodes": [{"title": "试压", "due_at": _iso(timedelta(hours=6))}]})
    assert revised.status_code == 200 and [n["n"] for n in revised.json()["nodes"]] == [1, 2]
    # the node is a promise on the ticket like the others, and the watcher records its breach
    ticket = agent.get(f"{URL}/{in_progress.number}").json()
    assert [d["kind"] for d in ticket["deadlines"]].count("node") == 2
    clock.shift(timedelta(hours=5))
    check_deadlines()
    assert agent.get(f"{URL}/{in_progress.number}").json()["overdue"] is True
    events = agent.get(f"{URL}/{in_progress.number}/events").json()
    assert any(e["kind"] == "deadline_breached" and e["deadline"] == "node" for e in events)
    done = engineer.post(f"{url}/nodes/2/done", {"note": "试压合格"})
    assert done.status_code == 200 and done.json()["nodes"][1]["done_by"] == "engineer"
    assert done.json()["nodes"][0]["breached"] is True
    assert engineer.post(f"{url}/nodes/2/done").status_code == 409
    assert engineer.post(f"{url}/nodes/9/done").status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        (
            {"goal": "", "responsible": "engineer", "nodes": [{"title": "a", "due_at": "2026-11-24T09:00:00+08:00"}]},
            "goal",
        ),
        (
            {"goal": "g", "responsible": "nobody", "nodes": [{"title": "a", "due_at": "2026-11-24T09:00:00+08:00"}]},
            "responsible",
        ),
        (
            {"goal": "g", "responsible": "guard", "nodes": [{"title": "a", "due_at": "2026-11-24T09:00:00+08:00"}]},
            "responsible",
        ),
        (
            {"goal": "g", "responsible": "engineer", "nodes": [{"title": "a", "due_at": "2026-11-22T09:00:00+08:00"}]},
            "nodes.0.due_at",
        ),
        ({"goal": "g", "responsible": "engineer", "nodes": [{"title": "a", "due_at": "明天"}]}, None),
        ({"goal": "g", "responsible": "engineer", "nodes": []}, "nodes"),
        ({"goal": "g", "responsible": "engineer", "nodes": [{"title": "a"}]}, None),
        ({"goal": "g", "responsible": "engineer", "extra": 1}, None),
    ],
)
def test_a_bad_plan_is_a_400_that_writes_nothing(clock, world, in_progress, engineer, body, field):
    answer = engineer.post(f"{URL}/{in_progress.number}/plan", body)
    assert answer.status_code == 400, answer.content
    error = error_of(answer)
    assert error["message"]
    if field:
        assert field in error.get("fields", {})
    assert not ServicePlan.objects.exists() and not Deadline.objects.filter(kind=DeadlineKind.NODE).exists()


def test_the_plan_is_the_department_s_and_hidden_from_others(clock, world, in_progress, agent):
    body = {"goal": "g", "responsible": "engineer", "nodes": [{"title": "a", "due_at": _iso(timedelta(hours=2))}]}
    assert error_of(agent.post(f"{URL}/{in_progress.number}/plan", body))["code"] == "forbidden"
    assert ApiClient(world.guard).post(f"{URL}/{in_progress.number}/plan", body).status_code == 404


def test_sub_orders_through_the_api(clock, world, cleaning, in_progress, agent, engineer):
    url = f"{URL}/{in_progress.number}/suborders"
    made = agent.post(url, {"department": "clean", "content": "维修后清理楼道积水", "assignee": "cleaner"})
    assert made.status_code == 201, made.content
    child = made.json()
    assert (child["department"], child["status"], child["assignee"], child["owner"]) == (
        "clean",
        "dispatched",
        "cleaner",
        "agent",
    )
    listing = agent.get(url).json()
    assert listing == {
        "parent": None,
        "items": [
            {
                "number": child["number"],
                "department": "clean",
                "department_name": "保洁绿化部",
                "status": "dispatched",
                "assignee": "cleaner",
                "resolved_at": None,
            }
        ],
        "open": 1,
    }
    assert agent.get(f"{URL}/{child['number']}/suborders").json()["parent"] == in_progress.number
    refused = engineer.post(f"{URL}/{in_progress.number}/resolve", {"result": "管道已更换"})
    assert refused.status_code == 409 and error_of(refused)["code"] == "suborders_open"
    assert child["number"] in error_of(refused)["message"]
    work_through(Ticket.objects.get(number=child["number"]), world.cleaner)
    assert engineer.post(f"{URL}/{in_progress.number}/resolve", {"result": "管道已更换"}).status_code == 200
    kinds = [e["kind"] for e in agent.get(f"{URL}/{in_progress.number}/events").json()]
    assert kinds.count("suborder") == 1 and kinds.count("suborder_done") == 1


@pytest.mark.parametrize(
    "body, status",
    [
        ({"department": "nowhere", "content": "清理"}, 400),
        ({"department": "clean", "content": ""}, 400),
        ({"department": "clean", "content": "清理", "assignee": "engineer"}, 400),  # not of 保洁绿化部
        ({"department": "clean", "content": "清理", "assignee": "ghost"}, 400),
        ({"department": "clean"}, 400),
    ],
)
def test_a_bad_split_writes_nothing(clock, world, cleaning, in_progress, agent, body, status):
    before = Ticket.objects.count()
    answer = agent.post(f"{URL}/{in_progress.number}/suborders", body)
    assert answer.status_code == status and error_of(answer)["message"]
    assert Ticket.objects.count() == before and not SubOrder.objects.exists()
    assert not TicketEvent.objects.filter(kind=EventKind.SUBORDER).exists()


def test_an_engineer_may_not_split(clock, world, cleaning, in_progress, engineer):
    answer = engineer.post(f"{URL}/{in_progress.number}/suborders", {"department": "clean", "content": "清理"})
    assert answer.status_code == 403


def test_acceptance_through_the_api(clock, world, in_progress, agent, engineer):
    engineer.post(f"{URL}/{in_progress.number}/resolve", {"result": "水管已更换"})
    url = f"{URL}/{in_progress.number}/acceptance"
    for bad, status in (
        ({"accepted": False, "method": "phone"}, 400),  # no reason
        ({"accepted": True, "method": "portal"}, 400),  # the portal is the customer's own
        ({"accepted": "yes", "method": "phone"}, 400),
        ({"accepted": True}, 400),
    ):
        answer = agent.post(url, bad)
        assert answer.status_code == status, (bad, answer.content)
        assert error_of(answer)["message"]
    assert not Acceptance.objects.exists()
    refused = agent.post(
        url, {"accepted": False, "method": "phone", "reason": "接口仍在滴水", "confirmed_by": "王太太"}
    )
    assert refused.status_code == 201, refused.content
    body = refused.json()
    assert (body["accepted"], body["method"], body["recorded_by"], body["ticket_status"], body["round"]) == (
        False,
        "phone",
        "agent",
        "dispatched",
        0,
    )
    assert agent.get(f"{URL}/{in_progress.number}").json()["department"] == "eng"
    # the work comes back, is done again and accepted this time
    work_through(Ticket.objects.get(pk=in_progress.pk), world.engineer, result="已重新密封")
    accepted = engineer.post(url, {"accepted": True, "method": "on_site"})
    assert accepted.status_code == 201 and accepted.json()["round"] == 1
    assert engineer.post(url, {"accepted": True, "method": "on_site"}).status_code == 409
    assert [a["accepted"] for a in agent.get(url).json()] == [False, True]


def test_a_repeated_split_with_the_same_idempotency_key_makes_one_sub_order(clock, world, cleaning, in_progress, agent):
    url = f"{URL}/{in_progress.number}/suborders"
    body = {"department": "clean", "content": "清理积水"}
    first = agent.post(url, body, headers={"Idempotency-Key": "split-1"})
    again = agent.post(url, body, headers={"Idempotency-Key": "split-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert SubOrder.objects.filter(parent=in_progress).count() == 1
