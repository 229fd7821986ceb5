"""Bulk actions on the ticket lists (issue 13, defect 11): dispatch, close and assigning callbacks,
each ticket through its own action in its own transaction, the answer ticket by ticket."""

import re

import pytest
from django.urls import reverse

from callbacks.models import Callback, CallbackStatus
from tickets.actions import accept_ticket, answer_ticket, dispatch_ticket, resolve_ticket, start_ticket
from tickets.models import EventKind, Status, Ticket, TicketEvent
from tickets.timeline import describe

HTMX = {"HTTP_HX_REQUEST": "true"}
URL = "/lists/bulk/"


@pytest.fixture
def resolved(world, make_ticket):
    def make(**overrides):
        ticket = dispatch_ticket(make_ticket(**overrides), department=world.eng, actor=world.agent)
        ticket = start_ticket(accept_ticket(ticket, actor=world.engineer), actor=world.engineer)
        return resolve_ticket(ticket, result="已修好", actor=world.engineer)

    return make


def results(response) -> dict[str, bool]:
    html = response.content.decode()
    return {n: ok == "1" for n, ok in re.findall(r'data-result="([^"]+)" data-ok="([01])"', html)}


def test_bulk_dispatch_dispatches_each_ticket_and_reports_the_refused(client, world, make_ticket, resolved):
    fresh = [make_ticket(content=f"第{i}户漏水") for i in range(3)]
    done = resolved(content="已办结的")
    client.force_login(world.agent)

    response = client.post(
        URL, {"action": "dispatch", "department": "eng", "numbers": [t.number for t in [*fresh, done]]}, **HTMX
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "tickets-changed"
    assert results(response) == {**{t.number: True for t in fresh}, done.number: False}
    html = response.content.decode()
    assert 'data-done="3" data-refused="1"' in html and "不能" in html  # the transition's own words
    for ticket in fresh:
        ticket.refresh_from_db()
        assert ticket.status == Status.DISPATCHED and ticket.department == world.eng
        assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.DISPATCHED, actor=world.agent).count() == 1
    done.refresh_from_db()
    assert done.status == Status.RESOLVED


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"action": "dispatch", "department": "nowhere"}, "department"),
        ({"action": "dispatch"}, "department"),
        ({"action": "explode", "department": "eng"}, "action"),
        ({"action": "assign_callback", "agent": "engineer"}, "agent"),
    ],
)
def test_bad_input_is_a_400_in_chinese_and_writes_nothing(client, world, make_ticket, data, field):
    ticket = make_ticket()
    client.force_login(world.supervisor)
    events = TicketEvent.objects.count()

    response = client.post(URL, {**data, "numbers": [ticket.number]}, HTTP_ACCEPT_LANGUAGE="zh-hans", **HTMX)

    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    assert TicketEvent.objects.count() == events
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_no_ticket_or_too_many_is_refused(client, world):
    client.force_login(world.agent)

    assert client.post(URL, {"action": "close"}).status_code == 400
    many = [f"GD20260101-{i:04d}" for i in range(101)]
    assert client.post(URL, {"action": "close", "numbers": many}).status_code == 400


def test_bulk_close_closes_what_the_rules_allow_and_waits_for_the_callback(
    client, world, make_ticket, resolved, settings
):
    settings.KEFU_CALLBACK_CONSULTATION_PERCENT = 0  # a consultation answered without a callback
    answered = answer_ticket(
        make_ticket(category="consultation", content="问物业费"), answer="已答复", actor=world.agent
    )
    waiting = resolved(content="报修已修好")  # a repair: its callback is due
    still_open = make_ticket(content="还没派工")
    assert Callback.objects.filter(ticket=waiting, status=CallbackStatus.DUE).exists()
    client.force_login(world.agent)

    response = client.post(
        URL, {"action": "close", "numbers": [answered.number, waiting.number, still_open.number, "GD19990101-0001"]}
    )

    assert response.status_code == 200
    assert results(response) == {
        answered.number: True,
        waiting.number: False,
        still_open.number: False,
        "GD19990101-0001": False,
    }
    html = response.content.decode()
    assert "回访" in html  # why the repair stays open: the customer's verdict closes it
    statuses = dict(Ticket.objects.values_list("number", "status"))
    assert statuses[answered.number] == Status.CLOSED
    assert statuses[waiting.number] == Status.RESOLVED and statuses[still_open.number] == Status.NEW
    assert TicketEvent.objects.filter(kind=EventKind.CLOSED).count() == 1


