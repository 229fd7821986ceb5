"""GET knowledge, GET service-items, POST tickets/{number}/charges (API.md)."""

from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kefu.apitest import ApiClient, error_of
from knowledge.models import Charge
from tickets.models import TicketEvent

NOW = "2026-12-03T10:00:00+08:00"


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_knowledge_is_searched_by_a_two_character_word(world, articles):
    client = ApiClient(world.agent)
    response = client.get("/api/v1/knowledge", {"q": "燃气"})
    assert titles(response) == ["燃气表电池没电了", "闻到燃气味怎么办"]
    assert set(response.json()["items"][0]) >= {"id", "title", "body"}
    assert response.json()["count"] == 2
    assert titles(client.get("/api/v1/knowledge", {"q": "门窗通风"})) == ["闻到燃气味怎么办"]
    assert titles(client.get("/api/v1/knowledge", {"q": "暖气"})) == []


def test_staff_see_staff_articles_and_leads_see_drafts(world, articles):
    assert set(titles(ApiClient(world.agent).get("/api/v1/knowledge"))) == {
        "燃气表电池没电了",
        "投诉答复口径",
        "闻到燃气味怎么办",
    }
    assert "电梯困人（草稿）" in titles(ApiClient(world.manager).get("/api/v1/knowledge"))


def test_knowledge_refuses_unknown_parameters(world, articles):
    response = ApiClient(world.agent).get("/api/v1/knowledge", {"qq": "燃气"})
    assert response.status_code == 400
    assert "qq" in error_of(response)["fields"]


@time_machine.travel(NOW, tick=False)
def test_the_price_list_in_force_today_as_decimal_strings(world, price_list):
    response = ApiClient(world.agent).get("/api/v1/service-items")
    assert response.status_code == 200
    items = {i["code"]: i for i in response.json()}
    assert items["battery"] == {
        "code": "battery",
        "name": "更换燃气表电池",
        "paid": True,
        "price": "12.00",
        "unit": "次",
        "version": 2,
        "effective_from": "2026-12-01",
        "effective_to": None,
    }
    assert items["inspect"]["paid"] is False and items["inspect"]["price"] == "0.00"
    old = ApiClient(world.agent).get("/api/v1/service-items", {"date": "2026-11-15"}).json()
    assert {i["code"]: i["price"] for i in old}["battery"] == "10.00"


@time_machine.travel(NOW, tick=False)
def test_the_engineer_records_items_and_the_ticket_shows_the_total(world, price_list, repair_in_progress):
    ticket = repair_in_progress()
    client = ApiClient(world.engineer)
    response = client.post(f"/api/v1/tickets/{ticket.number}/charges", {"item": "battery", "quantity": 1})
    assert response.status_code == 201, response.content
    response = client.post(f"/api/v1/tickets/{ticket.number}/charges", {"item": "pipe", "quantity": "1.5"})
    body = response.json()
    assert body["number"] == ticket.number and body["status"] == "in_progress"
    assert [(c["item"], c["unit_price"], c["quantity"], c["amount"]) for c in body["charges"]] == [
        ("battery", "12.00", "1", "12.00"),
        ("pipe", "25.50", "1.50", "38.25"),
    ]
    assert body["charges_total"] == "50.25"
    assert isinstance(body["charges_total"], str)
    assert client.get(f"/api/v1/tickets/{ticket.number}/charges").json()["charges_total"] == "50.25"
    assert TicketEvent.objects.filter(ticket=ticket, kind="charged").count() == 2
    assert Charge.objects.get(code="pipe").amount == Decimal("38.25")


