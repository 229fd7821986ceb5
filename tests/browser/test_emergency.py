"""A gas-leak activation in the browser (A7, L1): the agent starts the suggested plan from the
emergency ticket in one click, the engineer follows the live page and checks off 工程部's step,
the agent's page updates by itself, the manager closes it with the after-action report, and the
ticket's timeline shows it all. Assertions are on data-* values, not on translated labels."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_repair_flow import log_in, log_out
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_gas_leak_is_handled_step_by_step_through_the_plan(page: Page, shot, live_server):
    from emergency.library import load_library
    from emergency.models import Activation
    from tests.factories import CustomerFactory
    from tickets.actions import create_ticket

    world = build_world()
    load_library()
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    ticket = create_ticket(
        actor=world.agent,
        category="emergency",
        channel="phone",
        content="5号楼2单元楼道有很浓的燃气味，怀疑漏气",
        customer=customer,
    )

    # the agent: one click on the ticket starts the plan the ticket suggests
    log_in(page, "agent")
    page.goto(f"/tickets/{ticket.number}/")
    box = page.locator("[data-emergency-box]")
    expect(box.locator("select[data-plan-choice]")).to_have_value("gas_leak")
    box.locator("[data-activate-suggested]").click()
    live = page.locator("#live")
    expect(live).to_have_attribute("data-status", "active")
    activation = Activation.objects.get()
    expect(live.locator('[data-alerted="engineer"]')).to_be_visible()
    step1 = live.locator('tr[data-step="1"]')
    step1.locator('input[name="note"]').fill("已指导业户关阀开窗，人员撤到室外")
    step1.locator('button[type="submit"]').click()
    expect(live.locator('tr[data-step="1"]')).to_have_attribute("data-state", "done")
    expect(live.locator("[data-open-steps]")).to_have_text("7")
    shot(page, "emergency-live-agent")
    agent_page = page

    # the engineer, alerted, opens the live page and checks off 工程部's step on a phone screen
    engineer = page.context.browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 375, "height": 800}
    )
    eng_page = engineer.new_page()
    log_in(eng_page, "engineer")
    eng_page.goto(f"/emergency/activations/{activation.pk}/")
    eng_live = eng_page.locator("#live")
    expect(eng_live.locator('tr[data-step="3"] form')).to_have_count(0)  # the manager's step, not his
    eng_live.locator('tr[data-step="2"] input[name="note"]').fill("已出发，预计8分钟到")
    eng_live.locator('tr[data-step="2"] button[type="submit"]').click()
    expect(eng_live.locator('tr[data-step="2"]')).to_have_attribute("data-state", "done")
    shot(eng_page, "emergency-live-engineer-375")
    engineer.close()

    # the agent's page shows it without a reload (htmx polling)
    expect(agent_page.locator('#live tr[data-step="2"]')).to_have_attribute("data-state", "done", timeout=15_000)
    log_out(agent_page)

    # the manager checks off the rest and closes with the after-action report
    log_in(page, "manager")
    page.goto(f"/emergency/activations/{activation.pk}/")
    for n in range(3, 9):
        row = page.locator(f'#live tr[data-step="{n}"]')
        row.locator('button[type="submit"]').click()
        expect(page.locator(f'#live tr[data-step="{n}"]')).to_have_attribute("data-state", "done")
    form = page.locator("[data-close-form]")
    form.locator('button[type="submit"]').click()  # without the report: refused, nothing closed
    expect(page.locator("#live")).to_have_attribute("data-status", "active")
    form.locator('textarea[name="cause"]').fill("灶具软管老化漏气")
    form.locator('textarea[name="went_well"]').fill("工程部8分钟到场，业户及时撤离")
    form.locator('input[name="action_1_text"]').fill("检测仪每周充电检查")
    form.locator('select[name="action_1_owner"]').select_option("engineer")
    form.locator('input[name="action_1_due_on"]').fill((timezone.localdate() + timedelta(days=7)).isoformat())
    form.locator('button[type="submit"]').click()
    expect(page.locator("[data-report]")).to_be_visible()
    expect(page.locator("#live")).to_have_attribute("data-status", "closed")
    shot(page, "emergency-closed")

    # the ticket's timeline shows the activation, each step and the closing
    page.goto(f"/tickets/{ticket.number}/")
    events = page.locator('#timeline li[data-kind="emergency"]')
    expect(events).to_have_count(10)  # activated, 8 steps, closed
    activation.refresh_from_db()
    assert activation.status == "closed"
    assert activation.actions.get().owner.username == "engineer"
