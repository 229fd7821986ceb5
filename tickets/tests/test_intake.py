"""Recording a request (受理, A1-A3): what is kept, what is filled from the archive, what is refused."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.errors import InvalidInput
from deadlines.models import Deadline
from tests.factories import CustomerFactory
from tickets.actions import Contact, create_ticket
from tickets.models import EventKind, Priority, Status, Ticket, TicketEvent, TicketSequence

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def nothing_written():
    return not (
        Ticket.objects.exists()
        or TicketEvent.objects.exists()
        or Deadline.objects.exists()
        or TicketSequence.objects.exists()
    )


def test_a_phone_request_from_an_archived_customer(world, customer):
    # when the agent records 王建国's call
    ticket = create_ticket(
        actor=world.agent, category="repair", channel="phone", content="厨房水管漏水", customer=customer
    )
    # then the request is new, owned and recorded by the agent, at this moment
    assert (ticket.status, ticket.priority, ticket.category, ticket.channel) == ("new", "normal", "repair", "phone")
    assert (ticket.owner, ticket.created_by) == (world.agent, world.agent)
    assert ticket.received_at == ticket.created_at == NOW
    # and the contact is filled from the archive
    premises = customer.premises.get()
    assert ticket.premises == premises
    assert (ticket.contact_name, ticket.contact_phone) == ("王建国", "13800138000")
    assert ticket.contact_address == premises.address
    assert ticket.contact_address.startswith("翠湖苑3号楼2单元")
    # and the timeline starts with one typed line, no prose
    event = TicketEvent.objects.get(ticket=ticket)
    assert (event.kind, event.actor, event.at) == (EventKind.CREATED, world.agent, NOW)
    assert event.data == {"channel": "phone", "category": "repair", "priority": "normal"}


def test_what_the_caller_said_wins_over_the_archive(world, customer):
    # given the customer's son calls from his own phone
    contact = Contact(name="王小明", phone="139 0013 9000")
    # when the agent records it against 王建国's archive
    ticket = create_ticket(
        actor=world.agent,
        category="repair",
        channel="phone",
        content="卫生间下水堵塞",
        customer=customer,
        contact=contact,
    )
    # then the ticket keeps the son's name and number; only the missing address comes from the archive
    assert (ticket.contact_name, ticket.contact_phone) == ("王小明", "13900139000")
    assert ticket.contact_address.startswith("翠湖苑3号楼2单元")


def test_the_primary_phone_is_the_one_copied_from_the_archive(world):
    customer = CustomerFactory(name="李秀英", gender="female", phone="13700137000")
    customer.phones.create(number="02988886666", is_primary=False)
    ticket = create_ticket(actor=world.agent, category="help", channel="walk_in", content="借用梯子", customer=customer)
    assert ticket.contact_phone == "13700137000"


def test_a_caller_not_in_the_archive_is_recorded_as_a_contact(world):
    contact = Contact(name="张先生", phone="+86 138-0013-8001", address="翠湖苑5号楼1单元101室")
    ticket = create_ticket(
        actor=world.agent, category="consultation", channel="phone", content="物业费标准", contact=contact
    )
    assert ticket.customer is None
    assert (ticket.contact_name, ticket.contact_phone, ticket.contact_address) == (
        "张先生",
        "13800138001",
        "翠湖苑5号楼1单元101室",
    )


def test_an_emergency_is_urgent_unless_told_otherwise(world, customer):
    alarm = create_ticket(
        actor=world.agent, category="emergency", channel="phone", content="燃气泄漏", customer=customer
    )
    assert alarm.priority == Priority.URGENT
    assert alarm.is_emergency


def test_an_explicit_priority_is_kept(world, customer):
    ticket = create_ticket(
        actor=world.agent, category="repair", channel="phone", content="电梯异响", customer=customer, priority="high"
    )
    assert ticket.priority == Priority.HIGH


def test_a_letter_received_yesterday_is_due_from_the_day_it_arrived(world, customer):
    # given a letter that arrived yesterday at 16:00 and is entered today at 10:00
    received = NOW - timedelta(hours=18)
    # when the agent enters it with its own date
    ticket = create_ticket(
        actor=world.agent,
        category="repair",
        channel="letter",
        content="阳台渗水",
        customer=customer,
        received_at=received,
    )
    # then the promises run from its arrival, while the entry itself is dated now
    assert (ticket.received_at, ticket.created_at) == (received, NOW)
    due = dict(Deadline.objects.filter(ticket=ticket).values_list("kind", "due_at"))
    assert due == {
        "dispatch": received + timedelta(minutes=15),
        "handle": received + timedelta(hours=6),
        "resolve": received + timedelta(hours=24),
    }
    assert set(Deadline.objects.filter(ticket=ticket).values_list("started_at", flat=True)) == {received}
    assert TicketEvent.objects.get(ticket=ticket).at == NOW


def test_an_appointment_is_kept(world, customer):
    appointment = NOW + timedelta(days=1, hours=4)
    ticket = create_ticket(
        actor=world.agent,
        category="service_request",
        channel="phone",
        content="预约上门疏通",
        customer=customer,
        appointment_at=appointment,
    )
    assert Ticket.objects.get(pk=ticket.pk).appointment_at == appointment


def test_content_is_trimmed(world, customer):
    ticket = create_ticket(
        actor=world.agent, category="repair", channel="phone", content="  厨房水管漏水 \n", customer=customer
    )
    assert ticket.content == "厨房水管漏水"


# field → what the agent sent (None: the value of a valid request)
INVALID = {
    "unknown category": ("category", {"category": "plumbing"}),
    "unknown channel": ("channel", {"channel": "fax"}),
    "unknown priority": ("priority", {"priority": "asap"}),
    "empty content": ("content", {"content": ""}),
    "blank content": ("content", {"content": " \n\t "}),
    "content too long": ("content", {"content": "漏" * 2001}),
    "no customer and no contact": ("customer", {"customer": None}),
    "a contact without phone": ("customer", {"customer": None, "contact": Contact(name="张先生")}),
    "a contact without name": ("customer", {"customer": None, "contact": Contact(phone="13800138001")}),
    "a bad phone": ("contact.phone", {"contact": Contact(name="张先生", phone="1234")}),
    "a contact name too long": ("contact.name", {"contact": Contact(name="张" * 51, phone="13800138001")}),
    "an address too long": (
        "contact.address",
        {"contact": Contact(name="张先生", phone="13800138001", address="楼" * 201)},
    ),
    "received tomorrow": ("received_at", {"received_at": NOW + timedelta(days=1)}),
    "appointment before the request": ("appointment_at", {"appointment_at": NOW - timedelta(hours=2)}),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_it_refuses_invalid_input_and_writes_nothing(case, world, customer):
    field, changes = INVALID[case]
    request = {
        "actor": world.agent,
        "category": "repair",
        "channel": "phone",
        "content": "厨房水管漏水",
        "customer": customer,
    }
    request.update(changes)
    with pytest.raises(InvalidInput) as refused:
        create_ticket(**request)
    assert (refused.value.status, refused.value.code) == (400, "invalid")
    assert field in refused.value.fields
    assert nothing_written()


def test_it_refuses_premises_of_another_customer(world, customer):
    neighbour = CustomerFactory(name="李秀英", gender="female", phone="13700137000")
    with pytest.raises(InvalidInput) as refused:
        create_ticket(
            actor=world.agent,
            category="repair",
            channel="phone",
            content="厨房水管漏水",
            customer=customer,
            premises=neighbour.premises.get(),
        )
    assert list(refused.value.fields) == ["premises"]
    assert nothing_written()


def test_a_few_minutes_of_clock_skew_are_tolerated(world, customer):
    # the agent's PC clock runs two minutes ahead of the server's
    ticket = create_ticket(
        actor=world.agent,
        category="repair",
        channel="walk_in",
        content="门禁坏了",
        customer=customer,
        received_at=NOW + timedelta(minutes=2),
    )
    assert ticket.status == Status.NEW


def test_a_request_whose_event_cannot_be_written_leaves_nothing_behind(world, customer, monkeypatch):
    class TimelineDown(Exception):
        pass

    def broken_record_event(*args, **kwargs):
        raise TimelineDown

    monkeypatch.setattr("tickets.actions.intake.record_event", broken_record_event)
    with pytest.raises(TimelineDown):
        create_ticket(actor=world.agent, category="repair", channel="phone", content="厨房水管漏水", customer=customer)
    # no ticket, no deadlines, and no ticket number used up
    assert nothing_written()
