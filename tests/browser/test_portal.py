"""The customers' portal on a phone-sized screen: submit a request with a photo, get the number,
follow the progress and rate the work, with no staff login anywhere."""

import pytest
from playwright.sync_api import Page, expect

from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def fits_the_phone(page: Page) -> None:
    """Nothing wider than the 375 px screen: no sideways scrolling, every field usable."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"


def test_a_customer_submits_looks_up_and_rates_on_a_phone(browser, live_server, settings, shot):
    from tickets.actions import accept_ticket, dispatch_ticket, resolve_ticket, start_ticket
    from tickets.models import Ticket

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    world = build_world()
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )
    page: Page = context.new_page()
    try:
        page.goto("/portal/")
        fits_the_phone(page)
        expect(page.locator("h1")).to_have_text("请告诉我们您的需要")  # Chinese, with no staff login
        page.locator('input[name="category"][value="repair"]').check()
        page.fill('textarea[name="content"]', "卫生间下水道堵塞")
        page.fill('input[name="name"]', "李芳")
        page.fill('input[name="phone"]', "13900139000")
        page.fill('input[name="address"]', "翠湖苑5号楼1单元302室")
        page.set_input_files(
            'input[name="photo"]', files=[{"name": "drain.png", "mimeType": "image/png", "buffer": PNG}]
        )
        shot(page, "portal-submit")
        page.click("button[type=submit]")
        number = page.locator("[data-number]").inner_text().strip()
        fits_the_phone(page)
        shot(page, "portal-submitted")

        ticket = Ticket.objects.get(number=number)
        dispatch_ticket(ticket, department=world.eng, actor=world.supervisor)
        accept_ticket(ticket, actor=world.engineer)
        start_ticket(ticket, actor=world.engineer)
        resolve_ticket(ticket, result="已疏通", actor=world.engineer)

        # wrong digits: the same answer as for a number that does not exist, nothing of the ticket
        page.goto("/portal/lookup/")
        page.fill('input[name="number"]', number)
        page.fill('input[name="digits"]', "1234")
        page.click("button[type=submit]")
        expect(page.locator("[data-error]")).to_be_visible()
        assert "下水道" not in page.content()
        fits_the_phone(page)

        page.goto("/portal/lookup/")
        page.fill('input[name="number"]', number)
        page.fill('input[name="digits"]', "9000")
        page.click("button[type=submit]")
        expect(page.locator("[data-ticket]")).to_have_attribute("data-status", "resolved")
        page.locator('input[name="score"][value="5"]').check()
        fits_the_phone(page)
        shot(page, "portal-progress")
        page.click("form[data-rate] button[type=submit]")
        expect(page.locator("[data-rated]")).to_be_visible()
        shot(page, "portal-rated")
    finally:
        context.close()
