"""Finding a caller's tickets as agents ask for them (issue 13): the whole phone, its last four
digits, the honorific on the caller card, every status together, a date range, a community."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from kefu.apitest import ApiClient, error_of
from tests.factories import CustomerFactory
from tickets.actions import create_ticket
from tickets.actions.intake import Contact

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def callers(world, db):
    li = CustomerFactory(name="李秀英", gender="female", phone="13814231297")
    wang = CustomerFactory(name="王建国", gender="male", phone="13900001111", address={"community": "金桂园"})
    with time_machine.travel(datetime(2026, 11, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        old = create_ticket(actor=world.agent, category="repair", channel="phone", content="阳台漏水", customer=li)
    new = create_ticket(actor=world.agent, category="consultation", channel="phone", content="物业费", customer=li)
    other = create_ticket(actor=world.agent, category="repair", channel="phone", content="门锁坏了", customer=wang)
    walk_in = create_ticket(
        actor=world.agent,
        category="help",
        channel="walk_in",
        content="借梯子",
        contact=Contact(name="李大妈", phone="13612341297", address="翠湖苑"),
    )
    return {"old": old, "new": new, "other": other, "walk_in": walk_in, "li": li}


def numbers(world, **params) -> set[str]:
    body = ApiClient(world.manager).get("/api/v1/tickets", {"status": "all", **params}).json()
    return {t["number"] for t in body["items"]}


def test_the_whole_phone_and_its_last_four_digits_find_the_caller(world, callers):
    assert numbers(world, q="13814231297") == {callers["old"].number, callers["new"].number}
    assert numbers(world, q="１３８１４２３１２９７") == {callers["old"].number, callers["new"].number}  # full-width
    assert numbers(world, q="1297") == {callers["old"].number, callers["new"].number, callers["walk_in"].number}


def test_the_honorific_finds_the_customers_of_that_surname_and_gender(world, callers):
    assert numbers(world, q="李女士") == {callers["old"].number, callers["new"].number, callers["walk_in"].number}
    assert numbers(world, q="王先生") == {callers["other"].number}
    assert numbers(world, q="王女士") == set()


def test_all_statuses_together_and_a_date_range(world, callers):
    assert callers["old"].number in numbers(world, received_to="2026-11-01")
    assert numbers(world, received_from="2026-11-01", received_to="2026-11-01") == {callers["old"].number}


def test_a_community_filter(world, callers):
    community = callers["li"].premises.first().community
    assert numbers(world, community=community.pk) == {callers["old"].number, callers["new"].number}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"received_from": "2026-11-02", "received_to": "2026-11-01"}, "received_from"),
        ({"received_from": "0001-01-01"}, "received_from"),
        ({"received_to": "9999-12-31"}, "received_to"),
        ({"received_to": "yesterday"}, "received_to"),
        ({"community": "abc"}, "community"),
        ({"status": "everything"}, "status"),
    ],
)
def test_bad_list_filters_are_a_400(world, params, field):
    response = ApiClient(world.manager).get("/api/v1/tickets", params)
    assert response.status_code == 400
    assert field in error_of(response)["fields"]


def test_the_board_finds_by_phone_and_offers_all_statuses(client, world, callers):
    client.force_login(world.manager)
    page = client.get(reverse("board"), {"q": "1297", "status": "all"}).content.decode()
    assert callers["old"].number in page and callers["walk_in"].number in page
    assert callers["other"].number not in page
    assert '<option value="all" selected>' in page
