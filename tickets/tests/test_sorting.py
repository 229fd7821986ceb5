"""Column sorting (`sort`) on the board, the queue, my tickets and GET tickets: every key in both
directions, the headings' links, bad values refused in Chinese, the number order read from its index."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from deadlines.models import Deadline
from kefu.apitest import ApiClient, error_of
from tickets.actions import accept_ticket, dispatch_ticket, start_ticket
from tickets.models import Ticket


def rows(response) -> list[str]:
    assert response.status_code == 200, response.content.decode()[:500]
    return re.findall(r'<tr class="[^"]*" data-ticket="([^"]+)"', response.content.decode())


@pytest.fixture
def three(world, make_ticket):
    """Three open tickets received an hour apart: the oldest normal and dispatched (its next
    promise due last), the middle low priority and new, the newest high priority and new."""
    with time_machine.travel("2026-03-02 08:00 +0800", tick=False):
        old = dispatch_ticket(make_ticket(content="一号", priority="normal"), department=world.eng, actor=world.agent)
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        middle = make_ticket(content="二号", priority="low")
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        new = make_ticket(content="三号", priority="high")
    # The next unmet promise: the newest soonest, the oldest latest.
    for ticket, hours in ((new, 1), (middle, 2), (old, 3)):
        Deadline.objects.filter(ticket=ticket, met_at__isnull=True).update(
            due_at=timezone.now() + timedelta(hours=hours)
        )
    return old, middle, new


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ("new", "middle", "old")),
        ("-received", ("new", "middle", "old")),
        ("received", ("old", "middle", "new")),
        ("deadline", ("new", "middle", "old")),
        ("-deadline", ("old", "middle", "new")),
        ("priority", ("middle", "old", "new")),  # low, normal, high
        ("-priority", ("new", "old", "middle")),
        ("status", ("new", "middle", "old")),  # to dispatch (newest first), then dispatched
        ("-status", ("old", "new", "middle")),
    ],
)
def test_the_board_sorts_by_each_column_both_ways(client, world, three, sort, order):
    by_name = dict(zip(("old", "middle", "new"), three, strict=True))
    client.force_login(world.supervisor)

    found = rows(client.get(reverse("board"), {"sort": sort}))

    assert found == [by_name[name].number for name in order]


def test_the_number_order_follows_the_number(client, world, three):
    numbers = sorted(t.number for t in three)
    client.force_login(world.supervisor)

    assert rows(client.get(reverse("board"), {"sort": "number"})) == numbers
    assert rows(client.get(reverse("board"), {"sort": "-number"})) == numbers[::-1]


def test_a_chosen_order_overrides_emergencies_first_on_the_board_and_the_queue(client, world, make_ticket):
    with time_machine.travel("2026-03-02 08:00 +0800", tick=False):
        urgent = dispatch_ticket(
            make_ticket(category="emergency", content="漏气"), department=world.eng, actor=world.agent
        )
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        later = dispatch_ticket(make_ticket(content="漏水"), department=world.eng, actor=world.agent)
    client.force_login(world.supervisor)

    assert rows(client.get(reverse("board"))) == [urgent.number, later.number]  # A7 by default
    assert rows(client.get(reverse("board"), {"sort": "-received"})) == [later.number, urgent.number]
    assert rows(client.get(reverse("department-queue"), {"department": "eng", "sort": "-received"})) == [
        later.number,
        urgent.number,
    ]
    client.force_login(world.agent)
    assert rows(client.get(reverse("my-tickets"), {"sort": "received"})) == [urgent.number, later.number]


def test_the_headings_link_to_their_order_keeping_the_filters(client, world, three):
    client.force_login(world.supervisor)

    html = client.get(reverse("board"), {"category": "repair", "sort": "deadline", "page": "1"}).content.decode()

    # the current column offers the other direction and says which way it is sorted
    assert re.search(r'<th aria-sort="ascending" data-sort="deadline"><a href="\?([^"]+)">', html)
    link = re.search(r'data-sort="deadline"><a href="\?([^"]+)"', html)[1]
    assert "sort=-deadline" in link and "category=repair" in link and "page=" not in link
    # another column starts ascending
    assert 'data-sort="number"><a href="?category=repair&amp;sort=number"' in html
    # the filters form keeps the order while the filters change
    assert '<input type="hidden" name="sort" value="deadline">' in html


@pytest.mark.parametrize("name", ["board", "my-tickets", "department-queue"])
def test_an_unknown_order_is_a_400_in_chinese(client, world, name):
    client.force_login(world.supervisor)

    response = client.get(reverse(name), {"sort": "owner; drop table"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert "取值无效" in response.content.decode()


def test_the_api_sorts_and_refuses_an_unknown_order(world, three):
    api = ApiClient(world.supervisor)

    response = api.get("/api/v1/tickets", {"sort": "priority"})
    assert response.status_code == 200
    assert [item["number"] for item in response.json()["items"]] == [three[1].number, three[0].number, three[2].number]

    bad = api.get("/api/v1/tickets", {"sort": "color"})
    assert bad.status_code == 400
    assert "sort" in error_of(bad)["fields"]


def test_the_status_order_is_the_lifecycle_not_the_alphabet(client, world, make_ticket):
    dispatched = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    working = start_ticket(accept_ticket(dispatched, actor=world.engineer), actor=world.engineer)
    fresh = make_ticket()
    client.force_login(world.supervisor)

    # "in_progress" sorts before "new" by spelling; in the lifecycle it comes after
    assert rows(client.get(reverse("board"), {"sort": "status"})) == [fresh.number, working.number]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's choice is PostgreSQL's")
@pytest.mark.parametrize("sort", ["number", "-number", "received", "-received"])
def test_number_and_received_orders_are_read_from_an_index(world, make_ticket, sort):
    from tickets.selectors import search_tickets

    for n in range(6):
        make_ticket(content=f"第{n}户漏水")
    page = search_tickets(world.manager, status="all", sort=sort).prefetch_related(None)[:50]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "Sort" not in plan.replace("Sort Key", ""), plan
    assert Ticket.objects.count() == 6
