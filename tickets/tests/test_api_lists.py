"""GET /api/v1/tickets: filters, keyword search, paging, scoping and a constant query count."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kefu.apitest import ApiClient, error_of
from tickets.actions import accept_ticket, dispatch_ticket

URL = "/api/v1/tickets"
NOW = datetime(2026, 11, 23, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def test_it_lists_newest_first_with_a_count(world, make_ticket):
    first, second = make_ticket(), make_ticket()

    response = ApiClient(world.agent).get(URL)

    assert _numbers(response) == [second.number, first.number]
    assert response.json()["count"] == 2
    assert response.json()["page"] == 1
    assert response.json()["page_size"] == 50
    assert response.json()["items"][0]["contact"]["phone"] == "138****8000"


def test_a_keyword_finds_chinese_words(world, make_ticket):
    gas = make_ticket(content="3号楼厨房燃气漏气，味道很大")
    make_ticket(content="厨房水管漏水")

    response = ApiClient(world.agent).get(URL, {"q": "漏气"})

    assert _numbers(response) == [gas.number]
    assert response.json()["count"] == 1


def test_filters_by_status_category_department_and_owner(world, make_ticket):
    repair = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    complaint = make_ticket(category="complaint", content="保安态度差")
    colleagues = make_ticket(actor=world.agent2)
    client = ApiClient(world.supervisor)

    assert _numbers(client.get(URL, {"status": "dispatched"})) == [repair.number]
    assert _numbers(client.get(URL, {"category": "complaint"})) == [complaint.number]
    assert _numbers(client.get(URL, {"department": "eng"})) == [repair.number]
    assert _numbers(client.get(URL, {"owner": "agent2"})) == [colleagues.number]
    assert _numbers(client.get(URL, {"owner": "agent", "status": "new"})) == [complaint.number]
    assert _numbers(client.get(URL, {"department": "nowhere"})) == []


def test_overdue_true_and_false(clock, world, make_ticket):
    late = make_ticket()
    clock.shift(timedelta(minutes=30))  # the first one's 15-minute dispatch promise has passed
    fresh = make_ticket()
    client = ApiClient(world.agent)

    assert _numbers(client.get(URL, {"overdue": "true"})) == [late.number]
    assert _numbers(client.get(URL, {"overdue": "false"})) == [fresh.number]
    items = {item["number"]: item["overdue"] for item in client.get(URL).json()["items"]}
    assert items == {late.number: True, fresh.number: False}


def test_field_staff_list_only_their_departments_work(world, make_ticket):
    ours = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    dispatch_ticket(make_ticket(), department=world.security, actor=world.agent)
    make_ticket()

    assert _numbers(ApiClient(world.engineer).get(URL)) == [ours.number]
    assert ApiClient(world.engineer).get(URL).json()["count"] == 1


def test_pages(world, make_ticket, settings):
    settings.KEFU_PAGE_SIZE = 2
    tickets = [make_ticket() for _ in range(5)]
    client = ApiClient(world.agent)

    assert _numbers(client.get(URL, {"page": 2})) == [tickets[2].number, tickets[1].number]
    assert _numbers(client.get(URL, {"page": 3})) == [tickets[0].number]
    assert _numbers(client.get(URL, {"page": 4})) == []
    assert client.get(URL, {"page": 4}).json()["count"] == 5


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "two"}, "page"),
        ({"status": "open"}, "status"),
        ({"category": "fire"}, "category"),
        ({"overdue": "maybe"}, "overdue"),
        ({"q": "漏" * 101}, "q"),
        ({"stauts": "new"}, "stauts"),
    ],
)
def test_bad_filters_are_a_400(world, params, field):
    response = ApiClient(world.agent).get(URL, params)

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"
    assert field in error_of(response)["fields"]


def test_the_list_costs_the_same_queries_for_3_or_30_tickets(world, make_ticket, django_assert_max_num_queries):
    client = ApiClient(world.supervisor)
    client.get(URL)  # the token's first use records last_used_at; later requests in the minute do not
    for ticket in [make_ticket() for _ in range(3)]:
        accept_ticket(dispatch_ticket(ticket, department=world.eng, actor=world.agent), actor=world.engineer)

    with CaptureQueriesContext(connection) as few:
        assert len(_numbers(client.get(URL))) == 3
    for ticket in [make_ticket() for _ in range(27)]:
        accept_ticket(dispatch_ticket(ticket, department=world.eng, actor=world.agent), actor=world.engineer)
    with django_assert_max_num_queries(len(few)):
        assert len(_numbers(client.get(URL))) == 30
    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    assert len(many) == len(few)
    assert len(few) == 6  # token, page of tickets, their owners, customers and deadlines, count


def test_the_count_is_exact_up_to_the_cap_and_says_so_beyond(world, make_ticket, monkeypatch):
    # At a million tickets an exact COUNT(*) of a broad filter costs more than the page: the
    # count stops at tickets.selectors.COUNT_CAP (10,000; 3 here, then 4) and says it is not exact.
    # A keyword search stops at SEARCH_COUNT_CAP (1,000).
    for _ in range(4):
        make_ticket()
    api = ApiClient(world.supervisor)
    monkeypatch.setattr("tickets.selectors.COUNT_CAP", 4)
    exact = api.get(URL).json()
    monkeypatch.setattr("tickets.selectors.COUNT_CAP", 3)
    capped = api.get(URL).json()

    monkeypatch.setattr("tickets.selectors.SEARCH_COUNT_CAP", 2)
    searched = api.get(URL, {"q": "漏水"}).json()

    assert (exact["count"], exact["count_exact"]) == (4, True)
    assert (capped["count"], capped["count_exact"], len(capped["items"])) == (3, False, 4)
    assert (searched["count"], searched["count_exact"], len(searched["items"])) == (2, False, 4)
