"""B3: the handling department's service plan; its time nodes are promises the watcher keeps."""

from datetime import timedelta

import pytest
from django.utils import translation

from core.errors import Conflict, Forbidden, InvalidInput
from deadlines.models import Deadline, DeadlineKind
from deadlines.watcher import check_deadlines
from tickets.actions import hold_ticket, resolve_ticket, resume_ticket
from tickets.models import EventKind, TicketEvent
from tickets.timeline import describe
from workorders.models import PlanNode, ServicePlan
from workorders.plans import complete_node, set_service_plan

from .conftest import NOW


def _plan(ticket, world, *nodes, **kw):
    return set_service_plan(
        ticket,
        goal=kw.pop("goal", "更换整段主管道"),
        steps=kw.pop("steps", ["关阀停水", "更换管道", "试压"]),
        responsible=kw.pop("responsible", world.engineer),
        nodes=list(nodes),
        actor=kw.pop("actor", world.engineer),
    )


def test_the_department_makes_a_plan_whose_nodes_are_promises(clock, world, in_progress):
    plan, created = _plan(
        in_progress, world, ("材料到场", NOW + timedelta(hours=4)), ("完成更换", NOW + timedelta(days=1))
    )
    assert created
    assert plan.goal == "更换整段主管道" and plan.steps == ["关阀停水", "更换管道", "试压"]
    nodes = list(plan.nodes.select_related("deadline"))
    assert [(n.seq, n.title) for n in nodes] == [(1, "材料到场"), (2, "完成更换")]
    rows = Deadline.objects.filter(ticket=in_progress, kind=DeadlineKind.NODE).order_by("seq")
    assert [(d.seq, d.due_at, d.allowed_minutes) for d in rows] == [
        (1, NOW + timedelta(hours=4), 240),
        (2, NOW + timedelta(days=1), 1440),
    ]
    assert rows[0].warn_at == NOW + timedelta(minutes=192)  # 80 % of the allowed time
    event = TicketEvent.objects.get(ticket=in_progress, kind=EventKind.PLAN_SET)
    with translation.override("zh-hans"):
        assert describe(event).startswith(
            "制定服务方案：更换整段主管道；负责人：王师傅；时间节点：材料到场 2026-11-23 13:00"
        )


def test_a_node_breach_is_warned_recorded_and_escalated_by_the_watcher(clock, world, in_progress):
    _plan(in_progress, world, ("材料到场", NOW + timedelta(hours=4)))
    clock.shift(timedelta(hours=3, minutes=30))
    assert check_deadlines().warnings >= 1
    assert TicketEvent.objects.filter(
        ticket=in_progress, kind=EventKind.DEADLINE_WARNING, data__deadline="node"
    ).exists()
    clock.shift(timedelta(hours=1))
    check_deadlines()
    node = Deadline.objects.get(ticket=in_progress, kind=DeadlineKind.NODE)
    assert node.breached_at == NOW + timedelta(hours=4, minutes=30)
    breach = TicketEvent.objects.get(ticket=in_progress, kind=EventKind.DEADLINE_BREACHED, data__deadline="node")
    with translation.override("zh-hans"):
        assert "计划节点" in describe(breach)
    assert check_deadlines().breaches == 0  # recorded once


def test_doing_a_node_meets_its_promise_and_says_whether_late(clock, world, in_progress):
    _plan(in_progress, world, ("材料到场", NOW + timedelta(hours=4)), ("完成更换", NOW + timedelta(hours=8)))
    clock.shift(timedelta(hours=2))
    complete_node(in_progress, 1, actor=world.engineer, note="材料已到")
    clock.shift(timedelta(hours=7))
    complete_node(in_progress, 2, actor=world.engineer)
    rows = Deadline.objects.filter(ticket=in_progress, kind=DeadlineKind.NODE).order_by("seq")
    assert [d.met_at for d in rows] == [NOW + timedelta(hours=2), NOW + timedelta(hours=9)]
    assert check_deadlines().breaches == 0  # met (late) before any pass: no breach recorded afterwards
    done = TicketEvent.objects.filter(ticket=in_progress, kind=EventKind.NODE_DONE).order_by("id")
    with translation.override("zh-hans"):
        assert [describe(e) for e in done] == [
            "时间节点完成：材料到场: 材料已到",
            "时间节点逾期完成：完成更换（应于 2026-11-23 17:00）",
        ]
    with pytest.raises(Conflict):
        complete_node(in_progress, 2, actor=world.engineer)


def test_a_revision_keeps_the_nodes_and_adds_new_ones(clock, world, in_progress):
    _plan(in_progress, world, ("材料到场", NOW + timedelta(hours=4)))
    plan, created = _plan(in_progress, world, ("试压验收", NOW + timedelta(hours=6)), goal="更换主管道并试压")
    assert not created and plan.goal == "更换主管道并试压"
    assert list(PlanNode.objects.filter(plan=plan).values_list("seq", "title")) == [(1, "材料到场"), (2, "试压验收")]


def test_hold_pauses_node_clocks_and_resolving_settles_the_rest(clock, world, in_progress):
    _plan(in_progress, world, ("材料到场", NOW + timedelta(hours=4)))
    hold_ticket(in_progress, reason="等材料", actor=world.engineer)
    clock.shift(timedelta(hours=10))
    check_deadlines()
    assert not Deadline.objects.filter(kind=DeadlineKind.NODE, breached_at__isnull=False).exists()
    resume_ticket(in_progress, actor=world.engineer)
    node = Deadline.objects.get(ticket=in_progress, kind=DeadlineKind.NODE)
    assert node.due_at == NOW + timedelta(hours=14)
    resolve_ticket(in_progress, result="已更换", actor=world.engineer)
    node.refresh_from_db()
    assert node.met_at == NOW + timedelta(hours=10)


def test_who_and_when_and_bad_input_write_nothing(clock, world, make_ticket, in_progress):
    due = NOW + timedelta(hours=4)
    with pytest.raises(Forbidden):
        _plan(in_progress, world, ("x", due), actor=world.guard)
    with pytest.raises(Forbidden):
        _plan(in_progress, world, ("x", due), actor=world.agent)  # customer service does not plan the work
    with pytest.raises(Conflict):
        _plan(make_ticket(), world, ("x", due), actor=world.manager)  # not dispatched
    for bad in (
        {"goal": "  "},
        {"responsible": world.guard},  # not of 工程部
        {"responsible": None},
        {"nodes": [("材料到场", NOW - timedelta(hours=1))]},
        {"nodes": [("", due)]},
        {"nodes": []},  # a new plan needs a node
        {"nodes": [("n", due)] * 21},
        {"steps": ["步"] * 21},
    ):
        nodes = bad.pop("nodes", [("材料到场", due)])
        with pytest.raises(InvalidInput):
            _plan(in_progress, world, *nodes, **bad)
    assert not ServicePlan.objects.exists()
    assert not Deadline.objects.filter(kind=DeadlineKind.NODE).exists()
    assert not TicketEvent.objects.filter(kind=EventKind.PLAN_SET).exists()
