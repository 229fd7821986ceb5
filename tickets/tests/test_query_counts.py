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
    ticket = accept_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer
    )
    client.force_login(world.supervisor)
    url = reverse("ticket-detail", args=[ticket.number])
    client.get(url)

    short = _queries(lambda: client.get(url))
    _grow(ticket, world, 27)
    long = _queries(lambda: client.get(url))

    assert long == short


def test_the_timeline_api_costs_the_same_queries_for_3_or_30_events(world, make_ticket):
    ticket = accept_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer
    )
    api = ApiClient(world.supervisor)
    url = f"/api/v1/tickets/{ticket.number}/events"
    api.get(url)  # the token's first use records last_used_at

    short = _queries(lambda: api.get(url))
    _grow(ticket, world, 27)
    long = _queries(lambda: api.get(url))

    assert long == short
    assert short == 3  # token, ticket, timeline with actors


# --- Lists: the same queries for N rows as for 3N ----------------------------------------------
#
# Each list page and API list is measured over N tickets, then again after 2N more have been
# added — by other agents, for other customers, in other departments, some accepted, some with
# a broken promise — so that every per-row relation (owner, department, customer, premises,
# deadlines, accepted_by) differs from row to row. A query per row would show as a difference.

import pytest  # noqa: E402
from django.utils import timezone  # noqa: E402

from deadlines.models import Deadline  # noqa: E402
from tests.factories import CustomerFactory  # noqa: E402
from tickets.actions import create_ticket  # noqa: E402

N = 4


def _add_tickets(world, count: int, *, customer=None) -> list:
    made = []
    agents = (world.agent, world.agent2, world.steward, world.night)
    departments = (world.eng, world.security)
    for i in range(count):
        who = customer or CustomerFactory(name=f"客户{i}")
        ticket = create_ticket(
            actor=agents[i % len(agents)],
            category=("repair", "complaint", "emergency")[i % 3],
            channel="phone",
            content=f"3号楼厨房燃气漏气 {i}",
            customer=who,
        )
        if i % 2:
            ticket = dispatch_ticket(ticket, department=departments[i % 2 - 1 if i % 4 == 1 else 1], actor=ticket.owner)
            if ticket.department_id == world.eng.pk and i % 3 == 0:
                ticket = accept_ticket(ticket, actor=world.engineer)
        made.append(ticket)
    # Some promises broken: the overdue flag and the deadline chips come from rows of their own.
    Deadline.objects.filter(ticket__in=made[::2]).update(due_at=timezone.now() - timezone.timedelta(hours=1))
    return made


def _same_for_n_and_3n(world, measure, *, customer=None) -> int:
    _add_tickets(world, N, customer=customer)
    measure()  # warm: session, token first use, content types
    few = measure()
    _add_tickets(world, 2 * N, customer=customer)
    many = measure()
    assert many == few, f"{few} queries for {N} rows, {many} for {3 * N}"
    return few


def _web(client, user, url):
    client.force_login(user)
    return lambda: _queries(lambda: client.get(url))


def _api(user, url):
    api = ApiClient(user)
    return lambda: _queries(lambda: api.get(url))


@pytest.mark.parametrize(
    "persona, url",
    [
        ("supervisor", "/board/"),
        ("supervisor", "/board/?status=dispatched"),
        ("supervisor", "/board/?overdue=1"),
        ("supervisor", "/board/?q=漏气"),
        ("supervisor", "/board/?sort=deadline"),
        ("supervisor", "/board/?status=all&sort=-priority"),
        ("agent", "/mine/?sort=status"),
        ("agent", "/mine/"),
        ("engineer", "/queue/"),
        ("supervisor", "/queue/?department=eng"),
        ("agent", "/intake/"),
    ],
)
def test_list_pages_cost_the_same_queries_for_n_or_3n_tickets(client, world, persona, url):
    _same_for_n_and_3n(world, _web(client, getattr(world, persona), url))


def test_the_intake_caller_card_costs_the_same_queries_for_n_or_3n_tickets(client, world, customer):
    _same_for_n_and_3n(world, _web(client, world.agent, "/intake/caller/?phone=13800138000"), customer=customer)


def test_the_customer_page_costs_the_same_queries_for_n_or_3n_tickets(client, world, customer):
    _same_for_n_and_3n(
        world, _web(client, world.agent, reverse("customer-detail", args=[customer.pk])), customer=customer
    )


@pytest.mark.parametrize(
    "persona, url",
    [
        ("supervisor", "/api/v1/tickets"),
        ("supervisor", "/api/v1/tickets?status=dispatched"),
        ("supervisor", "/api/v1/tickets?overdue=true"),
        ("supervisor", "/api/v1/tickets?q=漏气"),
        ("supervisor", "/api/v1/tickets?sort=-deadline"),
        ("engineer", "/api/v1/tickets"),
        ("agent", "/api/v1/customers?q=客户"),
    ],
)
def test_api_lists_cost_the_same_queries_for_n_or_3n_rows(world, persona, url):
    _same_for_n_and_3n(world, _api(getattr(world, persona), url))


def test_the_customer_api_costs_the_same_queries_for_n_or_3n_tickets(world, customer):
    _same_for_n_and_3n(world, _api(world.agent, f"/api/v1/customers/{customer.pk}"), customer=customer)
    _same_for_n_and_3n(world, _api(world.agent, "/api/v1/customers?phone=13800138000"), customer=customer)


def test_one_ticket_by_api_costs_a_fixed_handful_of_queries(world, make_ticket):
    ticket = accept_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer
    )
    api = ApiClient(world.supervisor)
    url = f"/api/v1/tickets/{ticket.number}"
    api.get(url)
    # the token with its user; the ticket with everything it names; its deadlines (once, not
    # once for the list and again for the overdue flag)
    assert _queries(lambda: api.get(url)) == 3
