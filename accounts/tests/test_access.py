"""Who may see and touch what, per role: the agent of 客服中心 who owns the request, the engineer
of 工程部 who does the work, the guard of 秩序维护部 and the agent's colleague who must be refused,
and the quality inspector and administrator who watch but never act."""

import pytest

from accounts.access import require_customer_access
from accounts.models import Role
from core.errors import Forbidden, InvalidInput, NotFound
from customers.actions import create_customer, reveal_customer_phones
from customers.models import Customer, PhoneReveal
from deadlines.models import Deadline
from tests.factories import StaffFactory
from tickets.access import get_ticket_for_staff, visible_tickets
from tickets.actions import (
    accept_ticket,
    answer_ticket,
    dispatch_ticket,
    reveal_ticket_phone,
    start_ticket,
    transfer_ticket,
)
from tickets.actions.work import resolve_ticket
from tickets.models import Category, EventKind, Status, Ticket, TicketEvent


@pytest.fixture
def at_engineering(world, make_ticket):
    """A repair recorded by the agent and dispatched to 工程部."""
    return dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)


def snapshot(ticket):
    return (
        Ticket.objects.filter(pk=ticket.pk).values().get(),
        TicketEvent.objects.filter(ticket=ticket).count(),
        list(Deadline.objects.filter(ticket=ticket).order_by("id").values()),
    )


def bring(ticket, world, status):
    if status in (Status.ACCEPTED, Status.IN_PROGRESS):
        ticket = accept_ticket(ticket, actor=world.engineer)
    if status == Status.IN_PROGRESS:
        ticket = start_ticket(ticket, actor=world.engineer)
    return ticket


DEPARTMENT_MOVES = [
    ("accept", Status.DISPATCHED, lambda t, who: accept_ticket(t, actor=who)),
    ("start", Status.ACCEPTED, lambda t, who: start_ticket(t, actor=who)),
    ("resolve", Status.IN_PROGRESS, lambda t, who: resolve_ticket(t, result="已修好", actor=who)),
]


@pytest.mark.parametrize(("move", "status", "make"), DEPARTMENT_MOVES, ids=[m[0] for m in DEPARTMENT_MOVES])
@pytest.mark.parametrize("outsider", ["guard", "agent", "supervisor"])
def test_it_refuses_department_work_from_outside_the_dispatched_department(
    move, status, make, outsider, world, at_engineering
):
    # given 工程部's ticket at the step where the department acts
    ticket = bring(at_engineering, world, status)
    before = snapshot(ticket)
    # when the guard of 秩序维护部, or customer service, tries to do 工程部's step
    with pytest.raises(Forbidden) as refused:
        make(ticket, getattr(world, outsider))
    # then it is a 403 and nothing changed
    assert (refused.value.status, refused.value.code) == (403, "forbidden")
    assert snapshot(ticket) == before


@pytest.mark.parametrize(("move", "status", "make"), DEPARTMENT_MOVES, ids=[m[0] for m in DEPARTMENT_MOVES])
@pytest.mark.parametrize("role", [Role.QA, Role.ADMIN])
def test_it_refuses_department_work_from_inspectors_and_admins_even_inside_the_department(
    move, status, make, role, world, at_engineering
):
    # given an inspector (or administrator) who belongs to 工程部
    watcher = StaffFactory(username=f"eng-{role}", role=role, department=world.eng)
    ticket = bring(at_engineering, world, status)
    before = snapshot(ticket)
    # when they try to do the work / then they are refused: they watch, they never act
    with pytest.raises(Forbidden):
        make(ticket, watcher)
    assert snapshot(ticket) == before


@pytest.mark.parametrize(("move", "status", "make"), DEPARTMENT_MOVES, ids=[m[0] for m in DEPARTMENT_MOVES])
def test_any_member_of_the_dispatched_department_may_do_its_step(move, status, make, world, at_engineering):
    colleague = StaffFactory(username="engineer2", name="李师傅", role=Role.FIELD, department=world.eng)
    ticket = bring(at_engineering, world, status)
    ticket = make(ticket, colleague)
    assert TicketEvent.objects.filter(ticket=ticket).last().actor == colleague


