"""Request sub-types in a real browser (A2): intake offers only the chosen category's sub-types
(static/js/kefu.js, no inline script under the CSP), and the manager adds one from the console."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_layouts import _fits
from tests.browser.test_repair_flow import log_in, log_out
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_intake_offers_the_categorys_subtypes_and_the_manager_adds_one(page: Page, shot):
    from tests.factories import CustomerFactory
    from tickets.models import RequestSubtype, Ticket

    build_world()
    CustomerFactory(name="王建国", gender="male", phone="13800138000")

    # the manager adds 下水道 under 报修, through the console's htmx form
    log_in(page, "manager")
    page.goto("/deadlines/subtypes/")
    form = page.locator("[data-subtype-form]")
    form.locator('select[name="category"]').select_option("repair")
    form.locator('input[name="name"]').fill("下水道")
    form.locator('input[name="code"]').fill("drains")
    form.locator('button[type="submit"]').click()
    expect(page.locator('tr[data-subtype="drains"]')).to_be_visible()
    shot(page, "subtypes")
    # the console's two tables scroll within themselves on a phone; the page never widens
    page.set_viewport_size({"width": 375, "height": 812})
    for url in ("/deadlines/subtypes/", "/deadlines/commitments/"):
        page.goto(url)
        _fits(page)
    page.set_viewport_size({"width": 1440, "height": 900})
    log_out(page)

    # the agent: no sub-type field until a category is chosen
    log_in(page, "agent")
    page.goto("/intake/")
    page.locator('input[name="phone"]').press_sequentially("13800138000", delay=20)
    expect(page.locator('[data-customer-card] input[name="pick"]').first).to_be_checked()
    field = page.locator("[data-subtype-field]")
    expect(field).to_be_hidden()

    page.keyboard.press("Alt+2")  # 报修
    expect(field).to_be_visible()
    select = page.locator("select[data-subtype]")
    offered = select.locator("option:not([hidden])").evaluate_all("options => options.map(o => o.value)")
    assert offered == ["", "plumbing_electric", "doors_windows", "elevator", "gas", "public_facilities", "drains"]
    select.select_option("elevator")

    # another category drops a sub-type that is not its own
    page.locator('input[name="category"][value="complaint"]').check()
    expect(select).to_have_value("")
    assert "noise" in select.locator("option:not([hidden])").evaluate_all("options => options.map(o => o.value)")
    page.locator('input[name="category"][value="suggestion"]').check()
    expect(field).to_be_hidden()  # no sub-types shipped for 建议

    page.locator('input[name="category"][value="repair"]').check()
    select.select_option("drains")
    page.fill('textarea[name="content"]', "厨房下水道堵了")
    shot(page, "intake-subtype")
    page.locator('textarea[name="content"]').press("Control+Enter")

    expect(page).to_have_url(re.compile(r"/tickets/GD\d{8}-\d{4}/$"))
    expect(page.locator('.ticket-head [data-subtype="drains"]')).to_have_text("下水道")
    assert Ticket.objects.get().subtype == RequestSubtype.objects.get(code="drains")
