"""The board and my tickets read their rows as values (selectors.list_page_rows, issue 19): every
row must come out byte for byte as the row written from the ticket itself (prepare_list_page's
model instances, with for_list's overdue flag), and the page must cost no query per row."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import StaffFactory
from tickets.actions import dispatch_ticket
from tickets.actions.intake import Contact
from tickets.list_cells import ListRow, list_row
from tickets.selectors import list_page_rows, prepare_list_page, search_tickets
from tickets.tests.shapes import tickets_of_every_shape

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def shapes(world, make_ticket, clock):
    """Tickets of every shape a list shows, their numbers."""
    shapes = tickets_of_every_shape(world, make_ticket, walk_in_by=world.agent2)
    # an owner who has left: not among the board's active agents
    departed = StaffFactory(username="departed", name="", work_number="KF999", role="agent", department=world.cs)
    gone = make_ticket(actor=departed, content="门禁坏了")
    departed.is_active = False
    departed.save(update_fields=["is_active"])
    clock.move_to(T0 + timedelta(hours=30))  # the undispatched ones are overdue now, the held one is not
    return {t.number for t in (*shapes, gone)}


def test_rows_read_as_values_are_the_rows_written_from_the_tickets(world, shapes):
    # given the rows of every shape, read both ways
    expected = {
        t.number: list_row(t, bulk=True)
        for t in prepare_list_page(list(search_tickets(world.manager).filter(number__in=shapes).prefetch_related(None)))
    }
    rows = list_page_rows(search_tickets(world.manager, for_rows=True).filter(number__in=shapes))
    # then each row is the same markup, byte for byte
    assert {r.number for r in rows} == shapes == expected.keys()
    for row in rows:
        assert isinstance(row, ListRow)
        assert list_row(row, bulk=True) == expected[row.number], row.number
    assert sum(r.is_overdue for r in rows) >= 2  # the overdue flag was put to the test


def test_owners_already_read_spare_their_query_and_the_others_are_read(world, shapes):
    qs = search_tickets(world.manager, for_rows=True).filter(number__in=shapes)
    everyone = {r.number: r.owner_name for r in list_page_rows(qs)}
    known = {world.agent.pk: world.agent.display_name, world.agent2.pk: world.agent2.display_name}

    with CaptureQueriesContext(connection) as queries:
        rows = list_page_rows(qs, owners=known)

    assert {r.number: r.owner_name for r in rows} == everyone
    assert "departed" in everyone.values()  # no name: the username, as Staff.display_name
    assert sum('"accounts_staff"' in q["sql"] for q in queries) == 1  # the departed agent alone


def test_a_board_page_costs_the_same_statements_for_3_or_30_tickets(client, world, make_ticket):
    client.force_login(world.supervisor)

    def statements() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("board")).status_code == 200
        return [q["sql"] for q in queries]

    for _ in range(3):
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    few = statements()
    for _ in range(27):
        make_ticket(customer=None, contact=Contact(name="路人", phone="13912345678", address="门口"))
    many = statements()

    assert len(many) == len(few) <= 9
    # the reader's department comes with the reader (accounts.backends.StaffBackend), the rows'
    # owners with the owner filter's options: neither is read apart
    assert not any('WHERE "accounts_department"."id" =' in s for s in many)
    assert sum('FROM "accounts_staff"' in s for s in many) == 2  # the reader, the agents


def test_my_tickets_rows_come_from_values_too(client, world, make_ticket, clock):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.agent)

    page = client.get(reverse("my-tickets")).content.decode()

    [written] = prepare_list_page(list(search_tickets(world.agent).filter(pk=ticket.pk)))
    assert list_row(written, bulk=True, now=timezone.now()) + "</tr>" in page
