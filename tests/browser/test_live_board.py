"""An emergency reaches a supervisor's open board without a reload (A7: it jumps every queue)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_repair_flow import log_in
from tests.factories import CustomerFactory
from tests.personas import build_world
from tickets.actions import create_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_emergency_recorded_elsewhere_appears_on_the_open_board(page: Page):
    # given a supervisor looking at the board, which shows no emergency yet
    world = build_world()
    customer = CustomerFactory(name="张伟", gender="male", phone="13900000009")
    log_in(page, "supervisor")
    page.goto("/board/")
    expect(page.locator("#results")).to_be_visible()
    # when an agent records a gas alarm at another desk
    alarm = create_ticket(
        actor=world.agent, category="emergency", channel="phone", content="楼道有很浓的燃气味", customer=customer
    )
    # then it appears on the board by itself, within one refresh interval (15 s)
    expect(page.locator(f'tr[data-ticket="{alarm.number}"]')).to_be_visible(timeout=20_000)
