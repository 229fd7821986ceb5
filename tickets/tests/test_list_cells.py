"""The cells of a list row (tickets/list_cells.py), written in Python for the board's speed:
each cell says what the ticket is, escaped, in Chinese, in Shanghai time."""

import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tickets.actions import dispatch_ticket
from tickets.actions.intake import Contact
from tickets.models import Ticket

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def cells(client, user, number) -> list[str]:
    """The text of each cell of the ticket's row on the board, tags stripped (the bulk bar's tick
    box, worklists, is not one of the row's cells)."""
    client.force_login(user)
    page = client.get(reverse("board")).content.decode()
    row = re.search(rf'<tr [^>]*data-ticket="{number}"[^>]*>(.*?)</tr>', page, re.S).group(1)
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", td)).split())
        for td in re.findall(r'<td(?! class="select")[^>]*>(.*?)</td>', row, re.S)
    ]


def test_a_customers_repair_row(client, world, make_ticket, clock):
    ticket = dispatch_ticket(make_ticket(content="厨房水管漏水"), department=world.eng, actor=world.agent)
    assert cells(client, world.manager, ticket.number) == [
        ticket.number,
        "报修",
        "已派单",
        "普通",
        ticket.customer.honorific,
        "138****8000",
        ticket.contact_address,
        world.agent.display_name,
        world.eng.name,
        "2026-11-23 09:00",
        "到场处理 · 剩余 6小时0分",  # the next promise and its time left
    ]


def test_an_urgent_supervised_overdue_walk_in_with_markup_in_its_text(client, world, make_ticket, clock):
    ticket = make_ticket(
        customer=None,
        contact=Contact(name="<b>路人</b>", phone="13912345678", address='门口"<script>'),
        category="emergency",
        content="燃气报警",
    )
    Ticket.objects.filter(pk=ticket.pk).update(supervised=True)
    clock.shift(timedelta(days=2))
    client.force_login(world.manager)
    page = client.get(reverse("board")).content.decode()
    assert "<b>路人</b>" not in page and "<script>" not in page  # escaped, not markup
    got = cells(client, world.manager, ticket.number)
    assert got[0] == f"{ticket.number} 紧急"
    assert got[2].endswith("督办")
    assert got[4:7] == ["<b>路人</b>", "139****5678", '门口"<script>']
    assert got[8] == "—"  # no department yet
    assert got[10] == "派单 · 超时 1天23小时 超时"  # the broken promise, and the overdue badge


def test_english_when_the_reader_asks_for_it(client, world, make_ticket, clock):
    ticket = make_ticket()
    client.force_login(world.manager)
    page = client.get(reverse("board"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = re.search(rf'data-ticket="{ticket.number}".*?</tr>', page, re.S).group(0)
    assert '<td class="nowrap">Repair</td>' in row and "报修" not in row


def test_the_rows_opening_marks_the_urgent_and_the_overdue_and_carries_the_bulk_box(client, world, make_ticket, clock):
    # given an urgent request whose promise is broken, and a quiet one
    urgent = make_ticket(category="emergency", content="燃气报警")
    clock.shift(timedelta(days=2))
    quiet = make_ticket(content="门禁卡")
    # when the supervisor (who has the bulk bar) and the engineer of the unit open their lists
    client.force_login(world.manager)
    board = client.get(reverse("board")).content.decode()
    # then the row's classes, data attributes and tick box are as the page's scripts read them
    n = urgent.number
    assert (
        f'<tr class="is-emergency is-overdue" data-ticket="{n}" data-status="new"><td class="select">'
        f'<input type="checkbox" name="numbers" value="{n}" form="bulk-form" data-bulk-row aria-label="选择 {n}">'
        "</td>"
    ) in board
    assert f'<tr class="" data-ticket="{quiet.number}" data-status="new"><td class="select">' in board
    client.force_login(world.engineer)  # field staff: no bulk bar, so no box
    dispatched = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    queue = client.get(reverse("department-queue")).content.decode()
    assert f'<tr class="" data-ticket="{dispatched.number}" data-status="dispatched"><td class="nowrap">' in queue
