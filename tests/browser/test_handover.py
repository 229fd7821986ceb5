"""A shift handover in a real browser (H1): the agent hands over what the system lists, the
night duty sees it waiting in the header, takes it over, and the carried items stay on their
screen; the ticket's timeline says so."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_repair_flow import log_in, log_out
from tests.factories import CustomerFactory
from tests.personas import build_world
from tickets.actions import create_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_shift_is_handed_over_and_taken_over(page: Page, shot):
    world = build_world()
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    ticket = create_ticket(
        actor=world.agent, category="repair", channel="phone", content="厨房水管漏水", customer=customer
    )

    log_in(page, "agent")
    page.click('nav.mainnav a[href="/shifts/handover/"]')
    expect(page.locator(f'[data-item-kind="ticket"][data-ref="{ticket.number}"]')).to_be_visible()
    form = page.locator("form[data-handover-form]")
    form.locator('select[name="to"]').select_option("night")
    form.locator('[name="lines"]').fill("3号楼停水通知已张贴")
    form.locator("[data-hand-over]").click()
    expect(page.locator("[data-off-roster]")).to_be_visible()  # nobody rostered: allowed, with a warning
    expect(page.locator(f'[data-item-kind="ticket"][data-ref="{ticket.number}"]')).to_be_visible()
    expect(page.locator('[data-item-kind="note"]')).to_contain_text("3号楼停水通知已张贴")
    shot(page, "handover-record")
    log_out(page)

    log_in(page, "night")
    expect(page.locator("[data-pending-handovers]")).to_be_visible()
    page.click("[data-pending-handovers]")
    page.locator("[data-incoming-handover]").click()
    page.locator("[data-acknowledge]").click()
    expect(page.locator('[data-status="acknowledged"]')).to_be_visible()
    page.goto("/")
    expect(page.locator("[data-carried]")).to_have_attribute(
        "data-carried", "5"
    )  # the ticket, its three promises, the line
    page.click("[data-carried]")
    carried = page.locator("[data-carried-items]")
    expect(carried.locator(f'[data-ref="{ticket.number}"][data-item-kind="ticket"]')).to_be_visible()
    page.goto(f"/tickets/{ticket.number}/")
    expect(page.locator("body")).to_contain_text("交接班：孙丽 移交给 郑夜班")