# ── answering a consultation (A6) ─────────────────────────────────────────────────────────────


def test_the_owner_answers_a_new_consultation(world, make_ticket):
    ticket = make_ticket(category=Category.CONSULTATION, content="物业费怎么交")
    ticket = answer_ticket(ticket, answer="可在物业前台或小程序缴纳", actor=world.agent)
    assert (ticket.status, ticket.answer) == (Status.RESOLVED, "可在物业前台或小程序缴纳")
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.ANSWERED)
    assert (event.actor, event.data["answer"], event.data["from_status"]) == (
        world.agent,
        "可在物业前台或小程序缴纳",
        "new",
    )


@pytest.mark.parametrize("who", ["agent2", "steward", "engineer", "qa", "admin"])
def test_it_refuses_an_answer_to_a_new_consultation_from_anyone_but_owner_or_lead(who, world, make_ticket):
    ticket = make_ticket(category=Category.CONSULTATION, content="物业费怎么交")
    before = snapshot(ticket)
    with pytest.raises(Forbidden):
        answer_ticket(ticket, answer="问前台", actor=getattr(world, who))
    assert snapshot(ticket) == before


@pytest.mark.parametrize("lead", ["supervisor", "manager"])
def test_a_lead_may_answer_someone_elses_consultation(lead, world, make_ticket):
    ticket = make_ticket(category=Category.CONSULTATION, content="物业费怎么交")
    ticket = answer_ticket(ticket, answer="按季度缴纳", actor=getattr(world, lead))
    assert ticket.status == Status.RESOLVED


# ── transfer of ownership (A5) ────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("who", ["agent", "supervisor", "manager"])
def test_the_owner_or_a_lead_may_transfer(who, world, at_engineering):
    ticket = transfer_ticket(at_engineering, owner=world.agent2, actor=getattr(world, who))
    assert Ticket.objects.get(pk=ticket.pk).owner == world.agent2


@pytest.mark.parametrize("who", ["agent2", "steward", "night", "engineer", "qa", "admin"])
def test_it_refuses_a_transfer_from_anyone_but_owner_or_lead(who, world, at_engineering):
    before = snapshot(at_engineering)
    with pytest.raises(Forbidden):
        transfer_ticket(at_engineering, owner=world.agent2, actor=getattr(world, who))
    assert snapshot(at_engineering) == before


@pytest.mark.parametrize("target", ["engineer", "guard", "qa", "admin"])
def test_it_refuses_a_transfer_to_someone_outside_customer_service(target, world, at_engineering):
    before = snapshot(at_engineering)
    with pytest.raises(InvalidInput) as refused:
        transfer_ticket(at_engineering, owner=getattr(world, target), actor=world.supervisor)
    assert (refused.value.status, list(refused.value.fields)) == (400, ["owner"])
    assert snapshot(at_engineering) == before


def test_it_refuses_a_transfer_to_a_deactivated_colleague(world, at_engineering):
    world.agent2.is_active = False
    world.agent2.save(update_fields=["is_active"])
    with pytest.raises(InvalidInput):
        transfer_ticket(at_engineering, owner=world.agent2, actor=world.agent)
    assert Ticket.objects.get(pk=at_engineering.pk).owner == world.agent


# ── seeing tickets ────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def three_tickets(world, make_ticket):
    """One at 工程部, one at 秩序维护部, one not yet dispatched."""
    return {
        "eng": dispatch_ticket(make_ticket(content="厨房水管漏水"), department=world.eng, actor=world.agent),
        "security": dispatch_ticket(make_ticket(content="楼道有陌生人"), department=world.security, actor=world.agent),
        "new": make_ticket(content="门禁卡坏了"),
    }


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("engineer", {"eng"}),
        ("guard", {"security"}),
        ("agent", {"eng", "security", "new"}),
        ("night", {"eng", "security", "new"}),
        ("manager", {"eng", "security", "new"}),
        ("qa", {"eng", "security", "new"}),
        ("admin", {"eng", "security", "new"}),
    ],
)
def test_field_staff_see_only_their_departments_tickets(who, sees, world, three_tickets):
    visible = set(visible_tickets(getattr(world, who)).values_list("pk", flat=True))
    assert visible == {three_tickets[key].pk for key in sees}


