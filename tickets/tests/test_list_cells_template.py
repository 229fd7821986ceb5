"""The list cells are written in Python for speed (tickets/list_cells.py); their markup is defined
by the template tickets/includes/list_cells.html. Rows of every shape must come out the same."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone

from tickets.actions import accept_ticket, create_ticket, dispatch_ticket, hold_ticket, resolve_ticket, start_ticket
from tickets.actions.intake import Contact
from tickets.list_cells import list_cells
from tickets.models import Ticket
from tickets.selectors import prepare_list_page, search_tickets

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_python_cells_match_the_template_on_rows_of_every_shape(world, make_ticket, clock):
    # given tickets of every shape a list shows
    dispatched = dispatch_ticket(make_ticket(content="厨房水管漏水"), department=world.eng, actor=world.agent)
    emergency = make_ticket(category="emergency", content="楼道燃气泄漏 <急>")
    walk_in = create_ticket(
        actor=world.agent,
        category="consultation",
        channel="walk_in",
        content="物业费怎么交",
        contact=Contact(name="张三 & 李四", phone="13912345678", address='翠湖苑 "3" 号楼'),
    )
    held = hold_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), reason="等配件", actor=world.agent
    )
    accepted = accept_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer
    )
    resolved = resolve_ticket(start_ticket(accepted, actor=world.engineer), result="已修好", actor=world.engineer)
    supervised = make_ticket(content="投诉噪音")
    Ticket.objects.filter(pk=supervised.pk).update(supervised=True)
    overdue = make_ticket(content="电梯异响")
    clock.move_to(T0 + timedelta(hours=30))  # the undispatched ones are overdue now, the held one is not
    numbers = {t.number for t in (dispatched, emergency, walk_in, held, resolved, supervised, overdue)}
    # when the board reads them as a page
    qs = search_tickets(world.manager).filter(number__in=numbers).prefetch_related(None)
    rows = prepare_list_page(list(qs))
    now = timezone.now()
    # then each row's Python cells are the template's
    assert {t.number for t in rows} == numbers
    for ticket in rows:
        expected = render_to_string("tickets/includes/list_cells.html", {"ticket": ticket, "now": now})
        assert _normal(list_cells(ticket, now)) == _normal(expected), ticket.number
