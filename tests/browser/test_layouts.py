"""The pages staff use all day fit a 375-px phone and a 1440-px screen (issue 13): nothing wider
than the window, the sign-out and the queue's buttons within reach. Screenshots go to
/tmp/kefu-shots for a person to look at."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_repair_flow import log_in
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1440, "height": 900}}
_TICKET_PANELS = {
    "request": ".request-panel",
    "customer": ".customer-side",
    "deadlines": ".deadlines-side",
    "actions": ".actions-panel",
}


def _fits(page: Page) -> None:
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page is wider than the window"


def _within(page: Page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.evaluate("window.innerWidth"), selector


@pytest.mark.parametrize("size", SIZES)
def test_queue_ticket_page_and_intake_fit_the_screen(page: Page, shot, size):
    from tests.factories import CustomerFactory
    from tickets.actions import accept_ticket, create_ticket, dispatch_ticket, start_ticket

    world = build_world()
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    for content in ("厨房水管漏水，楼下渗水", "电梯异响", "楼道灯不亮"):
        ticket = create_ticket(
            actor=world.agent, category="repair", channel="phone", content=content, customer=customer
        )
        dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    start_ticket(accept_ticket(ticket, actor=world.engineer), actor=world.engineer)  # a row with the result field
    page.set_viewport_size(SIZES[size])

    # the engineer's queue: every row's accept button inside the window, the sign-out reachable
    log_in(page, "engineer")
    page.goto("/queue/")
    expect(page.locator('[data-action="accept"]').first).to_be_visible()
    _fits(page)
    _within(page, '[data-action="accept"] button')
    _within(page, '[data-action="resolve"] button')
    _within(page, "button.logout")
    shot(page, f"layout-queue-{size}")

    # the ticket page; on a phone, whom to see and where, and the time left, come before the buttons
    page.goto(f"/tickets/{ticket.number}/")
    _fits(page)
    _within(page, "button.logout")
    top = {name: page.locator(css).bounding_box()["y"] for name, css in _TICKET_PANELS.items()}
    if size == "phone":
        assert top["request"] < top["customer"] < top["deadlines"] < top["actions"], top
    else:  # two columns: the customer beside the request
        assert top["customer"] < top["actions"] and top["deadlines"] > top["customer"], top
    shot(page, f"layout-ticket-{size}")

    # intake, for the desk
    page.click("button.logout")
    log_in(page, "agent")
    page.goto("/intake/")
    _fits(page)
    _within(page, 'input[name="phone"]')
    shot(page, f"layout-intake-{size}")


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_every_screen_of_the_menu_shows_on_a_1280_px_screen(browser, live_server, settings, shot, locale):
    """The menu wraps instead of scrolling within the bar: a manager (the longest menu) sees every
    link at 1280 px, in Chinese and in English. Before, 8 of 19 showed and 报表 or 客户档案 sat
    behind a scroll with no visible bar."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    build_world()
    context = browser.new_context(base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, "manager")
        page.goto("/board/")
        links = page.locator("nav.mainnav a")
        assert links.count() >= 15
        nav = page.evaluate(
            "(() => { const n = document.querySelector('nav.mainnav'); return [n.scrollWidth, n.clientWidth]; })()"
        )
        assert nav[0] <= nav[1], "the menu scrolls within itself"
        for i in range(links.count()):
            expect(links.nth(i)).to_be_in_viewport()
            _within(page, f"nav.mainnav a >> nth={i}")
        _fits(page)
        shot(page, f"layout-menu-1280-{locale}")
    finally:
        context.close()
