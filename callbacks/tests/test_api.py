"""GET /api/v1/callbacks and POST /api/v1/callbacks/{id}/record (API.md)."""

import pytest

from callbacks.models import Callback, CallbackStatus
from kefu.apitest import ApiClient, error_of
from tickets.models import TicketEvent

URL = "/api/v1/callbacks"


def test_the_list_shows_the_contract_fields(world, resolved_repair):
    ticket = resolved_repair()
    callback = Callback.objects.get()
    response = ApiClient(world.agent).get(URL, {"status": "due"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert {"id", "ticket", "kind", "due_at", "status"} <= set(item)
    assert item["id"] == callback.pk
    assert item["ticket"] == ticket.number
    assert item["kind"] == "repair"
    assert item["status"] == "due"
    assert item["due_at"].endswith("+08:00")


def test_the_list_filters_by_ticket_and_status(world, resolved_repair):
    resolved_repair()
    second = resolved_repair(content="卫生间堵了")
    client = ApiClient(world.supervisor)
    assert [i["ticket"] for i in client.get(URL, {"ticket": second.number}).json()["items"]] == [second.number]
    assert client.get(URL, {"status": "done"}).json()["count"] == 0
    assert client.get(URL, {"status": "due"}).json()["count"] == 2


def test_recording_answers_with_the_tickets_new_status(world, resolved_repair):
    ticket = resolved_repair()
    callback = Callback.objects.get()
    response = ApiClient(world.agent).post(
        f"{URL}/{callback.pk}/record", {"outcome": "unsatisfied", "score": 2, "note": "仍漏水"}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "done"
    assert data["ticket"] == ticket.number
    assert data["ticket_status"] == "dispatched"
    assert data["score"] == 2


def test_satisfied_closes(world, resolved_repair):
    resolved_repair()
    callback = Callback.objects.get()
    response = ApiClient(world.manager).post(f"{URL}/{callback.pk}/record", {"outcome": "satisfied", "score": 5})
    assert response.json()["ticket_status"] == "closed"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"outcome": "happy"}, "outcome"),
        ({}, "outcome"),
        ({"outcome": "satisfied", "score": 7}, "score"),
        ({"outcome": "satisfied", "score": "5"}, "score"),
        ({"outcome": "satisfied", "extra": 1}, "extra"),
        ({"outcome": "satisfied", "note": "x" * 501}, "note"),
    ],
)
def test_bad_input_is_a_400_and_writes_nothing(world, resolved_repair, body, field):
    resolved_repair()
    callback = Callback.objects.get()
    events = TicketEvent.objects.count()
    response = ApiClient(world.agent).post(f"{URL}/{callback.pk}/record", body)
    assert response.status_code == 400
    assert field in error_of(response).get("fields", {})
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.DUE and callback.attempts == 0
    assert TicketEvent.objects.count() == events


def test_an_unknown_callback_is_a_404(world):
    response = ApiClient(world.agent).post(f"{URL}/999/record", {"outcome": "satisfied"})
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_second_recording_is_a_409(world, resolved_repair):
    resolved_repair()
    callback = Callback.objects.get()
    client = ApiClient(world.agent)
    client.post(f"{URL}/{callback.pk}/record", {"outcome": "satisfied"})
    response = client.post(f"{URL}/{callback.pk}/record", {"outcome": "satisfied"})
    assert response.status_code == 409
    assert error_of(response)["code"] == "callback_done"


@pytest.mark.parametrize("persona", ["engineer", "steward", "qa"])
def test_other_roles_are_refused(world, resolved_repair, persona):
    resolved_repair()
    callback = Callback.objects.get()
    client = ApiClient(getattr(world, persona))
    assert client.get(URL).status_code == 403
    response = client.post(f"{URL}/{callback.pk}/record", {"outcome": "satisfied"})
    assert response.status_code == 403
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.DUE


def test_no_token_is_a_401(db):
    assert ApiClient().get(URL).status_code == 401


def test_the_list_costs_a_constant_number_of_queries(world, resolved_repair, django_assert_max_num_queries):
    for i in range(5):
        resolved_repair(content=f"水管 {i}")
    client = ApiClient(world.agent)
    with django_assert_max_num_queries(6):
        assert client.get(URL).json()["count"] == 5


def test_a_busy_customer_names_the_time_through_the_api(world, resolved_repair):
    from datetime import timedelta

    from django.utils import timezone

    resolved_repair()
    callback = Callback.objects.get()
    api = ApiClient(world.agent)
    wished = timezone.localtime(timezone.now() + timedelta(days=1)).replace(microsecond=0)
    response = api.post(f"{URL}/{callback.pk}/record", {"outcome": "busy", "call_after": wished.isoformat()})
    assert response.status_code == 200, response.content
    assert response.json()["call_after"] == wished.isoformat()
    past = api.post(f"{URL}/{callback.pk}/record", {"outcome": "busy", "call_after": "2020-01-01T10:00"})
    assert past.status_code == 400 and "call_after" in error_of(past)["fields"]
