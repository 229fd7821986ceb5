"""The list cells are written in Python for speed (tickets/list_cells.py); their markup is defined
by the template tickets/includes/list_cells.html. Rows of every shape must come out the same."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone

from tickets.list_cells import list_cells
from tickets.selectors import prepare_list_page, search_tickets
from tickets.tests.shapes import tickets_of_every_shape

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_python_cells_match_the_template_on_rows_of_every_shape(world, make_ticket, clock):
    # given tickets of every shape a list shows
    shapes = tickets_of_every_shape(world, make_ticket, walk_in_by=world.agent)
    clock.move_to(T0 + timedelta(hours=30))  # the undispatched ones are overdue now, the held one is not
    numbers = {t.number for t in shapes}
    # when the board reads them as a page
    qs = search_tickets(world.manager).filter(number__in=numbers).prefetch_related(None)
    rows = prepare_list_page(list(qs))
    now = timezone.now()
    # then each row's Python cells are the template's
    assert {t.number for t in rows} == numbers
    for ticket in rows:
        expected = render_to_string("tickets/includes/list_cells.html", {"ticket": ticket, "now": now})
        assert _normal(list_cells(ticket, now)) == _normal(expected), ticket.number
