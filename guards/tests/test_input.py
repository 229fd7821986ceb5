"""Issue 11.2, 11.3, 11.4, 11.9: control characters, over-large bodies, phones, invisible text."""

import json

import pytest
from django.test import Client

from customers.models import Customer
from customers.selectors import customers_by_phone
from kefu.apitest import ApiClient, error_of
from tickets.models import Ticket

CONTROL = "输入内容含有控制字符（如 NUL），请删除后重试。"


def _ticket_body(archived, **extra):
    body = {"category": "repair", "channel": "phone", "customer": archived.pk, "content": "厨房漏水", **extra}
    return {key: value for key, value in body.items() if value is not None}


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"content": "漏水\x00"}, "content"),
        ({"content": "漏水\x1b[31m"}, "content"),
        ({"content": "漏水\x7f"}, "content"),
        ({"content": "漏\ud800水"}, "content"),  # a lone surrogate has no UTF-8 form
        ({"customer": None, "contact": {"name": "王\x00", "phone": "13800138000"}}, "contact.name"),
    ],
)
def test_control_characters_in_a_json_body_are_refused(world, customer, extra, field):
    # ASCII escapes (\u0000, \ud800) as a client's JSON library writes them.
    raw = json.dumps(_ticket_body(customer, **extra))
    response = ApiClient(world.agent).post("/api/v1/tickets", raw=raw)

    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["message"], list(error["fields"])) == ("control_characters", CONTROL, [field])
    assert not Ticket.objects.exists()


def test_tabs_and_line_breaks_are_ordinary_text(world, customer):
    response = ApiClient(world.agent).post("/api/v1/tickets", _ticket_body(customer, content="第一行\r\n第二行\t完"))

    assert response.status_code == 201
    assert Ticket.objects.get().content == "第一行\r\n第二行\t完"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/tickets?owner=a%00",
        "/api/v1/tickets?q=%E7%8E%8B%00",
        "/api/v1/tickets?department=%01",
        "/api/v1/tickets/GD%00",
        "/api/v1/customers?phone=%00138",
    ],
)
def test_control_characters_in_queries_and_paths_are_refused(world, path):
    response = ApiClient(world.manager).get(path)

    assert response.status_code == 400
    assert error_of(response)["message"] == CONTROL


def test_control_characters_in_a_web_form_are_refused(client, world, customer):
    client.force_login(world.agent)
    pick = f"{customer.pk}:{customer.premises.first().pk}" if customer.premises.exists() else f"{customer.pk}:"
    form = {"phone": "13800138000", "pick": pick, "category": "repair", "channel": "phone", "content": "漏水\x00"}

    response = client.post("/intake/", form)

    assert response.status_code == 400
    assert CONTROL in response.content.decode()
    assert not Ticket.objects.exists()


def test_control_characters_in_a_web_query_are_refused(client, world):
    client.force_login(world.manager)
    assert client.get("/board/?q=%E7%8E%8B%00").status_code == 400


def test_control_characters_on_the_portal_are_refused(world):
    form = {"category": "repair", "content": "漏水", "name": "王\x00", "phone": "13800138000", "address": "翠湖苑"}

    response = Client().post("/portal/", form)

    assert response.status_code == 400
    assert CONTROL in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_over_large_api_body_is_a_json_413(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"category": "repair", "channel": "phone", "content": "漏" * 20_000})

    response = ApiClient(world.agent).post("/api/v1/tickets", raw=body)

    assert response.status_code == 413
    assert error_of(response) == {"code": "payload_too_large", "message": "请求内容过大。"}
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("content", ["\u200b\u200b\u200b", " \ufeff\u2060 ", "\u3000\u200d"])
def test_content_made_only_of_invisible_characters_is_refused(world, customer, content):
    response = ApiClient(world.agent).post("/api/v1/tickets", _ticket_body(customer, content=content))

    assert response.status_code == 400
    assert error_of(response)["fields"] == {"content": "必填。"}
    assert not Ticket.objects.exists()


def test_invisible_content_is_refused_on_the_web_form_too(client, world, customer):
    client.force_login(world.agent)
    pick = f"{customer.pk}:{customer.premises.first().pk}" if customer.premises.exists() else f"{customer.pk}:"
    form = {"phone": "13800138000", "pick": pick, "category": "repair", "channel": "phone", "content": "\u200b\u200b"}

    response = client.post("/intake/", form)

    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_lengths_are_counted_after_trimming(world, customer):
    content = " \u200b" + "漏" * 2000 + "\u200b "

    response = ApiClient(world.agent).post("/api/v1/tickets", _ticket_body(customer, content=content))

    assert response.status_code == 201
    assert Ticket.objects.get().content == "漏" * 2000


@pytest.mark.parametrize("phone", ["+" + "1" * 20, "1" * 21, "12345678901", "+4400000000000"])
def test_an_impossible_phone_is_a_400_not_a_500(world, phone):
    body = {"category": "repair", "channel": "phone", "content": "漏水", "contact": {"phone": phone}}

    response = ApiClient(world.agent).post("/api/v1/tickets", body)

    assert response.status_code == 400
    assert error_of(response)["fields"] == {"contact.phone": "不是有效的电话号码。"}
    assert not Ticket.objects.exists()


def test_full_width_digits_find_the_same_customer(client, world, customer):
    assert list(customers_by_phone("１３８００１３８０００")) == [customer]
    client.force_login(world.agent)
    card = client.get("/intake/caller/", {"phone": "１３８ ００１３ ８０００"}).content.decode()
    assert f'value="{customer.pk}:' in card  # the intake card offers the archived caller, not a new one
    contact = {"name": "王建国", "phone": "１３８-００１３-８０００"}
    body = {"category": "repair", "channel": "phone", "content": "漏水", "contact": contact}

    response = ApiClient(world.agent).post("/api/v1/tickets", body)

    assert response.status_code == 201
    assert Ticket.objects.get().contact_phone == "13800138000"
    assert Customer.objects.count() == 1
