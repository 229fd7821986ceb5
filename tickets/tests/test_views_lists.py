"""My tickets, the department queue and the board: who sees what, filters, buttons, query counts."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tickets.actions import accept_ticket, dispatch_ticket, start_ticket

HTMX = {"HTTP_HX_REQUEST": "true"}


def rows(response) -> list[str]:
    """The ticket numbers of the list, in order."""
    return re.findall(r'<tr class="[^"]*" data-ticket="([^"]+)"', response.content.decode())


def row_html(response) -> dict[str, str]:
    """Each row's HTML by ticket number."""
    chunks = response.content.decode().split("<tr ")[1:]
    return {m.group(1): chunk for chunk in chunks if (m := re.search(r'data-ticket="([^"]+)"', chunk))}


def dispatched(make_ticket, world, department=None, **fields):
    return dispatch_ticket(make_ticket(**fields), department=department or world.eng, actor=world.agent)


# ---------- my tickets ----------


def test_my_tickets_lists_what_i_own_and_nothing_else(client, world, make_ticket):
    mine = make_ticket(content="我的工单")
    theirs = make_ticket(actor=world.agent2, content="同事的工单")
    client.force_login(world.agent)

    response = client.get(reverse("my-tickets"))

    assert response.status_code == 200
    assert rows(response) == [mine.number]
    assert theirs.number not in response.content.decode()


def test_my_tickets_shows_masked_phone_honorific_and_deadline(client, world, make_ticket, customer):
    make_ticket()
    client.force_login(world.agent)

    html = client.get(reverse("my-tickets")).content.decode()

    assert "138****8000" in html and "13800138000" not in html
    assert customer.honorific in html
    assert 'class="deadline deadline-running"' in html


def test_my_tickets_hides_finished_work_unless_asked(client, world, make_ticket):
    from tickets.actions import answer_ticket

    done = answer_ticket(
        make_ticket(category="consultation", content="咨询物业费"), answer="每月5日前", actor=world.agent
    )
    open_ = make_ticket()
    client.force_login(world.agent)

    assert rows(client.get(reverse("my-tickets"))) == [open_.number]
    assert rows(client.get(reverse("my-tickets"), {"status": "resolved"})) == [done.number]


# ---------- department queue ----------


def test_the_queue_shows_the_department_its_work_with_the_valid_buttons(client, world, make_ticket):
    waiting = dispatched(make_ticket, world, content="等待接单")
    accepted = accept_ticket(dispatched(make_ticket, world, content="已接单"), actor=world.engineer)
    working = start_ticket(
        accept_ticket(dispatched(make_ticket, world, content="处理中"), actor=world.engineer), actor=world.engineer
    )
    elsewhere = dispatched(make_ticket, world, department=world.security, content="秩序部的活")
    undispatched = make_ticket(content="未派单")
    client.force_login(world.engineer)

    response = client.get(reverse("department-queue"))

    assert response.status_code == 200
    assert set(rows(response)) == {waiting.number, accepted.number, working.number}
    html = response.content.decode()
    assert elsewhere.number not in html and undispatched.number not in html
    row = row_html(response)
    assert 'data-action="accept"' in row[waiting.number] and 'data-action="start"' not in row[waiting.number]
    assert 'data-action="start"' in row[accepted.number] and 'data-action="accept"' not in row[accepted.number]
    assert 'data-action="resolve"' in row[working.number] and 'name="result"' in row[working.number]


def test_the_queue_of_another_department_shows_nothing_of_ours(client, world, make_ticket):
    ticket = dispatched(make_ticket, world)
    client.force_login(world.guard)

    response = client.get(reverse("department-queue"))

    assert response.status_code == 200
    assert ticket.number not in response.content.decode()


def test_the_centre_may_look_at_any_department_queue(client, world, make_ticket):
    ticket = dispatched(make_ticket, world)
    client.force_login(world.supervisor)

    assert rows(client.get(reverse("department-queue"), {"department": "eng"})) == [ticket.number]
    assert rows(client.get(reverse("department-queue"), {"department": "security"})) == []
    assert client.get(reverse("department-queue"), {"department": "nowhere"}).status_code == 400


