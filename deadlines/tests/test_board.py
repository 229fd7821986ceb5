"""The overdue board (超时看板): breached and about-to-breach work by department and holder, for
the leads; live by htmx polling; and the deadline bars of the lists."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from deadlines.models import Deadline
from deadlines.selectors import at_risk_arms, at_risk_deadlines, overdue_board
from deadlines.watcher import check_deadlines
from tickets.actions import accept_ticket, dispatch_ticket, hold_ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
MIN = timedelta(minutes=1)
URL = "/deadlines/overdue/"


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def scene(world, make_ticket, clock):
    """At 09:20: `late` missed its 15-minute dispatch; `soon` was received at 09:08 and is past
    its warning (09:20 = 80 % of 15 minutes); `fresh` came in at 09:19; `held` is on hold;
    `eng_late` was dispatched to 工程部, accepted by 王师傅, and missed its 6-hour handle time."""
    eng_late = accept_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer
    )
    clock.move_to(T0 + 1 * MIN)
    late = make_ticket()
    clock.move_to(T0 + 8 * MIN)
    soon = make_ticket()
    held = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    hold_ticket(held, reason="等业主回电", actor=world.agent)
    clock.move_to(T0 + 19 * MIN)
    fresh = make_ticket()
    clock.move_to(T0 + 20 * MIN)
    # The handle promise of eng_late is made overdue by moving its due time (6 h would take long).
    Deadline.objects.filter(ticket=eng_late, kind="handle").update(due_at=T0 + 10 * MIN, warn_at=T0 + 5 * MIN)
    check_deadlines()
    return {"late": late, "soon": soon, "fresh": fresh, "held": held, "eng_late": eng_late}


def states(board) -> dict:
    return {(row.ticket.number, row.kind): row.state for row in board.rows}


def test_the_board_lists_overdue_and_at_risk_promises_only(world, scene):
    board = overdue_board(world.manager, now=T0 + 20 * MIN)

    assert states(board) == {
        (scene["late"].number, "dispatch"): "overdue",
        (scene["soon"].number, "dispatch"): "warning",
        (scene["eng_late"].number, "handle"): "overdue",
    }
    assert board.rows[0].ticket == scene["eng_late"]  # most overdue first
    assert (board.overdue, board.warning) == (2, 1)


def test_the_board_counts_by_department_and_by_the_person_holding_the_work(world, scene):
    board = overdue_board(world.manager, now=T0 + 20 * MIN)

    by_department = {g.key.code: (g.overdue, g.warning) for g in board.by_department}
    assert by_department == {"eng": (1, 0), "cs": (1, 1)}  # undispatched work is 客服中心's
    by_holder = {g.key.username: (g.overdue, g.warning) for g in board.by_holder}
    assert by_holder == {"engineer": (1, 0), "agent": (1, 1)}  # accepted work is held by the engineer


def test_the_board_filters_by_state_department_and_holder(world, scene):
    now = T0 + 20 * MIN
    assert set(states(overdue_board(world.manager, now=now, state="warning"))) == {(scene["soon"].number, "dispatch")}
    assert set(states(overdue_board(world.manager, now=now, department="eng"))) == {
        (scene["eng_late"].number, "handle")
    }
    assert set(states(overdue_board(world.manager, now=now, holder="agent"))) == {
        (scene["late"].number, "dispatch"),
        (scene["soon"].number, "dispatch"),
    }


def test_a_department_head_sees_only_the_work_of_the_department(world, scene, client):
    world.eng.head = world.engineer
    world.eng.save(update_fields=["head"])
    client.force_login(world.engineer)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert scene["eng_late"].number in html
    assert scene["late"].number not in html and scene["soon"].number not in html


@pytest.mark.parametrize("persona", ["agent", "engineer", "steward"])
def test_the_board_is_refused_to_the_others(world, scene, client, persona):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("persona", ["manager", "supervisor", "qa", "admin"])
def test_the_leads_reach_the_board_from_the_menu(world, scene, client, persona):
    client.force_login(getattr(world, persona))
    home = client.get(reverse("notifications")).content.decode()
    assert f'href="{URL}"' in home

    html = client.get(URL).content.decode()

    assert f'data-ticket="{scene["late"].number}"' in html
    assert 'data-state="overdue"' in html and 'data-state="warning"' in html
    assert "every 15s" in html  # the results poll while the tab is visible


def test_an_agent_has_no_board_link(world, client):
    client.force_login(world.agent)
    assert f'href="{URL}"' not in client.get(reverse("notifications")).content.decode()


def test_htmx_polling_gets_the_results_fragment_only(world, scene, client):
    client.force_login(world.supervisor)

    fragment = client.get(URL, {"state": "overdue"}, HTTP_HX_REQUEST="true").content.decode()

    assert "<html" not in fragment
    assert scene["late"].number in fragment and scene["soon"].number not in fragment
    assert 'data-overdue="2"' in fragment


def test_an_unknown_state_is_refused(world, client):
    client.force_login(world.manager)
    assert client.get(URL, {"state": "purple"}).status_code == 400


def test_the_board_updates_as_the_work_is_done(world, scene, client, clock):
    client.force_login(world.manager)
    dispatch_ticket(scene["late"], department=world.eng, actor=world.agent)

    html = client.get(URL, HTTP_HX_REQUEST="true").content.decode()

    assert f'data-ticket="{scene["late"].number}" data-deadline="dispatch"' not in html


def test_the_board_query_costs_the_same_for_few_or_many_rows(world, scene, client, make_ticket, clock):
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.manager)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(6):
        accept_ticket(dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent2), actor=world.engineer)
    clock.move_to(T0 + 40 * MIN)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def _many_promises(ticket, *, met: int, running: int, at_risk: int, now: datetime) -> None:
    """Rows in the proportions of a busy installation: most promises met, many clocks running
    far from due, few at risk. Rounds keep them apart on one ticket (one row per kind and round)."""
    hour = timedelta(hours=1)
    rows = []
    for n in range(met + running + 3 * at_risk):
        fields = {"ticket": ticket, "kind": "resolve", "round": 1000 + n, "allowed_minutes": 60}
        if n < met:
            fields.update(started_at=now - 48 * hour, due_at=now - 24 * hour, met_at=now - 30 * hour)
        elif n < met + running:
            fields.update(started_at=now, due_at=now + 24 * hour, warn_at=now + 20 * hour)
        elif n < met + running + at_risk:  # breached, escalated or not
            fields.update(started_at=now - 2 * hour, due_at=now - hour, warn_at=now - 90 * MIN, breached_at=now - hour)
        elif n < met + running + 2 * at_risk:  # due, the watcher not there yet
            fields.update(started_at=now - 2 * hour, due_at=now - MIN, warn_at=now - 30 * MIN)
        else:  # past the warning time
            fields.update(
                started_at=now - 2 * hour, due_at=now + 10 * MIN, warn_at=now - 10 * MIN, warned_at=now - 10 * MIN
            )
        rows.append(Deadline(**fields))
    Deadline.objects.bulk_create(rows, batch_size=2000)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the partial index plans are PostgreSQL's")
def test_the_board_reads_through_the_partial_indexes(world, make_ticket, clock):
    # given 25,000 promises of which 150 are at risk, with fresh statistics
    now = T0 + 20 * MIN
    _many_promises(make_ticket(), met=20_000, running=5_000, at_risk=50, now=now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE deadlines_deadline")

    # when the board's three range scans are planned (sequential scans allowed)
    plans = {name: arm.values("pk")[:5000].explain() for name, arm in at_risk_arms(now).items()}

    # then each reads its own partial index, never the whole table or every unmet promise
    expected = {
        "breached": "deadline_breached_unmet",
        "due": "deadline_pending_due",
        "warning": "deadline_running_warn",
    }
    for name, index in expected.items():
        assert index in plans[name], plans[name]
        assert "Seq Scan" not in plans[name] and "deadline_unmet_ticket" not in plans[name], plans[name]
    found, capped = at_risk_deadlines(now)
    assert found.count() == 150 + 1 and not capped  # and the ticket's own dispatch, due at 09:15


# ── deadline bars in the lists and on the ticket page ───────────────────────────────────────


def test_the_lists_show_a_deadline_bar_with_the_time_left(world, scene, client):
    client.force_login(world.agent)

    html = client.get(reverse("my-tickets")).content.decode()

    assert 'class="deadline deadline-overdue"' in html
    assert 'class="deadline deadline-warning"' in html  # `soon`, past its warning time
    assert 'class="bar bar-mini"' in html and 'data-percent="100"' in html


def test_the_ticket_page_shows_each_promise_with_a_bar(world, scene, client):
    client.force_login(world.agent)

    html = client.get(reverse("ticket-detail", args=[scene["soon"].number])).content.decode()

    assert 'data-deadline="dispatch" data-state="warning"' in html
    assert 'class="bar"' in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the partial index plans are PostgreSQL's")
def test_the_watcher_finds_its_work_through_the_partial_indexes_by_the_planners_own_choice(world, make_ticket, clock):
    """check_deadlines' three queries on a realistic mix (most promises met long ago, many running,
    a few due), with fresh statistics and sequential scans allowed: each reads its partial index,
    so a pass costs what is due, not what is open (issue 3, points 3 and 8)."""
    now = T0 + 20 * MIN
    _many_promises(make_ticket(), met=20_000, running=5_000, at_risk=50, now=now)
    Deadline.objects.filter(breached_at__isnull=False).update(escalate_at=now - MIN)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE deadlines_deadline")

    plans = {
        ("deadline_pending_due",): Deadline.objects.due_by(now).order_by("due_at", "id").values("id")[:500].explain(),
        # either partial index over running clocks by warning time serves the warning pass
        ("deadline_pending_warn", "deadline_running_warn"): Deadline.objects.warning_due_by(now)
        .order_by("warn_at", "id")
        .values("id")[:500]
        .explain(),
        ("deadline_escalation_due",): Deadline.objects.escalation_due_by(now)
        .order_by("escalate_at", "id")
        .values("id")[:500]
        .explain(),
    }

    for indexes, plan in plans.items():
        assert any(index in plan for index in indexes) and "Seq Scan" not in plan, plan
