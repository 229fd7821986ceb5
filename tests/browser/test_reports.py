"""The manager's dashboard in a real browser: ECharts (vendored) draws every chart in Chinese
with a save-as-image button, the table under each chart holds the numbers, and a figure of the
KPI report opens the tickets behind it. No inline script: the page works under a strict CSP."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_repair_flow import log_in
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_reads_the_dashboard_and_drills_into_a_figure(page: Page, shot):
    from tests.factories import CustomerFactory
    from tickets.actions import create_ticket, dispatch_ticket

    world = build_world()
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    for n in range(3):
        ticket = create_ticket(
            actor=world.agent, category="repair", channel="phone", content=f"漏水{n}", customer=customer
        )
        dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    create_ticket(actor=world.agent, category="complaint", channel="phone", content="噪音", customer=customer)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "manager")
    page.goto("/reports/")
    expect(page.get_by_role("heading", name="经理看板")).to_be_visible()
    charts = page.locator(".chart[data-chart]")
    expect(charts).to_have_count(4)  # volume, rates, paid services (charges), the breakdown
    expect(charts.first.locator("canvas").first).to_be_visible()
    # The toolbox's save-as-image button is drawn in the canvas: ECharts keeps it in its option.
    saves = page.evaluate(
        "Array.from(document.querySelectorAll('.chart')).map(el => "
        "!!echarts.getInstanceByDom(el).getOption().toolbox[0].feature.saveAsImage)"
    )
    assert saves == [True, True, True, True]
    month = timezone.localdate().strftime("%Y-%m")
    expect(page.locator("figure").first.locator("table tbody tr").last).to_contain_text(month)
    shot(page, "reports-dashboard")
    page.goto("/reports/kpi/?by=department")
    page.locator('tr[data-row="eng"] td[data-kpi="received"] a').first.click()
    expect(page.locator("table.drill-list tbody tr")).to_have_count(3)
    shot(page, "reports-drill")
    assert errors == []