def test_the_price_is_the_one_in_force_on_the_works_date(world, price_list, repair_in_progress):
    with time_machine.travel("2026-11-20T09:00:00+08:00", tick=False):
        ticket = repair_in_progress()
    with time_machine.travel(NOW, tick=False):  # recorded after the price rose on 12-01
        response = ApiClient(world.engineer).post(
            f"/api/v1/tickets/{ticket.number}/charges", {"item": "battery", "quantity": 2}
        )
    assert response.status_code == 201, response.content
    [charge] = response.json()["charges"]
    assert (charge["unit_price"], charge["amount"], charge["work_date"]) == ("10.00", "20.00", "2026-11-20")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"item": "nothing", "quantity": 1}, "item"),
        ({"item": "battery", "quantity": -1}, "quantity"),
        ({"item": "battery", "quantity": 0}, "quantity"),
        ({"item": "battery", "quantity": "abc"}, "quantity"),
        ({"item": "battery", "quantity": "1.234"}, "quantity"),
        ({"item": "battery", "quantity": 100000}, "quantity"),
        ({"item": "battery"}, "quantity"),
        ({"item": "", "quantity": 1}, "item"),
        ({"item": "battery", "quantity": 1, "price": 1}, "price"),
        ({"item": "battery", "quantity": 1, "work_date": "2099-01-01"}, "work_date"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_bad_charges_are_refused_in_chinese_and_nothing_written(world, price_list, repair_in_progress, body, field):
    ticket = repair_in_progress()
    response = ApiClient(world.engineer).post(f"/api/v1/tickets/{ticket.number}/charges", body)
    assert response.status_code == 400, response.content
    error = error_of(response)
    assert field in error["fields"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    assert not Charge.objects.exists()
    assert not TicketEvent.objects.filter(kind="charged").exists()


@time_machine.travel(NOW, tick=False)
def test_who_may_record_and_when(world, price_list, repair_in_progress, make_ticket):
    ticket = repair_in_progress()
    assert (
        ApiClient(world.guard)
        .post(f"/api/v1/tickets/{ticket.number}/charges", {"item": "battery", "quantity": 1})
        .status_code
        == 404
    )  # another department's ticket is invisible
    assert (
        ApiClient(world.qa)
        .post(f"/api/v1/tickets/{ticket.number}/charges", {"item": "battery", "quantity": 1})
        .status_code
        == 403
    )
    new = make_ticket()
    response = ApiClient(world.agent).post(f"/api/v1/tickets/{new.number}/charges", {"item": "battery", "quantity": 1})
    assert response.status_code == 409
    assert not Charge.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_manager_adds_a_new_price_version(world, price_list):
    client = ApiClient(world.manager)
    response = client.post(
        "/api/v1/service-items",
        {
            "code": "pipe",
            "name": "更换水管",
            "paid": True,
            "price": "28.00",
            "unit": "米",
            "effective_from": "2026-12-10",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["version"] == 2
    prices = {i["code"]: i["price"] for i in client.get("/api/v1/service-items").json()}
    assert prices["pipe"] == "25.50"
    later = {i["code"]: i["price"] for i in client.get("/api/v1/service-items", {"date": "2026-12-10"}).json()}
    assert later["pipe"] == "28.00"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"code": "x y", "name": "a", "paid": True, "price": "1", "unit": "次"}, "code"),
        ({"code": "new", "name": "a", "paid": True, "price": "-1", "unit": "次"}, "price"),
        ({"code": "new", "name": "a", "paid": False, "price": "5", "unit": "次"}, "price"),
        ({"code": "new", "name": "a", "paid": True, "price": "1e400", "unit": "次"}, "price"),
        (
            {"code": "pipe", "name": "a", "paid": True, "price": "1", "unit": "米", "effective_from": "2024-01-01"},
            "effective_from",
        ),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_bad_price_list_entries_are_refused(world, price_list, body, field):
    response = ApiClient(world.manager).post("/api/v1/service-items", body)
    assert 400 <= response.status_code < 500, response.content
    assert field in error_of(response)["fields"]
    assert not Charge.objects.exists()
    from knowledge.models import ServiceItem

    assert ServiceItem.objects.count() == 4


def test_only_leads_keep_the_price_list(world, price_list):
    response = ApiClient(world.agent).post(
        "/api/v1/service-items", {"code": "new", "name": "a", "paid": True, "price": "1", "unit": "次"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"title": "", "body": "x", "category": "faq"}, 400, "title"),
        ({"title": "t", "body": "x", "category": "nonsense"}, 400, "category"),
        ({"title": "t", "body": "x", "category": "faq", "state": "secret"}, 400, "state"),
        ({"title": "t", "body": "x", "category": "faq", "extra": 1}, 400, "extra"),
    ],
)
def test_bad_articles_are_refused_and_nothing_written(world, body, status, field):
    from knowledge.models import Article

    response = ApiClient(world.manager).post("/api/v1/knowledge", body)
    assert response.status_code == status, response.content
    assert field in error_of(response)["fields"]
    assert not Article.objects.exists()


def test_agents_write_drafts_and_leads_publish(world):
    from knowledge.models import Article

    body = {"title": "停车卡办理", "body": "携带行驶证到客服中心办理。", "category": "rules"}
    assert ApiClient(world.agent).post("/api/v1/knowledge", {**body, "state": "public"}).status_code == 403
    response = ApiClient(world.agent).post("/api/v1/knowledge", body)
    assert response.status_code == 201 and response.json()["state"] == "draft"
    article_id = response.json()["id"]
    published = ApiClient(world.supervisor).put(f"/api/v1/knowledge/{article_id}", {**body, "state": "public"})
    assert published.status_code == 200 and published.json()["state"] == "public"
    assert Article.objects.get().state == "public"


# ---- GET tickets/{number} carries the charges (docs/api.md) -------------------------------


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200, response.content
    return len(queries)


@time_machine.travel(NOW, tick=False)
def test_one_ticket_by_api_carries_its_charges_and_total(world, price_list, repair_in_progress):
    ticket = repair_in_progress()
    client = ApiClient(world.supervisor)
    url = f"/api/v1/tickets/{ticket.number}"
    body = client.get(url).json()
    assert body["charges"] == [] and body["charges_total"] == "0.00"
    assert body["number"] == ticket.number and body["deadlines"]  # still the whole ticket
    # Without charges the ticket's own query tells there are none: token, ticket, deadlines.
    assert _queries(lambda: client.get(url)) == 3

    ApiClient(world.engineer).post(f"{url}/charges", {"item": "pipe", "quantity": "2"})
    ApiClient(world.engineer).post(f"{url}/charges", {"item": "inspect", "quantity": 1})
    body = client.get(url).json()
    assert [(c["item"], c["paid"], c["amount"]) for c in body["charges"]] == [
        ("pipe", True, "51.00"),
        ("inspect", False, "0.00"),
    ]
    assert body["charges_total"] == "51.00"
    # With charges: one query more, whatever their number.
    assert _queries(lambda: client.get(url)) == 4


def test_the_openapi_document_shows_the_charges_on_one_ticket(world):
    document = ApiClient(world.agent).get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/tickets/{number}"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    assert {"charges", "charges_total", "deadlines"} <= set(document["components"]["schemas"][ref]["properties"])
