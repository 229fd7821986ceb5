"""Manual callbacks (E1): pre-sale, after-sale, project-stage and expiring-member calls queued by an
agent from the queue screen or the API, found by the customer's phone or a ticket number."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from callbacks.actions import record_callback
from callbacks.models import Callback, CallbackStatus
from customers.models import CustomerPhone
from kefu.apitest import ApiClient, error_of
from tests.factories import CustomerFactory


def _tomorrow() -> str:
    return timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")


def _post(client, **overrides):
    form = {"kind": "after_sale", "customer": "", "due_at": _tomorrow(), "note": "新房交付一个月", **overrides}
    return client.post(reverse("callback-new"), form)


def test_an_agent_queues_an_after_sale_callback_by_phone(client, world):
    customer = CustomerFactory(phone="13700137000", grade="A")
    client.force_login(world.agent)
    response = _post(client, customer="137-0013-7000")
    assert response.status_code == 302
    callback = Callback.objects.get()
    assert (callback.kind, callback.customer, callback.ticket, callback.status) == (
        "after_sale",
        customer,
        None,
        CallbackStatus.DUE,
    )
    assert callback.created_by == world.agent and callback.phone == "13700137000"
    queue = client.get(reverse("callback-queue")).content.decode()
    assert f'data-callback="{callback.pk}"' in queue and "137****7000" in queue
    page = client.get(reverse("callback-detail", args=[callback.pk])).content.decode()
    assert world.agent.work_number in page  # the script is filled in for a manual call too

    # the customer's verdict ends the task; no ticket is touched
    record_callback(callback, outcome="satisfied", score=5, actor=world.agent)
    callback.refresh_from_db()
    assert (callback.status, callback.outcome) == (CallbackStatus.DONE, "satisfied")


def test_a_ticket_number_names_its_customer(client, world, make_ticket):
    customer = CustomerFactory()
    ticket = make_ticket(customer=customer)
    client.force_login(world.agent)
    assert _post(client, kind="project", customer=ticket.number.lower(), note="二期进场").status_code == 302
    callback = Callback.objects.get()
    assert callback.customer == customer and callback.ticket is None
    assert callback.note == f"{ticket.number} 二期进场"


@pytest.mark.parametrize(
    "overrides",
    [
        {"customer": "13600000000"},  # nobody has this phone
        {"customer": ""},
        {"customer": "GD20990101-0001"},
        {"customer": "13700137000", "kind": "repair"},  # rule-made kinds are not queued by hand
        {"customer": "13700137000", "due_at": "2020-01-01T10:00"},
        {"customer": "13700137000", "due_at": "tomorrow"},
    ],
)
def test_bad_input_is_refused_and_nothing_is_queued(client, world, overrides):
    CustomerFactory(phone="13700137000")
    client.force_login(world.agent)
    response = _post(client, **overrides)
    assert response.status_code == 400
    assert not Callback.objects.exists()


def test_a_phone_shared_by_two_customers_asks_for_a_ticket_number(client, world):
    first = CustomerFactory(phone="13700137000")
    second = CustomerFactory()
    CustomerPhone.objects.create(customer=second, number="13700137000")
    client.force_login(world.agent)
    response = _post(client, customer="13700137000")
    assert response.status_code == 400 and not Callback.objects.exists()
    assert first.pk != second.pk


def test_field_staff_cannot_queue_callbacks(client, world):
    CustomerFactory(phone="13700137000")
    client.force_login(world.engineer)
    assert _post(client, customer="13700137000").status_code == 403
    assert not Callback.objects.exists()


def test_the_api_queues_a_manual_callback(world):
    customer = CustomerFactory()
    api = ApiClient(world.agent)
    due = (timezone.now() + timedelta(days=2)).isoformat()
    response = api.post("/api/v1/callbacks", {"kind": "expiring_member", "customer": customer.pk, "due_at": due})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["status"], body["ticket"]) == ("expiring_member", "due", None)
    assert Callback.objects.get().customer == customer

    for payload, field in [
        ({"kind": "repair", "customer": customer.pk, "due_at": due}, "kind"),
        ({"kind": "pre_sale", "customer": 999999, "due_at": due}, "customer"),
        ({"kind": "pre_sale", "customer": customer.pk, "due_at": "soon"}, "due_at"),
        ({"kind": "pre_sale", "due_at": due}, "customer"),
    ]:
        refused = api.post("/api/v1/callbacks", payload)
        assert refused.status_code == 400, payload
        assert field in error_of(refused)["fields"], payload
    assert Callback.objects.count() == 1
