"""交接班 (H1): the open work listed by the system, acknowledged by the incoming person."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from kefu.apitest import ApiClient, error_of
from notifications.models import Notification
from registers.actions import EntryData, open_entry
from registers.models import Entry
from shifts import actions
from shifts.models import Handover, HandoverItem
from shifts.watch import check_handovers
from tickets.actions import accept_ticket, dispatch_ticket, hold_ticket
from tickets.models import TicketEvent
from tickets.timeline import describe

URL = "/api/v1/handovers"
TZ = timezone.get_fixed_timezone(8 * 60)
DAY = date(2026, 12, 3)


@pytest.fixture
def clock():
    with time_machine.travel(datetime.combine(DAY, time(19, 45), tzinfo=TZ), tick=False) as traveller:
        yield traveller


@pytest.fixture
def night_shift(world, templates):
    return actions.set_roster_day(actor=world.supervisor, staff=world.night, day=DAY, template=templates["night"])


def test_the_handover_lists_all_open_work_and_is_acknowledged(world, make_ticket, customer, clock, night_shift):
    # given: two open tickets of the agent, one closed-off storage entry, one open
    first = make_ticket(content="厨房水管漏水")
    second = make_ticket(category="consultation", content="物业费怎么交")
    entry = open_entry("storage", EntryData(customer=customer, description="纸箱"), actor=world.agent)
    # when
    response = ApiClient(world.agent).post(
        URL, {"to": "night", "note": "注意3号楼停水", "items": ["前台抽屉钥匙在柜子里"]}
    )
    # then
    assert response.status_code == 201, response.content
    handover = response.json()
    assert handover["from"] == "agent"
    assert handover["to"] == "night"
    assert handover["status"] == "pending"
    assert handover["warning"] is None
    kinds = [(i["kind"], i["ref"]) for i in handover["items"]]
    assert ("ticket", first.number) in kinds
    assert ("ticket", second.number) in kinds
    assert ("register", str(entry.pk)) in kinds
    assert ("promise", first.number) in kinds
    assert kinds[-1] == ("note", "")
    assert handover["items"][-1]["summary"] == "前台抽屉钥匙在柜子里"
    assert handover["ack_due_at"] == "2026-12-03T20:15:00+08:00"

    acknowledged = ApiClient(world.night).post(f"{URL}/{handover['id']}/acknowledge", {"note": "收到"})
    assert acknowledged.status_code == 200
    assert acknowledged.json()["status"] == "acknowledged"
    events = TicketEvent.objects.filter(kind="handed_over").order_by("ticket_id")
    assert [e.ticket_id for e in events] == [first.pk, second.pk]
    assert describe(events[0]) == "交接班：孙丽 移交给 郑夜班"
    assert Entry.objects.get().keeper == world.night


def test_a_held_tickets_paused_promises_are_not_handed_over_as_due(world, make_ticket, clock, night_shift):
    """The held ticket is handed over; its promises are not listed as due: their clocks stand still
    and their due times move when the ticket resumes (before, a ticket held for a week listed
    promises 'due' days ago)."""
    held = make_ticket(content="热水器点不着火")
    dispatch_ticket(held, department=world.eng, actor=world.agent)
    hold_ticket(accept_ticket(held, actor=world.engineer), reason="等厂家配件", actor=world.engineer)
    running = make_ticket(content="厨房水管漏水")
    clock.shift(timedelta(days=3))
    preview = [(i.kind, i.ref) for i in actions.open_work(world.agent, now=timezone.now())]
    response = ApiClient(world.agent).post(URL, {"to": "night"})
    assert response.status_code == 201, response.content
    written = [(i["kind"], i["ref"]) for i in response.json()["items"]]
    for items in (preview, written):
        assert ("ticket", held.number) in items and ("ticket", running.number) in items
        assert ("promise", running.number) in items
        assert ("promise", held.number) not in items


def test_bad_handovers_write_nothing(world, clock):
    client = ApiClient(world.agent)
    to_self = client.post(URL, {"to": "agent"})
    assert to_self.status_code == 400
    assert error_of(to_self)["code"] == "handover_to_self"
    world.agent2.is_active = False
    world.agent2.save()
    inactive = client.post(URL, {"to": "agent2"})
    assert inactive.status_code == 400
    assert error_of(inactive)["code"] == "inactive_staff"
    unknown = client.post(URL, {"to": "nobody"})
    assert unknown.status_code == 400
    garbage = client.post(URL, {"to": "night", "items": "not a list"})
    assert garbage.status_code == 400
    assert Handover.objects.count() == 0
    assert HandoverItem.objects.count() == 0


def test_only_the_incoming_person_acknowledges(world, make_ticket, clock):
    make_ticket()
    handover = ApiClient(world.agent).post(URL, {"to": "night"}).json()
    assert handover["warning"] == "郑夜班不在排班表的下一班。"
    other = ApiClient(world.agent2).post(f"{URL}/{handover['id']}/acknowledge", {})
    assert other.status_code == 404  # not theirs to see
    lead = ApiClient(world.supervisor).post(f"{URL}/{handover['id']}/acknowledge", {})
    assert lead.status_code == 403
    assert error_of(lead)["code"] == "not_yours"
    assert TicketEvent.objects.filter(kind="handed_over").count() == 0
    ok = ApiClient(world.night).post(f"{URL}/{handover['id']}/acknowledge", {})
    assert ok.status_code == 200
    again = ApiClient(world.night).post(f"{URL}/{handover['id']}/acknowledge", {})
    assert again.status_code == 409
    assert TicketEvent.objects.filter(kind="handed_over").count() == 1


def test_an_unacknowledged_handover_alerts_the_duty_supervisor_once(world, templates, clock, night_shift):
    actions.set_roster_day(actor=world.manager, staff=world.supervisor, day=DAY, template=templates["night"])
    handover = actions.open_handover(actor=world.agent, to=world.night)
    assert check_handovers(timezone.now()) == 0
    clock.move_to(handover.ack_due_at + timedelta(minutes=1))
    assert check_handovers(timezone.now()) == 1
    assert check_handovers(timezone.now()) == 0
    alerts = Notification.objects.filter(template="handover_late")
    assert [n.staff for n in alerts] == [world.supervisor]


def test_the_list_filters_and_searches(world, make_ticket, clock):
    ticket = make_ticket()
    ApiClient(world.agent).post(URL, {"to": "night"})
    ApiClient(world.agent2).post(URL, {"to": "night", "items": ["电梯异响"]})
    lead = ApiClient(world.supervisor)
    assert lead.get(URL, {"from": "agent"}).json()["count"] == 1
    assert lead.get(URL, {"to": "night", "status": "pending"}).json()["count"] == 2
    assert lead.get(URL, {"q": ticket.number}).json()["count"] == 1
    assert lead.get(URL, {"q": "电梯"}).json()["count"] == 1
    assert lead.get(URL, {"status": "lost"}).status_code == 400
    # a colleague sees only their own handovers
    assert ApiClient(world.agent2).get(URL).json()["count"] == 1
