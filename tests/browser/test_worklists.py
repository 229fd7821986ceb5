"""Issue 13, defects 11 and 8 in a real browser: the board sorted by its headings, tickets ticked
(select all) and dispatched in bulk with the answer ticket by ticket, a filter saved; at intake,
the caller's open tickets of the same kind shown before a fourth is recorded. Screenshots go to
/tmp/kefu-shots."""

import re

import pytest
import time_machine
from playwright.sync_api import Page, expect

from tests.browser.test_repair_flow import log_in
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _numbers(page: Page) -> list[str]:
    return page.locator("tbody tr[data-ticket]").evaluate_all("rows => rows.map(r => r.dataset.ticket)")


def test_the_board_sorts_ticks_dispatches_in_bulk_and_saves_a_filter(page: Page, shot):
    from tests.factories import CustomerFactory
    from tickets.actions import create_ticket
    from worklists.models import SavedFilter

    world = build_world()
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    made = []
    for hour, content in ((8, "厨房水管漏水"), (9, "电梯异响"), (10, "楼道灯不亮")):
        with time_machine.travel(f"2026-03-02 {hour:02d}:00 +0800", tick=False):
            made.append(
                create_ticket(actor=world.agent, category="repair", channel="phone", content=content, customer=customer)
            )
    numbers = sorted(t.number for t in made)

    log_in(page, "supervisor")
    page.goto("/board/")
    expect(page.locator("#bulk-form")).to_be_visible()  # the bar arrives in its slot

    # sorting: the number heading, ascending then descending
    page.locator('th[data-sort="number"] a').click()
    expect(page.locator('th[data-sort="number"]')).to_have_attribute("aria-sort", "ascending")
    assert _numbers(page) == numbers
    page.locator('th[data-sort="number"] a').click()
    expect(page.locator('th[data-sort="number"]')).to_have_attribute("aria-sort", "descending")
    assert _numbers(page) == numbers[::-1]
    expect(page).to_have_url(re.compile(r"sort=-number"))

    # nothing ticked: the bar says so beside itself and nothing changes
    page.locator("[data-bulk-apply]").click()
    expect(page.locator('#bulk-form .form-error [data-field="numbers"]')).to_be_visible()

    # bulk dispatch: select all, untick one, dispatch the other two to 工程部
    expect(page.locator("#bulk-form")).to_be_visible()
    page.locator("[data-select-all]").check()
    expect(page.locator("input[data-bulk-row]:checked")).to_have_count(3)
    page.locator(f'input[data-bulk-row][value="{numbers[0]}"]').uncheck()
    page.select_option('#bulk-form select[name="action"]', "dispatch")
    page.select_option('#bulk-form select[name="department"]', "eng")
    page.locator("[data-bulk-apply]").click()
    report = page.locator("[data-bulk-report]")
    expect(report).to_have_attribute("data-done", "2")
    expect(report.locator('[data-ok="1"]')).to_have_count(2)
    # the list reloads under the bar: the two rows are dispatched, the unticked one is not
    expect(page.locator(f'tr[data-ticket="{numbers[1]}"]')).to_have_attribute("data-status", "dispatched")
    expect(page.locator(f'tr[data-ticket="{numbers[2]}"]')).to_have_attribute("data-status", "dispatched")
    expect(page.locator(f'tr[data-ticket="{numbers[0]}"]')).to_have_attribute("data-status", "new")
    shot(page, "board-bulk-dispatch-desktop")

    # a refusal is told per ticket: closing open work is not allowed
    page.locator(f'input[data-bulk-row][value="{numbers[0]}"]').check()
    page.select_option('#bulk-form select[name="action"]', "close")
    page.locator("[data-bulk-apply]").click()
    expect(page.locator("[data-bulk-report]")).to_have_attribute("data-refused", "1")
    expect(page.locator("input[data-bulk-row]:checked")).to_have_count(0)  # the list has reloaded

    # saved filter: the current board (sorted by number, descending) under a name
    page.select_option('form.filters select[name="department"]', "eng")
    expect(page.locator("tbody tr[data-ticket]")).to_have_count(2)
    page.fill('[data-save-filter] input[name="name"]', "工程部的")
    page.locator("[data-save-filter] button").click()
    link = page.locator('[data-saved="工程部的"]')
    expect(link).to_be_visible()
    assert SavedFilter.objects.get(owner=world.supervisor).query == "department=eng&sort=-number"
    page.goto("/board/")
    page.locator('[data-saved="工程部的"]').click()
    expect(page.locator("tbody tr[data-ticket]")).to_have_count(2)

    # the phone: the board with its bar still fits the window
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/board/")
    expect(page.locator("#bulk-form")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "board-bulk-phone")


def test_intake_shows_the_callers_open_tickets_of_the_kind_and_adds_the_call_to_one(page: Page, shot):
    from tests.factories import CustomerFactory
    from tickets.actions import create_ticket
    from tickets.models import EventKind, Ticket, TicketEvent

    world = build_world()
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    with time_machine.travel("2026-02-01 09:00 +0800"):
        old = create_ticket(
            actor=world.agent, category="repair", channel="phone", content="厨房漏水", customer=customer
        )
    for content in ("卫生间漏水", "阳台漏水"):
        create_ticket(actor=world.agent, category="repair", channel="phone", content=content, customer=customer)

    log_in(page, "agent")
    page.goto("/intake/")
    page.locator('input[name="phone"]').press_sequentially("13800138000", delay=20)
    expect(page.locator(f'[data-customer="{customer.pk}"]')).to_be_visible()
    page.locator('input[name="category"][value="repair"]').check()
    page.fill('textarea[name="content"]', "厨房又漏水了")
    page.locator("button[data-save]").click()

    warning = page.locator("[data-open-duplicates]")
    expect(warning).to_be_visible()
    expect(warning.locator("tr[data-duplicate]")).to_have_count(3)
    shot(page, "intake-open-duplicates")
    assert Ticket.objects.count() == 3

    warning.locator(f'tr[data-duplicate="{old.number}"] button[name="follow_up"]').click()
    expect(page).to_have_url(re.compile(rf"/tickets/{old.number}/$"))
    assert Ticket.objects.count() == 3
    assert "厨房又漏水了" in TicketEvent.objects.get(ticket=old, kind=EventKind.NOTE).data["text"]
