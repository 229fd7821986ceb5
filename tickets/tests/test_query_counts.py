"""The ticket page and the timeline API cost the same queries for a short or a long timeline."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kefu.apitest import ApiClient
from tickets.actions import accept_ticket, add_note, dispatch_ticket


def _grow(ticket, world, notes: int):
    for i in range(notes):
        # Notes by different people: each row's actor is joined, never fetched one by one.
        add_note(ticket, text=f"备注{i}", actor=world.agent if i % 2 else world.agent2)


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200
    return len(queries)


def test_the_ticket_page_costs_the_same_queries_for_3_or_30_events(client, world, make_ticket):
    ticket = accept_ticket(dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer)
    client.force_login(world.supervisor)
    url = reverse("ticket-detail", args=[ticket.number])
    client.get(url)

    short = _queries(lambda: client.get(url))
    _grow(ticket, world, 27)
    long = _queries(lambda: client.get(url))

    assert long == short


def test_the_timeline_api_costs_the_same_queries_for_3_or_30_events(world, make_ticket):
    ticket = accept_ticket(dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer)
    api = ApiClient(world.supervisor)
    url = f"/api/v1/tickets/{ticket.number}/events"
    api.get(url)  # the token's first use records last_used_at

    short = _queries(lambda: api.get(url))
    _grow(ticket, world, 27)
    long = _queries(lambda: api.get(url))

    assert long == short
    assert short == 3  # token, ticket, timeline with actors
