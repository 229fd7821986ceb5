"""The hand-written answers (tickets.schemas.ticket_rows for the lists, ticket_out for intake)
are TicketOut, field for field: the schema is the contract and the OpenAPI document, the
functions are how the busiest calls write it fast."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kefu.apitest import ApiClient
from tickets.actions import accept_ticket, dispatch_ticket, hold_ticket, resolve_ticket, start_ticket
from tickets.actions.intake import Contact
from tickets.schemas import TicketOut, TicketPage, ticket_out, ticket_rows
from tickets.selectors import search_tickets

T0 = datetime(2026, 11, 23, 9, 0, 0, 250_000, tzinfo=ZoneInfo("Asia/Shanghai"))  # a fraction of a second too


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def shapes(world, make_ticket, clock):
    """Tickets in every shape a row can take."""
    fresh = make_ticket(content="厨房水管漏水")  # new, with a customer, promises running
    walk_in = make_ticket(
        customer=None,
        contact=Contact(name="路人", phone="13912345678", address="小区门口"),
        category="consultation",
        content="物业费怎么交",
    )  # no customer, no department
    clock.shift(timedelta(hours=3))  # the fresh one's dispatch promise is now broken (overdue)
    worked = dispatch_ticket(make_ticket(content="电梯困人"), department=world.eng, actor=world.agent)
    worked = accept_ticket(worked, actor=world.engineer)
    worked = start_ticket(worked, actor=world.engineer)
    clock.shift(timedelta(minutes=20))
    resolved = resolve_ticket(worked, result="已修复", actor=world.engineer)  # met promises
    paused = dispatch_ticket(make_ticket(content="门禁坏了"), department=world.eng, actor=world.agent)
    paused = hold_ticket(accept_ticket(paused, actor=world.engineer), reason="等配件", actor=world.engineer)
    return [fresh, walk_in, resolved, paused]


def test_each_row_is_what_the_schema_makes_of_the_ticket(world, shapes, clock):
    clock.shift(timedelta(days=3))  # late, paused and met promises side by side
    tickets = list(search_tickets(world.manager))
    assert len(tickets) == len(shapes)
    assert {t.customer_id is None for t in tickets} == {True, False}
    assert {t.department_id is None for t in tickets} == {True, False}
    rows = ticket_rows(search_tickets(world.manager))
    for ticket, row in zip(tickets, rows, strict=True):
        assert row == TicketOut.from_orm(ticket).model_dump(mode="json"), ticket.number
    # and the shapes are really there: a breached promise, a met one, a paused one, the flag
    assert any(d["breached"] for r in rows for d in r["deadlines"])
    assert any(d["met_at"] for r in rows for d in r["deadlines"])
    assert {r["overdue"] for r in rows} == {True, False}


def test_rows_of_a_query_without_the_overdue_annotation_work_it_out(
    world, shapes, clock, django_assert_max_num_queries
):
    from tickets.models import Ticket

    clock.shift(timedelta(days=3))
    plain = Ticket.objects.order_by("id")
    with django_assert_max_num_queries(4):  # tickets with departments, promises, customers, people
        rows = ticket_rows(plain)
    assert rows == [TicketOut.from_orm(t).model_dump(mode="json") for t in plain]
    assert {r["overdue"] for r in rows} == {True, False}
    assert ticket_rows(plain.none()) == []


def test_the_list_answers_in_the_documented_shape(world, shapes):
    response = ApiClient(world.manager).get("/api/v1/tickets")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == set(TicketPage.model_fields) and (body["count"], body["page"]) == (len(shapes), 1)
    expected = [TicketOut.from_orm(t).model_dump(mode="json") for t in search_tickets(world.manager)]
    assert body["items"] == expected
    assert body["items"][0]["received_at"].endswith("+08:00")


def test_one_ticket_from_its_objects_is_what_the_schema_makes_of_it(world, shapes, clock):
    clock.shift(timedelta(days=3))
    for ticket in search_tickets(world.manager):
        promises = list(ticket.deadlines.all())
        assert ticket_out(ticket, promises[::-1]) == TicketOut.from_orm(ticket).model_dump(mode="json"), ticket.number


def test_the_intake_answer_is_the_recorded_ticket_in_the_documented_shape(world, customer, clock):
    from tickets.models import Ticket

    api = ApiClient(world.agent)
    response = api.post(
        "/api/v1/tickets",
        {"category": "repair", "channel": "phone", "customer": customer.pk, "content": "厨房水管漏水"},
    )
    assert response.status_code == 201 and response["Content-Type"].startswith("application/json")
    body = response.json()
    stored = Ticket.objects.get(number=body["number"])
    assert body == TicketOut.from_orm(stored).model_dump(mode="json")
    assert len(body["deadlines"]) >= 2 and body["customer_honorific"] and body["owner"] == world.agent.username
    detail = api.get(f"/api/v1/tickets/{body['number']}").json()  # which adds the charges
    assert {name: detail[name] for name in body} == body
