"""派工到人 (issue 13): dispatch to a department and a named engineer, or the head assigns from the
queue; the engineer is told at once and finds the work under 我的任务."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.errors import Forbidden, InvalidInput
from kefu.apitest import ApiClient, error_of
from notifications.models import Notification
from tests.factories import StaffFactory
from tickets.actions import accept_ticket, assign_ticket, dispatch_ticket, hold_ticket, start_ticket
from tickets.models import EventKind, Ticket, TicketEvent
from tickets.selectors import my_tasks
from tickets.timeline import describe


@pytest.fixture
def eng2(world):
    return StaffFactory(
        username="eng2", name="李师傅", work_number="GC102", role=Role.FIELD, department=world.eng, phone="13700001111"
    )


def test_dispatch_to_a_named_engineer_tells_him_at_once(world, make_ticket, eng2):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, assignee=eng2, actor=world.agent)
    assert ticket.assignee == eng2
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.DISPATCHED)
    assert (event.data["assignee"], event.data["assignee_name"]) == ("eng2", "李师傅")
    assert "李师傅" in describe(event)
    told = set(
        Notification.objects.filter(ticket=ticket, template="dispatched").values_list("staff__username", "channel")
    )
    assert told == {("eng2", "inapp"), ("eng2", "sms")}


def test_an_assignee_outside_the_department_is_refused_and_nothing_written(world, make_ticket):
    ticket = make_ticket()
    with pytest.raises(InvalidInput) as refused:
        dispatch_ticket(ticket, department=world.eng, assignee=world.guard, actor=world.agent)
    assert "assignee" in refused.value.fields
    ticket.refresh_from_db()
    assert (ticket.status, ticket.department_id, ticket.assignee_id) == ("new", None, None)
    assert not TicketEvent.objects.filter(ticket=ticket, kind=EventKind.DISPATCHED).exists()


def test_the_department_head_assigns_from_the_queue_and_a_colleague_may_not(world, make_ticket, eng2):
    world.eng.head = world.engineer
    world.eng.save()
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    # a department dispatch without an assignee goes to the head's inbox
    assert Notification.objects.filter(ticket=ticket, template="dispatched_department", staff=world.engineer).exists()
    with pytest.raises(Forbidden):
        assign_ticket(ticket, assignee=world.engineer, actor=eng2)
    ticket = assign_ticket(ticket, assignee=eng2, actor=world.engineer)
    assert ticket.assignee == eng2
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ASSIGNED, data__assignee="eng2").exists()


def test_an_emergency_dispatched_to_the_department_reaches_every_member_by_sms(world, make_ticket, eng2):
    ticket = dispatch_ticket(
        make_ticket(category="emergency", content="燃气泄漏"), department=world.eng, actor=world.agent
    )
    told = set(
        Notification.objects.filter(ticket=ticket, template="dispatched_department").values_list(
            "staff__username", "channel"
        )
    )
    assert ("eng2", "sms") in told and ("engineer", "inapp") in told


def test_accepting_gives_the_work_to_whoever_accepts(world, make_ticket, eng2):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, assignee=eng2, actor=world.agent)
    ticket = accept_ticket(ticket, actor=world.engineer)
    assert ticket.assignee == world.engineer


def test_the_api_dispatches_to_an_assignee_and_lists_by_assignee(world, make_ticket, eng2):
    agent = ApiClient(world.agent)
    ticket = make_ticket()
    other = make_ticket()
    response = agent.post(f"/api/v1/tickets/{ticket.number}/dispatch", {"department": "eng", "assignee": "eng2"})
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == "eng2"
    agent.post(f"/api/v1/tickets/{other.number}/dispatch", {"department": "eng"})
    listed = agent.get("/api/v1/tickets", {"assignee": "eng2"}).json()
    assert [t["number"] for t in listed["items"]] == [ticket.number]
    assert listed["items"][0]["assignee"] == "eng2"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"department": "eng", "assignee": "nobody"}, "assignee"),
        ({"department": "eng", "assignee": "guard"}, "assignee"),
    ],
)
def test_the_api_refuses_a_bad_assignee_and_writes_nothing(world, make_ticket, body, field):
    ticket = make_ticket()
    response = ApiClient(world.agent).post(f"/api/v1/tickets/{ticket.number}/dispatch", body)
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert Ticket.objects.get(pk=ticket.pk).status == "new"


def test_my_tasks_lists_the_engineers_work_in_due_order(client, world, make_ticket, eng2):
    first = dispatch_ticket(make_ticket(content="水管漏水"), department=world.eng, assignee=eng2, actor=world.agent)
    urgent = dispatch_ticket(
        make_ticket(category="emergency", content="燃气泄漏"), department=world.eng, assignee=eng2, actor=world.agent
    )
    dispatch_ticket(make_ticket(content="别人的活"), department=world.eng, actor=world.agent)
    client.force_login(eng2)
    assert client.get(reverse("my-tickets")).url == reverse("my-tasks")
    page = client.get(reverse("my-tasks")).content.decode()
    assert page.index(urgent.number) < page.index(first.number)  # the emergency is due first
    assert "别人的活" not in page
    assert 'data-action="accept"' in page


def test_held_work_comes_after_work_that_is_overdue_and_is_not_due_today(client, world, make_ticket, eng2):
    """A held ticket's paused promise keeps its old due time; that time is moved on resumption
    and says nothing about urgency. Before, a ticket held since October led the list above work
    15 days late."""
    held = dispatch_ticket(make_ticket(content="等配件"), department=world.eng, assignee=eng2, actor=world.agent)
    start_ticket(accept_ticket(held, actor=eng2), actor=eng2)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        hold_ticket(held, reason="等配件到货", actor=eng2)
    with time_machine.travel(timezone.now() + timedelta(days=2)):  # after the held one's promises fell due
        late = dispatch_ticket(make_ticket(content="水管漏水"), department=world.eng, assignee=eng2, actor=world.agent)
    with time_machine.travel(timezone.now() + timedelta(days=5)):
        rows = list(my_tasks(eng2))
        assert [t.number for t in rows] == [late.number, held.number]
        assert rows[1].next_due is None and not rows[1].due_today
        client.force_login(eng2)
        page = client.get(reverse("my-tasks")).content.decode()
        assert page.index(late.number) < page.index(held.number)


def test_the_ticket_page_dispatches_to_an_engineer(client, world, make_ticket, eng2):
    ticket = make_ticket()
    client.force_login(world.agent)
    page = client.get(reverse("ticket-detail", args=[ticket.number])).content.decode()
    assert 'name="assignee"' in page and "工程部 · 李师傅" in page
    client.post(reverse("ticket-action", args=[ticket.number, "dispatch"]), {"department": "eng", "assignee": "eng2"})
    ticket.refresh_from_db()
    assert (ticket.department, ticket.assignee) == (world.eng, eng2)
    assert 'data-assignee="eng2"' in client.get(reverse("ticket-detail", args=[ticket.number])).content.decode()
