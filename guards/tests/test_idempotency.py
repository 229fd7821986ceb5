"""Issue 11.5: a POST repeated with the same Idempotency-Key, or a form submitted twice, is
worked once; the repeat gets the first answer."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from customers.models import Customer
from guards.models import IdempotencyRecord
from kefu.apitest import ApiClient, error_of
from tickets.models import Ticket

URL = "/api/v1/tickets"


def _body(customer, content="厨房漏水"):
    return {"category": "repair", "channel": "phone", "customer": customer.pk, "content": content}


def test_the_same_key_twice_makes_one_ticket_and_answers_the_same(world, customer):
    api = ApiClient(world.agent)
    first = api.post(URL, _body(customer), headers={"Idempotency-Key": "k-1"})
    again = api.post(URL, _body(customer), headers={"Idempotency-Key": "k-1"})

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == 1


def test_another_token_of_the_same_person_is_the_same_caller(world, customer):
    ApiClient(world.agent).post(URL, _body(customer), headers={"Idempotency-Key": "k-1"})
    again = ApiClient(world.agent).post(URL, _body(customer), headers={"Idempotency-Key": "k-1"})

    assert again.status_code == 201
    assert Ticket.objects.count() == 1


def test_without_a_key_each_post_is_worked(world, customer):
    api = ApiClient(world.agent)
    api.post(URL, _body(customer))
    api.post(URL, _body(customer))

    assert Ticket.objects.count() == 2


def test_the_same_key_with_another_body_is_refused(world, customer):
    api = ApiClient(world.agent)
    api.post(URL, _body(customer), headers={"Idempotency-Key": "k-1"})
    other = api.post(URL, _body(customer, "楼道灯不亮"), headers={"Idempotency-Key": "k-1"})

    assert other.status_code == 422
    assert error_of(other)["code"] == "idempotency_key_reused"
    assert Ticket.objects.count() == 1


def test_keys_are_per_caller(world, customer):
    ApiClient(world.agent).post(URL, _body(customer), headers={"Idempotency-Key": "k-1"})
    ApiClient(world.agent2).post(URL, _body(customer), headers={"Idempotency-Key": "k-1"})

    assert Ticket.objects.count() == 2


def test_a_refusal_is_not_kept_so_a_corrected_retry_works(world, customer):
    api = ApiClient(world.agent)
    refused = api.post(URL, {**_body(customer), "category": "nonsense"}, headers={"Idempotency-Key": "k-1"})
    # The body differs from the refused one, yet the key is free: nothing was kept for a 400.
    accepted = api.post(URL, _body(customer), headers={"Idempotency-Key": "k-1"})

    assert (refused.status_code, accepted.status_code) == (400, 201)
    assert Ticket.objects.count() == 1


def test_a_key_is_kept_for_24_hours_then_expires(world, customer):
    api = ApiClient(world.agent)
    api.post(URL, _body(customer), headers={"Idempotency-Key": "k-1"})
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        again = api.post(URL, _body(customer), headers={"Idempotency-Key": "k-1"})

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Ticket.objects.count() == 2
    assert IdempotencyRecord.objects.count() == 1  # the expired record was deleted


@pytest.mark.parametrize("key", ["", "x" * 201, "键"])
def test_a_malformed_key_is_refused(world, customer, key):
    response = ApiClient(world.agent).post(URL, _body(customer), headers={"Idempotency-Key": key})

    assert response.status_code == 400
    assert error_of(response)["code"] == "idempotency_key_invalid"
    assert not Ticket.objects.exists()


def test_the_openapi_document_names_the_header_on_every_post(world):
    schema = ApiClient(world.agent).get("/api/v1/openapi.json").json()
    posts = [ops["post"] for ops in schema["paths"].values() if "post" in ops]

    assert posts
    assert all(any(p["name"] == "Idempotency-Key" for p in op["parameters"]) for op in posts)


# ---- forms ---------------------------------------------------------------------------------


def _token(html: str) -> str:
    marker = 'name="form_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_the_intake_form_submitted_twice_makes_one_ticket_and_one_customer(client, world):
    client.force_login(world.agent)
    token = _token(client.get("/intake/").content.decode())
    form = {
        "form_token": token,
        "phone": "13900139000",
        "pick": "new",
        "new_name": "李四",
        "category": "repair",
        "channel": "phone",
        "content": "卫生间漏水",
    }

    first = client.post("/intake/", form)
    again = client.post("/intake/", form)

    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Ticket.objects.count() == 1
    assert Customer.objects.count() == 1


def test_a_fresh_intake_form_makes_a_second_ticket(client, world, customer):
    client.force_login(world.agent)
    for _ in range(2):
        form = {
            "form_token": _token(client.get("/intake/").content.decode()),
            "phone": "13800138000",
            "pick": f"{customer.pk}:",
            "category": "repair",
            "channel": "phone",
            "content": "卫生间漏水",
            # the second sees the first as an open repair of the caller (tickets.duplicates) and is recorded anyway
            "duplicates_seen": "1",
        }
        assert client.post("/intake/", form).status_code == 302

    assert Ticket.objects.count() == 2


def test_the_portal_form_submitted_twice_makes_one_ticket(world):
    browser = Client()
    form = {
        "form_token": _token(browser.get("/portal/").content.decode()),
        "category": "repair",
        "content": "厨房水管漏水",
        "name": "王建国",
        "phone": "13800138000",
        "address": "翠湖苑3号楼2单元501室",
    }

    first = browser.post("/portal/", form)
    again = browser.post("/portal/", form)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert Ticket.objects.count() == 1


def test_intake_warns_of_a_similar_request_by_the_same_caller(client, world, customer, make_ticket):
    earlier = make_ticket(content="厨房水管漏水")
    client.force_login(world.agent)
    form = {
        "phone": "13800138000",
        "pick": f"{customer.pk}:",
        "category": "repair",
        "channel": "phone",
        "content": "厨房的水管漏水了",
        # past the list of the caller's open repairs (tickets.duplicates.open_same_category)
        "duplicates_seen": "1",
    }

    page = client.post("/intake/", form, follow=True).content.decode()

    assert Ticket.objects.count() == 2  # a warning, not a refusal
    assert f"同一来电人不久前已有类似工单：{earlier.number}" in page


def test_no_warning_for_another_caller_or_after_the_window(client, world, customer, make_ticket):
    make_ticket(content="厨房水管漏水", received_at=timezone.now() - timedelta(minutes=45))
    client.force_login(world.agent)
    form = {
        "phone": "13800138000",
        "pick": f"{customer.pk}:",
        "category": "repair",
        "channel": "phone",
        "content": "漏水",
    }

    page = client.post("/intake/", form, follow=True).content.decode()

    assert "类似工单" not in page