def test_field_staff_cannot_pick_another_department_queue(client, world, make_ticket):
    ticket = dispatched(make_ticket, world)
    client.force_login(world.guard)

    response = client.get(reverse("department-queue"), {"department": "eng"})

    assert ticket.number not in response.content.decode()


def test_accept_from_a_queue_row_swaps_the_row_in_place(client, world, make_ticket):
    ticket = dispatched(make_ticket, world)
    client.force_login(world.engineer)

    response = client.post(reverse("ticket-action", args=[ticket.number, "accept"]), {"render": "row"}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<tr")
    assert f'data-ticket="{ticket.number}" data-status="accepted"' in html
    assert 'data-action="start"' in html
    assert 'id="flash"' in html and 'hx-swap-oob="true"' in html  # the success notice comes along
    ticket.refresh_from_db()
    assert ticket.status == "accepted" and ticket.accepted_by == world.engineer


def test_resolve_from_a_row_without_a_result_is_refused_in_place(client, world, make_ticket):
    ticket = start_ticket(accept_ticket(dispatched(make_ticket, world), actor=world.engineer), actor=world.engineer)
    client.force_login(world.engineer)

    response = client.post(
        reverse("ticket-action", args=[ticket.number, "resolve"]), {"render": "row", "result": " "}, **HTMX
    )

    assert response.status_code == 400
    assert 'class="alert alert-error"' in response.content.decode() and "<html" not in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"


def test_an_emergency_jumps_the_queue(client, world, make_ticket):
    with time_machine.travel("2026-03-01 09:00 +0800"):
        alarm = dispatched(make_ticket, world, category="emergency", content="燃气泄漏")
    with time_machine.travel("2026-03-01 10:00 +0800"):
        later = dispatched(make_ticket, world, content="水龙头滴水")
    client.force_login(world.engineer)

    response = client.get(reverse("department-queue"))

    assert rows(response) == [alarm.number, later.number]
    assert '<tr class="is-emergency' in response.content.decode()


# ---------- board ----------


@pytest.mark.parametrize("persona", ["agent", "supervisor", "manager", "qa", "admin"])
def test_the_board_renders_for_the_centre(client, world, make_ticket, persona):
    ticket = make_ticket()
    client.force_login(getattr(world, persona))

    response = client.get(reverse("board"))

    assert response.status_code == 200
    assert rows(response) == [ticket.number]


def test_field_staff_see_only_their_department_on_the_board(client, world, make_ticket):
    ours = dispatched(make_ticket, world)
    theirs = dispatched(make_ticket, world, department=world.security)
    client.force_login(world.engineer)

    assert rows(client.get(reverse("board"))) == [ours.number]
    assert rows(client.get(reverse("board"), {"q": theirs.number})) == []


def test_board_keyword_search_finds_a_two_character_chinese_word(client, world, make_ticket):
    leak = make_ticket(content="3号楼厨房燃气漏气，有异味")
    make_ticket(content="电梯停运")
    client.force_login(world.supervisor)

    assert rows(client.get(reverse("board"), {"q": "漏气"})) == [leak.number]


def test_board_filters_by_status_category_department_owner_and_overdue(client, world, make_ticket):
    with time_machine.travel("2026-03-01 09:00 +0800"):
        late = dispatched(make_ticket, world, content="早上的报修")  # due to be handled within 6 h
        complaint = make_ticket(category="complaint", actor=world.agent2, content="投诉噪音")
    with time_machine.travel("2026-03-01 16:00 +0800"):
        fresh = make_ticket(content="刚来的报修")
        client.force_login(world.supervisor)
        get = lambda **q: rows(client.get(reverse("board"), q))  # noqa: E731

        assert get(status="dispatched") == [late.number]
        assert get(category="complaint") == [complaint.number]
        assert get(department="eng") == [late.number]
        assert get(owner="agent2") == [complaint.number]
        assert set(get(overdue="1")) == {late.number, complaint.number}
        assert fresh.number in get()
        html = client.get(reverse("board")).content.decode()
        assert "data-overdue" in html and 'class="deadline deadline-overdue"' in html


@pytest.mark.parametrize("query", [{"status": "lost"}, {"category": "gossip"}])
def test_board_refuses_unknown_vocabulary(client, world, query):
    client.force_login(world.supervisor)

    response = client.get(reverse("board"), query)

    assert response.status_code == 400
    assert 'class="alert alert-error"' in response.content.decode()


def test_board_answers_htmx_with_the_results_fragment(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.supervisor)

    response = client.get(reverse("board"), {"q": ""}, **HTMX)

    html = response.content.decode()
    assert "<html" not in html and "<table" in html and ticket.number in html
    assert "HX-Request" in response["Vary"]


def test_board_pages_by_fifty(client, world, make_ticket, settings):
    settings.KEFU_PAGE_SIZE = 2
    numbers = [make_ticket(content=f"第{i}件").number for i in range(3)]
    client.force_login(world.supervisor)

    first, second = client.get(reverse("board")), client.get(reverse("board"), {"page": 2})

    assert rows(first) == numbers[:0:-1] and rows(second) == numbers[:1]
    assert "?page=2" in first.content.decode()
    assert rows(client.get(reverse("board"), {"page": "garbage"})) == numbers[:0:-1]


# ---------- layout ----------


def test_the_language_switch_turns_the_console_to_english_and_back(client, world):
    client.force_login(world.supervisor)
    assert '<html lang="zh-hans">' in client.get(reverse("board")).content.decode()

    response = client.post("/i18n/setlang/", {"language": "en", "next": reverse("board")})

    assert response.status_code == 302 and response["Location"] == reverse("board")
    html = client.get(reverse("board")).content.decode()
    assert '<html lang="en">' in html and ">Board<" in html
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": reverse("board")})
    assert '<html lang="zh-hans">' in client.get(reverse("board")).content.decode()


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        ("agent", ["intake", "my-tickets", "board", "customer-search"], ["admin:index"]),
        ("engineer", ["department-queue"], ["intake", "my-tickets", "board", "customer-search", "admin:index"]),
        ("admin", ["board", "customer-search", "admin:index"], ["intake", "my-tickets"]),
    ],
)
def test_the_navigation_offers_each_role_its_screens(client, world, persona, present, absent):
    client.force_login(getattr(world, persona))

    nav = client.get(reverse("department-queue")).content.decode().split('class="mainnav"')[1].split("</nav>")[0]

    assert all(f'href="{reverse(name)}"' in nav for name in present)
    assert not any(f'href="{reverse(name)}"' in nav for name in absent)


