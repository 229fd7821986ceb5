"""Request sub-types (A2) at intake: POST tickets with `subtype`, TicketOut, GET tickets?subtype=,
GET subtypes, the intake screen; and the commitments they and the channel bring (C3)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deadlines.models import CommitmentPolicy, Deadline
from deadlines.services import set_commitment
from kefu.apitest import ApiClient, error_of
from tickets.actions import create_ticket, set_subtype_active
from tickets.models import RequestSubtype, Ticket, TicketEvent, TicketSequence

URL = "/api/v1/tickets"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 17, 30, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _body(customer, **overrides):
    body = {"category": "repair", "channel": "phone", "customer": customer.pk, "content": "电梯停在三楼不动"}
    body.update(overrides)
    return body


def _due(ticket_number: str, kind: str) -> timedelta:
    deadline = Deadline.objects.get(ticket__number=ticket_number, kind=kind)
    return deadline.due_at - deadline.started_at


def test_the_shipped_subtypes_sit_under_their_categories(db):
    repair = set(RequestSubtype.objects.filter(category="repair").values_list("name", flat=True))
    assert {"水电", "门窗", "电梯", "燃气", "公共设施"} <= repair
    assert RequestSubtype.objects.get(code="elevator_trapped").category == "emergency"


def test_a_request_is_recorded_with_its_subtype_and_shown_and_found_by_it(world, customer):
    api = ApiClient(world.agent)
    response = api.post(URL, _body(customer, subtype="elevator"))

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["subtype"] == "elevator" and data["subtype_name"] == "电梯"
    ticket = Ticket.objects.get()
    assert ticket.subtype.code == "elevator"
    assert TicketEvent.objects.get(ticket=ticket, kind="created").data["subtype"] == "elevator"
    assert api.get(f"{URL}/{ticket.number}").json()["subtype"] == "elevator"

    api.post(URL, _body(customer, content="卫生间漏水", subtype="plumbing_electric"))
    api.post(URL, _body(customer, content="门锁坏了"))
    listed = api.get(URL, {"subtype": "elevator", "status": "all"}).json()
    assert listed["count"] == 1
    assert [(t["number"], t["subtype"], t["subtype_name"]) for t in listed["items"]] == [
        (ticket.number, "elevator", "电梯")
    ]
    everything = api.get(URL, {"status": "all"}).json()["items"]
    assert sorted((t["subtype"] or "") for t in everything) == ["", "elevator", "plumbing_electric"]
    assert api.get(URL, {"subtype": "no_such_thing"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("category", "subtype", "message"),
    [
        ("repair", "no_such_thing", "未知的或已停用的子类。"),
        ("repair", "fees", "该子类属于另一个类别。"),
        ("repair", "retired", "未知的或已停用的子类。"),
    ],
)
def test_a_bad_subtype_is_refused_in_chinese_and_nothing_is_written(world, customer, category, subtype, message):
    if subtype == "retired":
        set_subtype_active(RequestSubtype.objects.get(code="doors_windows"), actor=world.manager, active=False)
        subtype = "doors_windows"
    response = ApiClient(world.agent).post(URL, _body(customer, category=category, subtype=subtype))

    assert response.status_code == 400
    error = error_of(response)
    assert error["fields"] == {"subtype": message}
    assert error["message"] == "请修改标出的字段。"
    assert not Ticket.objects.exists() and not Deadline.objects.exists() and not TicketEvent.objects.exists()
    assert not TicketSequence.objects.exists()


def test_a_subtype_costs_intake_one_statement_and_none_without_one(world, customer):
    def statements(**extra) -> int:
        with CaptureQueriesContext(connection) as queries:
            create_ticket(
                actor=world.agent, category="repair", channel="phone", content="漏水", customer=customer, **extra
            )
        return len(queries)

    statements()  # the first intake of the day creates the day's counter row
    without = statements()
    assert statements(subtype="elevator") == without + 1
    # As many as before sub-types existed (measured on main before this change).
    assert without <= 12


def test_a_subtype_commitment_beats_the_categorys(world, customer):
    api = ApiClient(world.agent)
    trapped = api.post(URL, _body(customer, category="emergency", subtype="elevator_trapped", content="有人困在电梯里"))
    fire = api.post(URL, _body(customer, category="emergency", subtype="fire", content="楼道冒烟"))

    assert _due(trapped.json()["number"], "handle") == timedelta(minutes=30)  # TSG 困人 30 分钟
    assert _due(fire.json()["number"], "handle") == timedelta(hours=1)  # the category's
    assert _due(trapped.json()["number"], "resolve") == timedelta(hours=24)  # not overridden: the category's


def test_a_subtype_commitment_beats_priority_and_a_commitment_of_another_subtype_never_applies(world, customer):
    elevator = RequestSubtype.objects.get(code="elevator")
    set_commitment(
        category="repair", subtype=elevator, priority="", grade="", kind="handle", minutes=45,
        calendar=None, warn_percent=None, actor=world.manager,
    )  # fmt: skip
    api = ApiClient(world.agent)
    urgent_lift = api.post(URL, _body(customer, subtype="elevator", priority="urgent")).json()["number"]
    lift = api.post(URL, _body(customer, subtype="elevator")).json()["number"]
    door = api.post(URL, _body(customer, subtype="doors_windows", content="窗户关不上")).json()["number"]

    assert _due(lift, "handle") == timedelta(minutes=45)
    assert _due(urgent_lift, "handle") == timedelta(minutes=45)
    assert _due(door, "handle") == timedelta(hours=6)


def test_written_channels_are_answered_within_24_hours(world, customer):
    """C3: a suggestion by phone is answered within 48 h; by e-mail or online within 24 h."""
    api = ApiClient(world.agent)
    numbers = {
        channel: api.post(
            URL, _body(customer, category="suggestion", channel=channel, content="建议增加充电桩")
        ).json()["number"]
        for channel in ("phone", "email", "online", "message")
    }
    assert _due(numbers["phone"], "answer") == timedelta(hours=48)
    for channel in ("email", "online", "message"):
        assert _due(numbers[channel], "answer") == timedelta(hours=24)
    praise = api.post(URL, _body(customer, category="praise", channel="email", content="感谢王师傅")).json()
    assert [(d["kind"], d["due_at"]) for d in praise["deadlines"]] == [("answer", "2026-11-24T17:30:00+08:00")]


def test_a_channel_commitment_is_one_the_manager_edits(world, customer):
    policy = CommitmentPolicy.objects.get(category="suggestion", channel="email", kind="answer", is_active=True)
    set_commitment(
        category="suggestion", channel="email", priority="", grade="", kind="answer", minutes=8 * 60,
        calendar=None, warn_percent=None, actor=world.manager,
    )  # fmt: skip
    policy.refresh_from_db()
    number = ApiClient(world.agent).post(URL, _body(customer, category="suggestion", channel="email")).json()["number"]
    assert _due(number, "answer") == timedelta(hours=8)
    assert CommitmentPolicy.objects.filter(category="suggestion", channel="email", is_active=True).count() == 1


def test_the_subtypes_are_listed_for_integrations(world):
    api = ApiClient(world.agent)
    set_subtype_active(RequestSubtype.objects.get(code="gas"), actor=world.manager, active=False)
    repair = api.get("/api/v1/subtypes", {"category": "repair"}).json()
    assert [s["code"] for s in repair][:5] == [
        "plumbing_electric",
        "doors_windows",
        "elevator",
        "gas",
        "public_facilities",
    ]
    assert {s["code"] for s in api.get("/api/v1/subtypes", {"category": "repair", "active": "true"}).json()} == {
        "plumbing_electric",
        "doors_windows",
        "elevator",
        "public_facilities",
    }
    assert api.get("/api/v1/subtypes", {"category": "fire"}).status_code == 400
    assert api.get("/api/v1/subtypes", {"kategory": "repair"}).status_code == 400
    assert ApiClient().get("/api/v1/subtypes").status_code == 401


# ── the intake screen ────────────────────────────────────────────────────────────────────────


def _intake_post(customer, **extra):
    return {
        "phone": "13800138000",
        "pick": f"{customer.pk}:",
        "category": "repair",
        "channel": "phone",
        "priority": "normal",
        "content": "楼道灯不亮",
        **extra,
    }


def test_the_intake_screen_offers_the_subtypes_of_each_category(client, world, customer):
    client.force_login(world.agent)
    page = client.get("/intake/").content.decode()
    assert 'name="subtype" data-subtype' in page
    assert '<option value="public_facilities" data-category="repair" hidden disabled>公共设施</option>' in page
    set_subtype_active(RequestSubtype.objects.get(code="gas"), actor=world.manager, active=False)
    assert 'value="gas"' not in client.get("/intake/").content.decode()


def test_the_intake_screen_records_the_subtype(client, world, customer):
    client.force_login(world.agent)
    response = client.post("/intake/", _intake_post(customer, subtype="public_facilities"))

    assert response.status_code == 302
    assert Ticket.objects.get().subtype.code == "public_facilities"


def test_the_intake_screen_refuses_a_subtype_of_another_category_and_keeps_the_form(client, world, customer):
    client.force_login(world.agent)
    response = client.post("/intake/", _intake_post(customer, subtype="noise", content="楼道灯不亮了"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "该子类属于另一个类别。" in page and "楼道灯不亮了" in page
    assert not Ticket.objects.exists()


def test_the_board_filters_by_subtype(client, world, customer):
    lift = create_ticket(
        actor=world.agent, category="repair", channel="phone", content="电梯异响", customer=customer, subtype="elevator"
    )
    create_ticket(actor=world.agent, category="repair", channel="phone", content="楼道灯不亮", customer=customer)
    client.force_login(world.supervisor)

    page = client.get("/board/", {"subtype": "elevator"}).content.decode()
    assert 'data-subtype-filter="elevator"' in page and "报修 / 电梯" in page  # unticked, it is dropped
    assert lift.number in page and page.count('data-ticket="GD') == 1
    assert "data-subtype-filter" not in client.get("/board/").content.decode()
    # the sub-types console links each sub-type to its tickets
    client.force_login(world.manager)
    assert 'href="/board/?subtype=elevator&amp;status=all"' in client.get("/deadlines/subtypes/").content.decode()
