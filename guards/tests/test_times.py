"""Issue 11.1: times outside what the work can mean are refused before anything is written, and
whatever is already stored cannot make a page or an API answer 500."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from callbacks.models import Callback
from kefu.apitest import ApiClient, error_of
from tickets.models import Ticket

BOUNDS = "必须在2000-01-01至5年后之间。"


def _ticket_body(customer, **extra):
    return {"category": "repair", "channel": "phone", "customer": customer.pk, "content": "厨房漏水", **extra}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("appointment_at", "9999-12-31T23:59:59Z"),
        ("received_at", "0001-01-01T00:00:00+14:00"),
        ("received_at", "0001-01-01T00:00:00Z"),
        ("received_at", "1999-12-31T23:59:59+08:00"),
        ("appointment_at", "2099-01-01T10:00:00+08:00"),
    ],
)
def test_the_api_refuses_a_time_out_of_bounds_and_writes_nothing(world, customer, field, value):
    response = ApiClient(world.agent).post("/api/v1/tickets", _ticket_body(customer, **{field: value}))

    assert response.status_code == 400
    assert error_of(response)["fields"] == {field: BOUNDS}
    assert not Ticket.objects.exists()


def test_a_callback_due_in_year_9999_is_refused(world, customer):
    body = {"kind": "after_sale", "customer": customer.pk, "due_at": "9999-12-31T23:59:59Z"}
    response = ApiClient(world.supervisor).post("/api/v1/callbacks", body)

    assert response.status_code == 400
    assert error_of(response)["fields"] == {"due_at": BOUNDS}
    assert not Callback.objects.exists()


@pytest.mark.parametrize(("first", "last"), [("0001-01-01", "9999-12-31"), ("2026-01-01", "9999-12-31")])
def test_figures_over_a_period_out_of_bounds_are_refused(world, first, last):
    response = ApiClient(world.manager).get("/api/v1/callbacks/figures", {"from": first, "to": last})

    assert response.status_code == 400
    assert BOUNDS in error_of(response)["fields"].values()


def test_the_web_intake_refuses_an_appointment_in_year_9999(client, world, customer):
    client.force_login(world.agent)
    pick = f"{customer.pk}:{customer.premises.first().pk}" if customer.premises.exists() else f"{customer.pk}:"
    response = client.post(
        "/intake/",
        {
            "phone": "13800138000",
            "pick": pick,
            "category": "repair",
            "channel": "phone",
            "priority": "normal",
            "content": "厨房漏水",
            "appointment_at": "9999-12-31T23:59",
        },
    )

    assert response.status_code == 400
    assert BOUNDS in response.content.decode()
    assert not Ticket.objects.exists()


STORED = [datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC)]


@pytest.mark.parametrize("when", STORED)
def test_a_ticket_with_an_absurd_stored_time_breaks_no_page(client, world, make_ticket, when):
    ticket = make_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(appointment_at=when, received_at=when)
    api = ApiClient(world.manager)
    for path in ["/api/v1/tickets", "/api/v1/tickets?status=new", f"/api/v1/tickets/{ticket.number}"]:
        assert api.get(path).status_code == 200, path
    client.force_login(world.manager)
    for path in ["/board/", "/mine/", "/queue/", f"/tickets/{ticket.number}/", "/callbacks/"]:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("stored", ["0001-01-01 00:00:00+00 BC", "infinity", "-infinity"])
def test_postgresql_bc_and_infinite_times_are_read_as_the_ends_of_the_range(client, world, make_ticket, stored):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite cannot hold these")
    ticket = make_ticket()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tickets_ticket SET received_at = %s::timestamptz WHERE id = %s", [stored, ticket.pk])
    assert ApiClient(world.manager).get(f"/api/v1/tickets/{ticket.number}").status_code == 200
    client.force_login(world.manager)
    assert client.get("/board/").status_code == 200
    assert client.get(f"/tickets/{ticket.number}/").status_code == 200
