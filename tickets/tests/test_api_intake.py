"""POST /api/v1/tickets: recording a request, and every kind of bad input refused untouched."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.models import Deadline
from kefu.apitest import ApiClient, error_of
from tickets.models import Ticket, TicketEvent

URL = "/api/v1/tickets"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 17, 30, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _body(archived, **overrides):
    """A valid request for `archived`; an override of None leaves the field out."""
    body = {"category": "repair", "channel": "phone", "customer": archived.pk, "content": "厨房燃气漏气"}
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def test_an_agent_records_a_request_for_an_archived_customer(world, customer):
    response = ApiClient(world.agent).post(URL, _body(customer))

    assert response.status_code == 201
    data = response.json()
    ticket = Ticket.objects.get()
    assert data["number"] == ticket.number == "GD20261123-0001"
    assert data["category"] == "repair"
    assert data["channel"] == "phone"
    assert data["status"] == "new"
    assert data["priority"] == "normal"
    assert data["customer"] == customer.pk
    assert data["customer_honorific"] == "王先生"
    assert data["contact"] == {"name": "王建国", "phone": "138****8000", "address": ticket.contact_address}
    assert data["owner"] == "agent"
    assert data["department"] is None
    assert data["received_at"] == "2026-11-23T17:30:00+08:00"
    assert data["created_at"] == "2026-11-23T17:30:00+08:00"
    assert data["overdue"] is False
    assert {d["kind"] for d in data["deadlines"]} == set(
        Deadline.objects.filter(ticket=ticket).values_list("kind", flat=True)
    )
    assert all(d["breached"] is False and d["met_at"] is None for d in data["deadlines"])
    assert ticket.owner == world.agent


def test_a_walk_in_without_archive_entry_gives_a_contact(world):
    body = {
        "category": "help",
        "channel": "walk_in",
        "contact": {"name": "刘女士", "phone": "139 0000 1111", "address": "翠湖苑5号楼"},
        "content": "钥匙锁在家里",
        "priority": "high",
    }

    response = ApiClient(world.night).post(URL, body)

    assert response.status_code == 201
    assert response.json()["customer"] is None
    assert response.json()["customer_honorific"] is None
    assert response.json()["contact"] == {"name": "刘女士", "phone": "139****1111", "address": "翠湖苑5号楼"}
    assert response.json()["priority"] == "high"
    assert Ticket.objects.get().contact_phone == "13900001111"


def test_a_naive_time_is_shanghai_time(world, customer):
    body = _body(customer, channel="letter", received_at="2026-11-20T09:00:00", appointment_at="2026-11-24 14:00")

    response = ApiClient(world.agent).post(URL, body)

    assert response.status_code == 201
    assert response.json()["received_at"] == "2026-11-20T09:00:00+08:00"
    assert response.json()["appointment_at"] == "2026-11-24T14:00:00+08:00"
    assert Ticket.objects.get().received_at == datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)


def test_a_utc_time_is_answered_in_local_time(world, customer):
    response = ApiClient(world.agent).post(URL, _body(customer, received_at="2026-11-23T01:00:00Z"))

    assert response.json()["received_at"] == "2026-11-23T09:00:00+08:00"


def test_an_emergency_is_urgent_by_default(world, customer):
    response = ApiClient(world.agent).post(URL, _body(customer, category="emergency"))

    assert response.json()["priority"] == "urgent"


@pytest.mark.parametrize("persona", ["engineer", "guard", "qa", "admin"])
def test_only_customer_service_records_requests(world, customer, persona):
    response = ApiClient(getattr(world, persona)).post(URL, _body(customer))

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"
    assert not Ticket.objects.exists()


def test_field_staff_are_refused_before_their_input_is_judged(world):
    response = ApiClient(world.engineer).post(
        URL, {"category": "repair", "channel": "phone", "customer": 999, "content": "x"}
    )

    assert response.status_code == 403


BAD_TICKETS = [
    pytest.param({"category": None}, 400, "invalid", "category", id="missing-category"),
    pytest.param({"content": None}, 400, "invalid", "content", id="missing-content"),
    pytest.param({"urgency": "high"}, 400, "invalid", "urgency", id="unknown-field"),
    pytest.param(
        {"contact": {"name": "刘", "phone": "13900001111", "mobile": "1"}},
        400,
        "invalid",
        "contact.mobile",
        id="unknown-nested-field",
    ),
    pytest.param({"channel": 3}, 400, "invalid", "channel", id="channel-wrong-type"),
    pytest.param({"customer": "1"}, 400, "invalid", "customer", id="customer-id-as-text"),
    pytest.param({"customer": True}, 400, "invalid", "customer", id="customer-id-as-bool"),
    pytest.param({"content": ["漏气"]}, 400, "invalid", "content", id="content-wrong-type"),
    pytest.param({"contact": "刘女士"}, 400, "invalid", "contact", id="contact-wrong-type"),
    pytest.param({"category": "fire"}, 400, "invalid", "category", id="unknown-category"),
    pytest.param({"channel": "fax"}, 400, "invalid", "channel", id="unknown-channel"),
    pytest.param({"priority": "asap"}, 400, "invalid", "priority", id="unknown-priority"),
    pytest.param({"content": "漏" * 2001}, 400, "invalid", "content", id="content-too-long"),
    pytest.param({"content": "   "}, 400, "invalid", "content", id="content-blank"),
    pytest.param(
        {"customer": None, "contact": {"name": "刘" * 51, "phone": "13900001111"}},
        400,
        "invalid",
        "contact.name",
        id="contact-name-too-long",
    ),
    pytest.param(
        {"customer": None, "contact": {"name": "刘女士", "phone": "电话abc"}},
        400,
        "invalid",
        "contact.phone",
        id="bad-phone",
    ),
    pytest.param(
        {"customer": None, "contact": {"name": "刘女士", "phone": "123"}},
        400,
        "invalid",
        "contact.phone",
        id="short-phone",
    ),
    pytest.param({"customer": None}, 400, "invalid", "customer", id="neither-customer-nor-contact"),
    pytest.param({"customer": 999999}, 400, "invalid", "customer", id="unknown-customer"),
    pytest.param({"premises": 999999}, 400, "invalid", "premises", id="unknown-premises"),
    pytest.param({"received_at": "2026-11-24T09:00:00+08:00"}, 400, "invalid", "received_at", id="future-received-at"),
    pytest.param({"received_at": "yesterday"}, 400, "invalid", "received_at", id="received-at-not-iso"),
    pytest.param({"received_at": 1795000000}, 400, "invalid", "received_at", id="received-at-timestamp"),
    pytest.param({"received_at": "2026-11-23"}, 400, "invalid", "received_at", id="received-at-date-only"),
    pytest.param(
        {"received_at": "2026-02-30T10:00:00"}, 400, "invalid", "received_at", id="received-at-impossible-date"
    ),
    pytest.param(
        {"appointment_at": "2026-11-22T09:00:00+08:00"},
        400,
        "invalid",
        "appointment_at",
        id="appointment-before-request",
    ),
]


@pytest.mark.parametrize(("overrides", "status", "code", "field"), BAD_TICKETS)
def test_bad_input_is_refused_and_nothing_is_written(world, customer, overrides, status, code, field):
    response = ApiClient(world.agent).post(URL, _body(customer, **overrides))

    assert response.status_code == status
    error = error_of(response)
    assert error["code"] == code
    assert field in error["fields"], error
    assert Ticket.objects.count() == 0
    assert TicketEvent.objects.count() == 0
    assert Deadline.objects.count() == 0


def test_malformed_json_writes_nothing(world, customer):
    response = ApiClient(world.agent).post(URL, raw='{"category": "repair", "channel": "phone", "content": "漏气",}')

    assert response.status_code == 400
    assert error_of(response)["code"] == "malformed_json"
    assert not Ticket.objects.exists()


def test_a_body_that_is_not_utf8_json_is_malformed(world, customer):
    response = ApiClient(world.agent).post(URL, raw=b"\xff\xfe\xfa not json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "malformed_json"


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_a_body_of_another_content_type_is_a_415(world, customer, content_type):
    response = ApiClient(world.agent).post(URL, raw='{"category": "repair"}', content_type=content_type)

    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"
    assert not Ticket.objects.exists()


def test_json_with_a_charset_is_fine(world, customer):
    response = ApiClient(world.agent).post(
        URL,
        raw=f'{{"category": "repair", "channel": "phone", "customer": {customer.pk}, "content": "漏气"}}',
        content_type="application/json; charset=utf-8",
    )

    assert response.status_code == 201


def test_every_bad_field_is_reported_at_once(world, customer):
    response = ApiClient(world.agent).post(URL, _body(customer, category="fire", channel="fax", content="漏" * 2001))

    assert set(error_of(response)["fields"]) == {"category", "channel", "content"}


def test_field_messages_are_translatable(world, customer):
    response = ApiClient(world.agent).post(URL, _body(customer, urgency="high"), headers={"Accept-Language": "en"})

    assert error_of(response)["message"] == "Please correct the marked fields."
    assert error_of(response)["fields"] == {"urgency": "Unknown field."}
