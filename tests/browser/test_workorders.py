"""Service plan, sub-order and acceptance in a real browser (B3-B5): the htmx forms of the ticket
page's panel, the parent refused while its sub-order is open, and the customer's acceptance."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_layouts import _fits
from tests.browser.test_repair_flow import log_in, log_out
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_sub_order_refused_resolution_and_acceptance(page: Page, shot):
    from accounts.models import Role
    from tests.factories import CustomerFactory, DepartmentFactory, StaffFactory
    from tickets.actions import accept_ticket, create_ticket, dispatch_ticket, start_ticket
    from tickets.models import Status, Ticket

    world = build_world()
    cleaning = DepartmentFactory(code="clean", name="保洁绿化部")
    cleaner = StaffFactory(username="cleaner", name="何阿姨", work_number="BJ101", role=Role.FIELD, department=cleaning)
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    ticket = create_ticket(
        actor=world.agent, category="repair", channel="phone", content="楼道主水管爆裂", customer=customer
    )
    ticket = dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    start_ticket(accept_ticket(ticket, actor=world.engineer), actor=world.engineer)
    url = f"/tickets/{ticket.number}/"

    # the engineer makes the plan with one time node
    log_in(page, "engineer")
    page.goto(url)
    plan = page.locator("[data-plan-form]")
    plan.locator("summary").click()
    plan.locator('textarea[name="goal"]').fill("更换破损主管段")
    plan.locator('textarea[name="steps"]').fill("关阀停水\n更换管段")
    plan.locator('input[name="node_title"]').first.fill("材料到场")
    tomorrow = timezone.localtime() + timedelta(days=1)
    plan.locator('input[name="node_due"]').first.fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    plan.locator('button[type="submit"]').click()
    expect(page.locator('[data-node="1"]')).to_be_visible()
    log_out(page)

    # the agent splits off the clean-up for 保洁绿化部
    log_in(page, "agent")
    page.goto(url)
    split = page.locator("[data-split-form]")
    split.locator("summary").click()
    split.locator('select[name="department"]').select_option("clean")
    split.locator('textarea[name="content"]').fill("维修后清理楼道积水")
    split.locator('button[type="submit"]').click()
    expect(page.locator("[data-suborders] li")).to_have_count(1)
    shot(page, "workorders-panel")
    log_out(page)

    # the engineer cannot resolve the parent while the sub-order is open: told why, in Chinese
    log_in(page, "engineer")
    page.goto(url)
    resolve = page.locator('[data-action="resolve"]')
    resolve.locator("summary").click()
    resolve.locator('textarea[name="result"]').fill("管段已更换")
    resolve.locator('button[type="submit"]').click()
    expect(resolve.locator(".form-error")).to_contain_text("尚未办结")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.IN_PROGRESS
    log_out(page)

    # the sub-order is done, the parent resolved; the agent records the customer's refusal by phone
    from tickets.actions import resolve_ticket
    from workorders.models import SubOrder
    from workorders.tests.conftest import work_through

    work_through(SubOrder.objects.get(parent=ticket).child, cleaner)
    resolve_ticket(Ticket.objects.get(pk=ticket.pk), result="管段已更换", actor=world.engineer)
    log_in(page, "agent")
    page.goto(url)
    form = page.locator("[data-acceptance-form]")
    form.locator('input[name="accepted"][value="no"]').check()
    form.locator('input[name="reason"]').fill("接口处仍在渗水")
    form.locator('select[name="method"]').select_option("phone")
    form.locator('button[type="submit"]').click()
    expect(page.locator('[data-acceptances] [data-accepted="no"]')).to_be_visible()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.DISPATCHED  # back to 工程部
    # the panel fits a phone's width like the rest of the page
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(url)
    _fits(page)
