"""The work-order forms of the ticket page (htmx): plan, node done, sub-order, acceptance."""

import pytest
from django.urls import reverse

from tickets.actions import resolve_ticket
from tickets.models import EventKind, Status, Ticket, TicketEvent
from workorders.models import Acceptance, PlanNode, ServicePlan, SubOrder
from workorders.suborders import split_ticket

from .conftest import work_through

HTMX = {"HTTP_HX_REQUEST": "true"}


def page(client, ticket):
    return client.get(reverse("ticket-detail", args=[ticket.number])).content.decode()


def test_the_department_sees_the_plan_form_the_desk_the_split_form(client, world, cleaning, in_progress):
    client.force_login(world.engineer)
    html = page(client, in_progress)
    assert "data-work-order-panel" in html and "data-plan-form" in html and "data-split-form" not in html
    client.force_login(world.agent)
    html = page(client, in_progress)
    assert "data-split-form" in html and "data-plan-form" not in html and "保洁绿化部" in html


def test_the_plan_form_saves_the_plan_and_its_nodes(clock, client, world, in_progress):
    client.force_login(world.engineer)
    response = client.post(
        reverse("ticket-plan", args=[in_progress.number]),
        {
            "goal": "更换整段主管道",
            "steps": "关阀停水\n更换管道\n\n试压",
            "responsible": "engineer",
            "node_title": ["材料到场", "", "完成更换"],
            "node_due": ["2026-11-23T13:00", "", "2026-11-24T09:00"],
        },
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-node="1"' in html and 'data-node="2"' in html and "服务方案已保存" in html
    plan = ServicePlan.objects.get(ticket=in_progress)
    assert plan.steps == ["关阀停水", "更换管道", "试压"]
    response = client.post(reverse("ticket-plan-node-done", args=[in_progress.number, 1]), {"note": "材料已到"}, **HTMX)
    assert response.status_code == 200
    assert PlanNode.objects.get(plan=plan, seq=1).done_by == world.engineer


@pytest.mark.parametrize(
    "data",
    [
        {"goal": "", "responsible": "engineer", "node_title": ["a"], "node_due": ["2026-11-23T13:00"]},
        {"goal": "g", "responsible": "guard", "node_title": ["a"], "node_due": ["2026-11-23T13:00"]},
        {"goal": "g", "responsible": "engineer", "node_title": ["a"], "node_due": ["明天"]},
        {"goal": "g", "responsible": "engineer", "node_title": ["a"], "node_due": [""]},
        {"goal": "g", "responsible": "engineer", "node_title": ["a"], "node_due": ["2026-11-22T13:00"]},
    ],
)
def test_a_bad_plan_form_is_a_400_in_chinese_that_writes_nothing(clock, client, world, in_progress, data):
    client.force_login(world.engineer)
    response = client.post(reverse("ticket-plan", args=[in_progress.number]), data, **HTMX)
    assert response.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.content.decode())
    assert not ServicePlan.objects.exists()


def test_the_split_form_dispatches_a_sub_order_and_both_pages_link(client, world, cleaning, in_progress):
    client.force_login(world.agent)
    response = client.post(
        reverse("ticket-suborder", args=[in_progress.number]),
        {"department": "clean", "content": "维修后清理楼道积水", "assignee": ""},
        **HTMX,
    )
    assert response.status_code == 200
    child = SubOrder.objects.get(parent=in_progress).child
    assert child.status == Status.DISPATCHED
    assert f'data-suborder="{child.number}"' in response.content.decode()
    assert reverse("ticket-detail", args=[in_progress.number]) in page(client, child)
    bad = client.post(
        reverse("ticket-suborder", args=[in_progress.number]), {"department": "x", "content": "y"}, **HTMX
    )
    assert bad.status_code == 400 and SubOrder.objects.count() == 1


def test_a_sub_orders_page_offers_no_split_and_names_its_parent(client, world, cleaning, in_progress):
    child = split_ticket(in_progress, department=cleaning, content="清理", actor=world.agent)
    client.force_login(world.agent)
    parent_page, child_page = page(client, in_progress), page(client, child)
    assert "data-split-form" in parent_page and f'data-suborder="{child.number}"' in parent_page
    # Open and the agent's to split, but a sub-order is not split again (B5).
    assert "data-split-form" not in child_page
    assert reverse("ticket-detail", args=[in_progress.number]) in child_page


def test_the_resolve_button_is_refused_while_a_sub_order_is_open(client, world, cleaning, in_progress):
    client.force_login(world.agent)
    client.post(reverse("ticket-suborder", args=[in_progress.number]), {"department": "clean", "content": "清理"})
    client.force_login(world.engineer)
    response = client.post(reverse("ticket-action", args=[in_progress.number, "resolve"]), {"result": "已更换"}, **HTMX)
    assert response.status_code == 409 and "子工单" in response.content.decode()
    assert Ticket.objects.get(pk=in_progress.pk).status == Status.IN_PROGRESS


def test_the_acceptance_form_records_and_a_refusal_sends_the_work_back(client, world, in_progress):
    resolve_ticket(in_progress, result="水管已更换", actor=world.engineer)
    client.force_login(world.agent)
    assert "data-acceptance-form" in page(client, in_progress)
    url = reverse("ticket-acceptance", args=[in_progress.number])
    bad = client.post(url, {"accepted": "no", "method": "phone", "reason": ""}, **HTMX)
    assert bad.status_code == 400 and not Acceptance.objects.exists()
    response = client.post(
        url, {"accepted": "no", "method": "phone", "reason": "仍在滴水", "confirmed_by": "王太太"}, **HTMX
    )
    assert response.status_code == 200 and "已退回处理部门" in response.content.decode()
    ticket = Ticket.objects.get(pk=in_progress.pk)
    assert ticket.status == Status.DISPATCHED
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.REOPENED, data__cause="acceptance_refused").exists()
    work_through(ticket, world.engineer)
    client.force_login(world.engineer)
    response = client.post(url, {"accepted": "yes", "method": "on_site"}, **HTMX)
    assert response.status_code == 200
    html = page(client, in_progress)
    assert 'data-accepted="no"' in html and 'data-accepted="yes"' in html and "data-acceptance-form" not in html


def test_a_reader_of_another_department_gets_no_forms(client, world, in_progress):
    client.force_login(world.qa)
    html = page(client, in_progress)
    assert "data-plan-form" not in html and "data-acceptance-form" not in html
    assert client.post(reverse("ticket-plan", args=[in_progress.number]), {"goal": "g"}).status_code == 403
    assert not ServicePlan.objects.exists()
