"""Issue 19: what one API intake costs in statements, and a response built from the rows written."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kefu.apitest import ApiClient

URL = "/api/v1/tickets"
NOW = datetime(2026, 11, 23, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _known(customer) -> dict:
    return {"category": "repair", "channel": "phone", "customer": customer.pk, "content": "厨房燃气漏气"}


def _new_caller() -> dict:
    contact = {"name": "王先生", "phone": "13800138000", "address": "幸福路1号"}
    return {"category": "repair", "channel": "phone", "content": "厨房燃气漏气", "contact": contact}


def _data_statements(queries) -> int:
    # BEGIN/COMMIT show up on one backend and not the other: count what reads or writes data.
    return sum(1 for q in queries.captured_queries if q["sql"].split(None, 1)[0] in ("SELECT", "INSERT", "UPDATE"))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # token, customer with its first phone and first premises (one statement), policies, the
        # ticket's id, deadlines, outage lookup, event, the day's number (UPDATE … RETURNING), the
        # ticket; no read-back
        pytest.param(_known, 9, id="archived customer"),
        # the same with its premises named: those premises read as well
        pytest.param(
            lambda customer: {**_known(customer), "premises": customer.premises.first().pk}, 10, id="named premises"
        ),
        # token, policies, id, deadlines, event, number, ticket
        pytest.param(lambda customer: _new_caller(), 7, id="new caller"),
    ],
)
def test_an_api_intake_costs_this_many_statements(world, customer, body, expected):
    api = ApiClient(world.agent)
    assert api.post(URL, _known(customer)).status_code == 201  # the day's counter row exists
    payload = body(customer)  # built outside the count: it may read the customer's premises
    with CaptureQueriesContext(connection) as queries:
        response = api.post(URL, payload)
    assert response.status_code == 201
    assert _data_statements(queries) == expected, "\n".join(q["sql"][:120] for q in queries.captured_queries)


def test_the_response_shows_the_promises_as_a_read_back_would(world, customer):
    api = ApiClient(world.agent)
    created = api.post(URL, {**_known(customer), "category": "emergency", "content": "燃气泄漏"})
    assert created.status_code == 201
    assert len(created.json()["deadlines"]) >= 2  # several promises, so their order is tested too
    read_back = api.get(f"{URL}/{created.json()['number']}").json()  # the detail adds the charges
    assert created.json() == {key: read_back[key] for key in created.json()}


def test_the_ticket_row_is_written_once_with_its_number(world, customer):
    """An UPDATE of the indexed number after the INSERT wrote every index entry of the row twice."""
    api = ApiClient(world.agent)
    with CaptureQueriesContext(connection) as queries:
        response = api.post(URL, _known(customer))
    assert response.status_code == 201
    ticket_writes = [q["sql"] for q in queries.captured_queries if '"tickets_ticket"' in q["sql"].split("(", 1)[0]]
    assert len(ticket_writes) == 1 and ticket_writes[0].startswith("INSERT"), ticket_writes
    assert response.json()["number"] in ticket_writes[0]
