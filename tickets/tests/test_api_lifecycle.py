"""The lifecycle through the API: each step, who may take it, and the timeline it leaves."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.watcher import check_deadlines
from kefu.apitest import ApiClient, error_of
from tickets.models import Ticket, TicketEvent

URL = "/api/v1/tickets"
NOW = datetime(2026, 11, 23, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def agent(world):
    return ApiClient(world.agent)


@pytest.fixture
def engineer(world):
    return ApiClient(world.engineer)


@pytest.fixture
def dispatched(make_ticket, world):
    from tickets.actions import dispatch_ticket

    return dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)


def test_the_whole_lifecycle(clock, world, customer, agent, engineer):
    # given a request recorded by the agent
    created = agent.post(
        URL, {"category": "repair", "channel": "phone", "customer": customer.pk, "content": "厨房燃气漏气"}
    )
    assert created.status_code == 201
    number = created.json()["number"]

    # when it goes through every step
    clock.shift(timedelta(minutes=5))
    dispatched = agent.post(f"{URL}/{number}/dispatch", {"department": "eng", "note": "请带检测仪"})
    clock.shift(timedelta(minutes=5))
    accepted = engineer.post(f"{URL}/{number}/accept")
    clock.shift(timedelta(minutes=30))
    started = engineer.post(f"{URL}/{number}/start")
    clock.shift(timedelta(hours=1))
    resolved = engineer.post(f"{URL}/{number}/resolve", {"result": "更换燃气软管，试压正常"})
    clock.shift(timedelta(hours=2))
    closed = agent.post(f"{URL}/{number}/close", {"note": "回访满意"})

    # then each answer is the ticket in its new state
    assert dispatched.status_code == 200
    assert dispatched.json()["status"] == "dispatched"
    assert dispatched.json()["department"] == "eng"
    assert dispatched.json()["dispatched_at"] == "2026-11-23T17:35:00+08:00"
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["accepted_by"] == "engineer"
    assert accepted.json()["accepted_at"] == "2026-11-23T17:40:00+08:00"
    assert started.json()["status"] == "in_progress"
    assert started.json()["started_at"] == "2026-11-23T18:10:00+08:00"
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["result"] == "更换燃气软管，试压正常"
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"] == "2026-11-23T21:10:00+08:00"
    assert closed.json()["owner"] == "agent"
    assert closed.json()["overdue"] is False
    assert all(d["met_at"] and not d["breached"] for d in closed.json()["deadlines"])

    # and a reopened ticket goes back to the department that did the work
    reopened = agent.post(f"{URL}/{number}/reopen", {"reason": "又闻到燃气味"})
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "dispatched"
    assert reopened.json()["reopen_count"] == 1
    assert reopened.json()["closed_at"] is None
    assert {d["round"] for d in reopened.json()["deadlines"]} == {0, 1}

    events = agent.get(f"{URL}/{number}/events").json()
    assert [e["kind"] for e in events] == [
        "created",
        "dispatched",
        "accepted",
        "started",
        "resolved",
        "closed",
        "reopened",
    ]
    assert [e["actor"] for e in events] == ["agent", "agent", "engineer", "engineer", "engineer", "agent", "agent"]
    assert events[0]["at"] == "2026-11-23T17:30:00+08:00"
    assert events[1]["department"] == "eng"
    assert events[1]["note"] == "请带检测仪"
    assert events[4]["result"] == "更换燃气软管，试压正常"
    assert events[6]["reason"] == "又闻到燃气味"
    assert all(e["text"] for e in events)


def test_events_speak_the_language_of_the_request(world, agent, dispatched):
    events = agent.get(f"{URL}/{dispatched.number}/events", headers={"Accept-Language": "en"}).json()

    assert events[0]["text"] == "Recorded via Phone call"
    assert events[1]["text"] == "Dispatched to 工程部"
    assert events[1]["actor_name"] == "孙丽"


def test_the_deadline_watcher_is_an_event_without_actor(clock, world, agent, make_ticket):
    ticket = make_ticket()
    clock.shift(timedelta(hours=1))
    check_deadlines()

    answer = agent.get(f"{URL}/{ticket.number}").json()
    events = agent.get(f"{URL}/{ticket.number}/events").json()

    assert events[-1]["kind"] == "deadline_breached"
    assert events[-1]["actor"] is None
    assert events[-1]["deadline"] == "dispatch"
    assert answer["overdue"] is True
    assert [d["breached"] for d in answer["deadlines"] if d["kind"] == "dispatch"] == [True]


def test_a_step_taken_late_stays_breached(clock, world, agent, make_ticket):
    ticket = make_ticket()
    clock.shift(timedelta(minutes=20))  # the dispatch promise was 15 minutes

    answer = agent.post(f"{URL}/{ticket.number}/dispatch", {"department": "eng"}).json()

    dispatch = next(d for d in answer["deadlines"] if d["kind"] == "dispatch")
    assert dispatch["met_at"] == "2026-11-23T17:50:00+08:00"
    assert dispatch["breached"] is True
    assert answer["overdue"] is False  # met late is a breach on record, not an open overdue


# ---- refusals -------------------------------------------------------------------------------------


def test_an_illegal_transition_is_a_409_with_a_message(world, agent, make_ticket):
    ticket = make_ticket()

    response = agent.post(f"{URL}/{ticket.number}/close", headers={"Accept-Language": "en"})

    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "illegal_transition"
    assert error["message"] == "Cannot Close a ticket that is To dispatch."
    assert Ticket.objects.get().status == "new"


def test_the_409_message_is_chinese_ready_by_default(world, agent, make_ticket):
    response = agent.post(f"{URL}/{make_ticket().number}/close")

    assert response.status_code == 409
    assert error_of(response)["message"]


def test_accepting_twice_is_illegal(world, engineer, dispatched):
    assert engineer.post(f"{URL}/{dispatched.number}/accept").status_code == 200

    response = engineer.post(f"{URL}/{dispatched.number}/accept")

    assert response.status_code == 409
    assert error_of(response)["code"] == "illegal_transition"


def test_a_repair_is_not_answered_with_words(world, agent, make_ticket):
    response = agent.post(f"{URL}/{make_ticket().number}/answer", {"answer": "请自行处理"})

    assert response.status_code == 409


def test_customer_service_cannot_accept_for_the_department(world, agent, dispatched):
    response = agent.post(f"{URL}/{dispatched.number}/accept")

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"
    assert Ticket.objects.get().status == "dispatched"


def test_field_staff_cannot_dispatch(world, engineer, dispatched):
    response = engineer.post(f"{URL}/{dispatched.number}/dispatch", {"department": "security"})

    assert response.status_code == 403
    assert Ticket.objects.get().department == world.eng


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "", None),
        ("get", "/events", None),
        ("post", "/accept", None),
        ("post", "/start", None),
        ("post", "/resolve", {"result": "已修好"}),
        ("post", "/hold", {"reason": "等配件"}),
        ("post", "/notes", {"text": "看一眼"}),
        ("post", "/reveal-phone", None),
    ],
)
def test_another_departments_ticket_is_not_found(world, dispatched, method, path, body):
    guard = ApiClient(world.guard)

    response = (
        guard.get(f"{URL}/{dispatched.number}{path}")
        if method == "get"
        else guard.post(f"{URL}/{dispatched.number}{path}", body)
    )

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert TicketEvent.objects.filter(actor=world.guard).count() == 0


def test_an_unknown_number_is_not_found(world, agent):
    response = agent.get(f"{URL}/GD20990101-0001")

    assert response.status_code == 404


def test_field_staff_do_not_see_new_requests(world, engineer, make_ticket):
    assert engineer.get(f"{URL}/{make_ticket().number}").status_code == 404


def test_dispatch_to_an_unknown_department_is_bad_input(world, agent, make_ticket):
    ticket = make_ticket()

    response = agent.post(f"{URL}/{ticket.number}/dispatch", {"department": "moon"})

    assert response.status_code == 400
    assert "department" in error_of(response)["fields"]
    assert Ticket.objects.get().status == "new"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/dispatch", {}, "department"),
        ("/dispatch", {"department": "eng", "priority": "high"}, "priority"),
        ("/dispatch", {"department": ["eng"]}, "department"),
        ("/resolve", {"result": ""}, "result"),
        ("/reopen", {"reason": "原" * 501}, "reason"),
        ("/hold", {}, "reason"),
        ("/accept", {"note": "收到"}, "note"),
        ("/close", {"note": "好" * 2001}, "note"),
    ],
)
def test_bad_step_input_is_refused_untouched(world, agent, dispatched, path, body, field):
    events = TicketEvent.objects.count()

    response = agent.post(f"{URL}/{dispatched.number}{path}", body)

    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert TicketEvent.objects.count() == events
    assert Ticket.objects.get().status == "dispatched"


def test_a_step_without_parameters_takes_an_empty_object(world, engineer, dispatched):
    assert engineer.post(f"{URL}/{dispatched.number}/accept", {}).status_code == 200


# ---- the other steps ------------------------------------------------------------------------------


def test_a_consultation_is_answered(world, agent, make_ticket):
    ticket = make_ticket(category="consultation", content="停水通知什么时候发？")

    response = agent.post(f"{URL}/{ticket.number}/answer", {"answer": "明早8点在小区公告栏张贴"})

    assert response.status_code == 200
    assert response.json()["status"] == "resolved"
    assert response.json()["answer"] == "明早8点在小区公告栏张贴"


def test_ownership_is_transferred_and_logged(world, agent, make_ticket):
    ticket = make_ticket()

    response = agent.post(f"{URL}/{ticket.number}/transfer", {"owner": "agent2", "reason": "换班"})

    assert response.status_code == 200
    assert response.json()["owner"] == "agent2"
    event = agent.get(f"{URL}/{ticket.number}/events").json()[-1]
    assert (event["kind"], event["from_owner"], event["to_owner"], event["reason"]) == (
        "transferred",
        "agent",
        "agent2",
        "换班",
    )


def test_ownership_goes_only_to_customer_service(world, agent, make_ticket):
    response = agent.post(f"{URL}/{make_ticket().number}/transfer", {"owner": "engineer"})

    assert response.status_code == 400
    assert "owner" in error_of(response)["fields"]


def test_ownership_to_an_unknown_user_is_bad_input(world, agent, make_ticket):
    response = agent.post(f"{URL}/{make_ticket().number}/transfer", {"owner": "nobody"})

    assert response.status_code == 400
    assert "owner" in error_of(response)["fields"]


def test_a_colleague_cannot_take_a_ticket_over(world, make_ticket):
    response = ApiClient(world.agent2).post(f"{URL}/{make_ticket().number}/transfer", {"owner": "agent2"})

    assert response.status_code == 403


def test_hold_pauses_and_resume_restores(clock, world, engineer, dispatched):
    engineer.post(f"{URL}/{dispatched.number}/accept")

    held = engineer.post(f"{URL}/{dispatched.number}/hold", {"reason": "等业主回家"})
    clock.shift(timedelta(hours=2))
    resumed = engineer.post(f"{URL}/{dispatched.number}/resume")

    assert held.json()["status"] == "on_hold"
    assert resumed.status_code == 200
    assert resumed.json()["status"] == "accepted"
    kinds = [e["kind"] for e in engineer.get(f"{URL}/{dispatched.number}/events").json()]
    assert kinds[-2:] == ["held", "resumed"]


def test_resume_of_a_running_ticket_is_illegal(world, engineer, dispatched):
    assert engineer.post(f"{URL}/{dispatched.number}/resume").status_code == 409


def test_a_note_goes_on_the_timeline(world, agent, make_ticket):
    ticket = make_ticket()

    response = agent.post(f"{URL}/{ticket.number}/notes", {"text": "业主下午3点后在家"})

    assert response.status_code == 201
    event = agent.get(f"{URL}/{ticket.number}/events").json()[-1]
    assert (event["kind"], event["text"], event["actor"]) == ("note", "业主下午3点后在家", "agent")


def test_revealing_the_phone_is_logged(world, engineer, dispatched):
    response = engineer.post(f"{URL}/{dispatched.number}/reveal-phone")

    assert response.status_code == 200
    assert response.json() == {"phone": "13800138000"}
    event = TicketEvent.objects.filter(kind="phone_revealed").get()
    assert event.actor == world.engineer


def test_quality_inspectors_cannot_reveal_phones(world, dispatched):
    response = ApiClient(world.qa).post(f"{URL}/{dispatched.number}/reveal-phone")

    assert response.status_code == 403
    assert not TicketEvent.objects.filter(kind="phone_revealed").exists()
