"""The overdue board updates by itself, and a manager changes a commitment in the console (C5)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from deadlines.models import CommitmentPolicy, Deadline
from deadlines.watcher import check_deadlines
from tests.browser.test_repair_flow import log_in
from tests.factories import CustomerFactory
from tests.personas import build_world
from tickets.actions import create_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seed_policies():
    # a transactional test's flush removed the migrated defaults: the one this test needs
    CommitmentPolicy.objects.get_or_create(
        category="repair", priority="", kind="dispatch", is_active=True, defaults={"minutes": 15}
    )


def test_a_breach_appears_on_the_open_overdue_board_without_a_reload(page: Page, shot):
    # given a supervisor looking at an empty overdue board
    world = build_world()
    _seed_policies()
    customer = CustomerFactory(name="张伟", gender="male", phone="13900000009")
    log_in(page, "supervisor")
    page.goto("/deadlines/overdue/")
    expect(page.locator(".board-summary")).to_have_attribute("data-overdue", "0")
    # when a repair nobody dispatched passes its 15 minutes and the watcher records the breach
    ticket = create_ticket(
        actor=world.agent, category="repair", channel="phone", content="厨房水管漏水", customer=customer
    )
    Deadline.objects.filter(ticket=ticket, kind="dispatch").update(due_at=timezone.now() - timedelta(minutes=1))
    check_deadlines()
    # then it appears on the board by itself, within one refresh (15 s), counted for its holder
    row = page.locator(f'tr[data-ticket="{ticket.number}"][data-deadline="dispatch"]')
    expect(row).to_be_visible(timeout=20_000)
    expect(row).to_have_attribute("data-state", "overdue")
    expect(page.locator('tr[data-holder="agent"]')).to_contain_text("1")
    shot(page, "overdue-board")


def test_a_manager_changes_a_commitment_for_new_tickets(page: Page):
    build_world()
    _seed_policies()
    log_in(page, "manager")
    page.goto("/deadlines/commitments/")
    policy = CommitmentPolicy.objects.get(category="repair", priority="", kind="dispatch", is_active=True)
    page.click(f'[data-edit-policy="{policy.pk}"]')
    page.fill('[data-commitment-form] input[name="minutes"]', "10")
    page.click('[data-commitment-form] button[type="submit"]')
    expect(page.locator("#flash")).to_contain_text("10")
    expect(page.locator('tr[data-key="repair/*/*/dispatch"]')).to_have_attribute("data-version", "1")
    assert CommitmentPolicy.objects.get(category="repair", priority="", kind="dispatch", is_active=True).minutes == 10
