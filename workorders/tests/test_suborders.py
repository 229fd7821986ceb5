"""B5: one request split into sub-orders for several departments; the parent is resolved only when
every sub-order is, and the timelines name each other."""

import pytest
from django.utils import translation

from core.errors import Conflict, Forbidden, InvalidInput
from tickets.actions import accept_ticket, resolve_ticket, start_ticket
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import describe
from workorders.models import SubOrder
from workorders.suborders import split_ticket

from .conftest import work_through


def test_a_sub_order_is_a_dispatched_ticket_of_its_own_linked_both_ways(clock, world, cleaning, in_progress):
    child = split_ticket(in_progress, department=cleaning, content="维修后清理楼道积水", actor=world.agent)
    assert child.status == Status.DISPATCHED and child.department == cleaning
    assert (child.category, child.customer_id, child.contact_phone, child.owner) == (
        in_progress.category,
        in_progress.customer_id,
        in_progress.contact_phone,
        world.agent,
    )
    assert child.deadlines.exists()  # its own promises, from the intake action
    assert SubOrder.objects.get(child=child).parent == in_progress
    kinds = list(child.events.values_list("kind", flat=True))
    assert kinds == [EventKind.CREATED, EventKind.SUBORDER_OF, EventKind.DISPATCHED]
    with translation.override("zh-hans"):
        assert describe(child.events.get(kind=EventKind.SUBORDER_OF)) == f"主工单 {in_progress.number} 的子工单"
        parent_line = describe(in_progress.events.get(kind=EventKind.SUBORDER))
    assert parent_line == f"拆分子工单 {child.number}，派给保洁绿化部"


def test_the_parent_cannot_be_resolved_while_a_sub_order_is_open(clock, world, cleaning, in_progress):
    child = split_ticket(in_progress, department=cleaning, content="清理积水", actor=world.agent)
    with pytest.raises(Conflict) as refused:
        resolve_ticket(in_progress, result="管道已更换", actor=world.engineer)
    assert refused.value.code == "suborders_open" and child.number in str(refused.value.message)
    assert Ticket.objects.get(pk=in_progress.pk).status == Status.IN_PROGRESS
    assert not in_progress.events.filter(kind=EventKind.RESOLVED).exists()

    work_through(child, world.cleaner, result="积水已清理")
    done = in_progress.events.get(kind=EventKind.SUBORDER_DONE)
    assert done.data["child"] == child.number and done.data["remaining"] == 0
    resolved = resolve_ticket(in_progress, result="管道已更换", actor=world.engineer)
    assert resolved.status == Status.RESOLVED


def test_who_may_split_and_bad_input_writes_nothing(clock, world, cleaning, in_progress, make_ticket):
    before = Ticket.objects.count()
    with pytest.raises(Forbidden):
        split_ticket(in_progress, department=cleaning, content="清理", actor=world.engineer)
    with pytest.raises(InvalidInput):
        split_ticket(in_progress, department=cleaning, content="   ", actor=world.agent)
    with pytest.raises(InvalidInput):  # an assignee of another department
        split_ticket(in_progress, department=cleaning, content="清理", assignee=world.engineer, actor=world.agent)
    cleaning.is_active = False
    cleaning.save()
    with pytest.raises(InvalidInput):
        split_ticket(in_progress, department=cleaning, content="清理", actor=world.agent)
    assert Ticket.objects.count() == before and not SubOrder.objects.exists()
    resolved = resolve_ticket(in_progress, result="好了", actor=world.engineer)
    with pytest.raises(Conflict):
        split_ticket(resolved, department=world.security, content="巡查", actor=world.agent)


def test_a_sub_order_is_not_split_again(clock, world, cleaning, in_progress):
    child = split_ticket(in_progress, department=cleaning, content="清理", actor=world.agent)
    with pytest.raises(Conflict):
        split_ticket(child, department=world.security, content="巡查", actor=world.agent)


def test_an_assigned_sub_order_goes_to_that_engineer(clock, world, cleaning, in_progress):
    child = split_ticket(in_progress, department=cleaning, content="清理", assignee=world.cleaner, actor=world.agent)
    assert child.assignee == world.cleaner
    child = start_ticket(accept_ticket(child, actor=world.cleaner), actor=world.cleaner)
    assert child.status == Status.IN_PROGRESS


def test_a_sub_order_keeps_the_request_s_sub_type(clock, world, cleaning, make_ticket):
    parent = make_ticket(subtype="elevator", content="电梯困人，轿厢内有积水")
    child = split_ticket(parent, department=cleaning, content="清理轿厢积水", actor=world.agent)
    assert child.subtype.code == "elevator"