def test_a_supervisor_assigns_the_callbacks_of_the_ticked_tickets(client, world, make_ticket, resolved):
    first, second = resolved(content="一号"), resolved(content="二号")
    no_callback = make_ticket(content="新工单")
    client.force_login(world.supervisor)

    response = client.post(
        URL,
        {"action": "assign_callback", "agent": "agent2", "numbers": [first.number, second.number, no_callback.number]},
    )

    assert results(response) == {first.number: True, second.number: True, no_callback.number: False}
    assert set(Callback.objects.filter(assigned_to=world.agent2).values_list("ticket__number", flat=True)) == {
        first.number,
        second.number,
    }
    event = TicketEvent.objects.get(ticket=first, kind=EventKind.CALLBACK_ASSIGNED)
    assert event.actor == world.supervisor and "周敏" in describe(event)
    # the callback queue says whose call it is
    queue = client.get(reverse("callback-queue")).content.decode()
    assert queue.count('data-assigned="agent2"') == 2


def test_only_the_leads_assign_callbacks(client, world, resolved):
    ticket = resolved()
    client.force_login(world.agent)

    response = client.post(URL, {"action": "assign_callback", "agent": "agent2", "numbers": [ticket.number]})

    assert response.status_code == 403
    assert not Callback.objects.filter(assigned_to__isnull=False).exists()


def test_field_staff_are_refused_per_ticket_not_by_a_500(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.engineer)

    response = client.post(URL, {"action": "dispatch", "department": "security", "numbers": [ticket.number]})

    assert response.status_code == 200
    assert results(response) == {ticket.number: False}
    ticket.refresh_from_db()
    assert ticket.department == world.eng


def test_the_lists_tick_boxes_and_the_bar_by_role(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.supervisor)
    board = client.get(reverse("board")).content.decode()
    assert f'name="numbers" value="{ticket.number}" form="bulk-form" data-bulk-row' in board
    assert "data-select-all" in board and "/lists/tools/?screen=board" in board
    tools = client.get("/lists/tools/", {"screen": "board"}, **HTMX).content.decode()
    assert 'id="bulk-form"' in tools and 'value="assign_callback"' in tools and 'value="agent2"' in tools

    client.force_login(world.agent)
    tools = client.get("/lists/tools/", {"screen": "mine"}, **HTMX).content.decode()
    assert 'id="bulk-form"' in tools and "assign_callback" not in tools  # agents do not hand out callbacks
    assert "data-bulk-row" in client.get(reverse("my-tickets")).content.decode()

    client.force_login(world.engineer)
    queue = client.get(reverse("department-queue")).content.decode()
    assert "data-bulk-row" not in queue and "list-tools" not in queue
    assert 'id="bulk-form"' not in client.get("/lists/tools/", {"screen": "board"}, **HTMX).content.decode()
    assert client.get("/lists/tools/", {"screen": "nowhere"}).status_code == 400


def test_a_queue_row_after_a_move_keeps_its_tick_box(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.supervisor)

    response = client.post(
        reverse("ticket-action", args=[ticket.number, "assign"]),
        {"assignee_id": world.engineer.pk, "render": "row"},
        **HTMX,
    )

    assert response.status_code == 200
    assert "data-bulk-row" in response.content.decode()


def test_an_agent_sees_the_callbacks_given_to_them_and_the_api_says_whose_they_are(client, world, resolved):
    from kefu.apitest import ApiClient

    mine, other = resolved(content="一号"), resolved(content="二号")
    client.force_login(world.supervisor)
    client.post(URL, {"action": "assign_callback", "agent": "agent2", "numbers": [mine.number]})

    client.force_login(world.agent2)
    html = client.get(reverse("callback-queue"), {"mine": "1"}).content.decode()
    assert mine.number in html and other.number not in html
    everything = client.get(reverse("callback-queue")).content.decode()
    assert mine.number in everything and other.number in everything

    items = ApiClient(world.agent2).get("/api/v1/callbacks").json()["items"]
    assert {item["ticket"]: item["assigned_to"] for item in items} == {mine.number: "agent2", other.number: None}