# ---------- query counts ----------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["board", "my-tickets", "department-queue"])
def test_list_query_count_does_not_grow_with_the_tickets(client, world, make_ticket, url_name):
    def add(n):
        for _ in range(n):
            accept_ticket(dispatched(make_ticket, world), actor=world.engineer)

    client.force_login(world.agent if url_name != "department-queue" else world.engineer)
    add(3)
    with_three = count_queries(client, reverse(url_name))
    add(27)
    with_thirty = count_queries(client, reverse(url_name))

    assert with_thirty == with_three
    assert with_three <= 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ticket_open_board is PostgreSQL's (migration 0007)")
def test_the_boards_order_is_read_from_its_index_not_sorted(world, make_ticket):
    # given open work, some of it urgent (the board's first page: urgent first, then newest)
    from tickets.selectors import search_tickets
    from tickets.views.paging import emergencies_first

    for n in range(6):
        make_ticket(content=f"第{n}户漏水", category="emergency" if n % 3 == 0 else "repair")
    page = emergencies_first(search_tickets(world.manager, open_only=True))[:50]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        # Whatever the planner would choose for six rows: can the index give this order at all?
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(str(row) for row in cursor.fetchall())
    # then the page is read in order from ticket_open_board: no sort of every open ticket
    assert "ticket_open_board" in plan, plan
    assert "Sort" not in plan, plan
    numbers = [t.number for t in page]
    assert [t.is_emergency for t in page] == sorted((t.is_emergency for t in page), reverse=True) and len(numbers) == 6
