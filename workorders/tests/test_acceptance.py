"""B4: the customer's acceptance (验收) of the finished work; not accepted sends the work back."""

import pytest
from django.utils import translation

from core.errors import Conflict, Forbidden, InvalidInput
from deadlines.models import Deadline
from tickets.actions import close_ticket, resolve_ticket
from tickets.models import EventKind, Status, Ticket, TicketEvent
from tickets.timeline import describe
from workorders.acceptance import record_acceptance
from workorders.models import Acceptance


@pytest.fixture
def resolved(world, in_progress):
    return resolve_ticket(in_progress, result="水管已更换", actor=world.engineer)


def test_accepted_on_site_is_recorded_with_who_and_how(clock, world, resolved):
    acceptance = record_acceptance(resolved, accepted=True, method="on_site", actor=world.engineer)
    assert (acceptance.accepted, acceptance.confirmed_by, acceptance.method, acceptance.recorded_by) == (
        True,
        "王建国",
        "on_site",
        world.engineer,
    )
    assert Ticket.objects.get(pk=resolved.pk).status == Status.RESOLVED
    with translation.override("zh-hans"):
        assert describe(resolved.events.get(kind=EventKind.ACCEPTANCE)) == "客户验收通过（王建国，现场确认）"
    with pytest.raises(Conflict):  # once per round
        record_acceptance(resolved, accepted=False, reason="又漏了", method="phone", actor=world.agent)


def test_not_accepted_sends_the_work_back_to_the_department(clock, world, resolved):
    record_acceptance(
        resolved, accepted=False, reason="接口仍在滴水", confirmed_by="王太太", method="phone", actor=world.agent
    )
    ticket = Ticket.objects.get(pk=resolved.pk)
    assert (ticket.status, ticket.department, ticket.reopen_count) == (Status.DISPATCHED, world.eng, 1)
    assert Deadline.objects.filter(ticket=ticket, round=1).exists()  # a fresh round of promises
    events = list(ticket.events.order_by("id").values_list("kind", flat=True))
    assert events[-2:] == [EventKind.ACCEPTANCE, EventKind.REOPENED]
    with translation.override("zh-hans"):
        assert (
            describe(ticket.events.get(kind=EventKind.ACCEPTANCE)) == "客户验收不通过（王太太，电话确认）：接口仍在滴水"
        )
        assert describe(ticket.events.get(kind=EventKind.REOPENED)) == "重新打开：接口仍在滴水"
    assert ticket.events.get(kind=EventKind.REOPENED).data["cause"] == "acceptance_refused"


def test_the_engineer_s_refusal_on_site_is_sent_back_on_the_owner_s_behalf(clock, world, resolved):
    record_acceptance(resolved, accepted=False, reason="墙面未修补", method="on_site", actor=world.engineer)
    reopened = TicketEvent.objects.get(ticket=resolved, kind=EventKind.REOPENED)
    assert reopened.actor == world.agent  # 首问负责人
    assert TicketEvent.objects.get(ticket=resolved, kind=EventKind.ACCEPTANCE).actor == world.engineer


def test_the_customer_on_the_portal(clock, world, resolved):
    acceptance = record_acceptance(resolved, accepted=True, method="portal", actor=None)
    assert acceptance.recorded_by is None and acceptance.method == "portal"


def test_refusals_write_nothing(clock, world, in_progress, resolved):
    for kwargs, error in (
        ({"accepted": False, "reason": " ", "method": "phone", "actor": world.agent}, InvalidInput),
        ({"accepted": True, "method": "fax", "actor": world.agent}, InvalidInput),
        ({"accepted": True, "method": "portal", "actor": world.agent}, InvalidInput),
        ({"accepted": True, "method": "phone", "actor": None}, InvalidInput),
        ({"accepted": "yes", "method": "phone", "actor": world.agent}, InvalidInput),
        ({"accepted": True, "method": "on_site", "actor": world.guard}, Forbidden),
        ({"accepted": True, "method": "on_site", "actor": world.qa}, Forbidden),
    ):
        with pytest.raises(error):
            record_acceptance(resolved, **kwargs)
    closed = close_ticket(resolved, actor=world.agent)
    with pytest.raises(Conflict):
        record_acceptance(closed, accepted=True, method="phone", actor=world.agent)
    assert not Acceptance.objects.exists()
    assert not TicketEvent.objects.filter(kind=EventKind.ACCEPTANCE).exists()