def test_field_staff_without_a_department_see_nothing(world, three_tickets):
    drifter = StaffFactory(username="drifter", role=Role.FIELD, department=None)
    assert list(visible_tickets(drifter)) == []


def test_a_deactivated_account_sees_nothing(world, three_tickets):
    world.agent.is_active = False
    world.agent.save(update_fields=["is_active"])
    assert list(visible_tickets(world.agent)) == []


def test_a_redispatched_ticket_leaves_the_previous_departments_view(world, three_tickets):
    dispatch_ticket(three_tickets["eng"], department=world.security, actor=world.agent)
    assert not visible_tickets(world.engineer).filter(pk=three_tickets["eng"].pk).exists()
    assert visible_tickets(world.guard).filter(pk=three_tickets["eng"].pk).exists()


def test_get_ticket_for_staff_returns_a_visible_ticket(world, three_tickets):
    number = three_tickets["eng"].number
    assert get_ticket_for_staff(world.engineer, number).pk == three_tickets["eng"].pk
    assert get_ticket_for_staff(world.engineer, number, for_update=True).pk == three_tickets["eng"].pk


def test_another_departments_ticket_looks_exactly_like_an_unknown_number(world, three_tickets):
    # when the engineer asks for 秩序维护部's ticket, and for a number that does not exist
    with pytest.raises(NotFound) as hidden:
        get_ticket_for_staff(world.engineer, three_tickets["security"].number)
    with pytest.raises(NotFound) as unknown:
        get_ticket_for_staff(world.engineer, "GD20991231-9999")
    # then both are the same 404: numbers of other departments cannot be probed
    assert (hidden.value.status, hidden.value.code) == (unknown.value.status, unknown.value.code) == (404, "not_found")


# ── intake ────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("who", ["engineer", "guard", "qa", "admin"])
def test_only_customer_service_records_requests(who, world, make_ticket):
    with pytest.raises(Forbidden):
        make_ticket(actor=getattr(world, who))
    assert not Ticket.objects.exists()
    assert not TicketEvent.objects.exists()


@pytest.mark.parametrize("who", ["manager", "supervisor", "steward", "agent", "night"])
def test_every_customer_service_role_records_requests(who, world, make_ticket):
    ticket = make_ticket(actor=getattr(world, who))
    assert ticket.owner == getattr(world, who)


# ── the customer archive and phone numbers (F3) ───────────────────────────────────────────────


@pytest.mark.parametrize("who", ["engineer", "guard"])
def test_field_staff_are_refused_the_customer_archive(who, world, customer):
    field = getattr(world, who)
    with pytest.raises(Forbidden):
        require_customer_access(field)
    with pytest.raises(Forbidden):
        create_customer(actor=field, name="李秀英", phones=["13900139000"])
    with pytest.raises(Forbidden):
        reveal_customer_phones(customer, actor=field)
    assert list(Customer.objects.all()) == [customer]
    assert not PhoneReveal.objects.exists()


@pytest.mark.parametrize("who", ["agent", "engineer"])
def test_revealing_a_tickets_phone_is_on_its_timeline_with_the_viewer(who, world, at_engineering):
    # when the agent (to call back) or the engineer (to arrange the visit) reveals the number
    number = reveal_ticket_phone(at_engineering, actor=getattr(world, who))
    # then they get the full number and the timeline says who looked
    assert number == "13800138000"
    event = TicketEvent.objects.get(ticket=at_engineering, kind=EventKind.PHONE_REVEALED)
    assert (event.actor, event.data) == (getattr(world, who), {"phone_of": "contact"})


@pytest.mark.parametrize("who", ["qa", "admin"])
def test_inspectors_and_admins_cannot_reveal_phone_numbers(who, world, at_engineering, customer):
    with pytest.raises(Forbidden):
        reveal_ticket_phone(at_engineering, actor=getattr(world, who))
    with pytest.raises(Forbidden):
        reveal_customer_phones(customer, actor=getattr(world, who))
    assert not TicketEvent.objects.filter(kind=EventKind.PHONE_REVEALED).exists()
    assert not PhoneReveal.objects.exists()
