"""A callback agent works through the queue in a real browser (E1-E3): the oldest due first,
the script filled in, a busy customer rescheduled, a satisfied one closing the ticket and an
unsatisfied one sending the work back to 工程部 under supervision."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_repair_flow import log_in
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _resolved_repairs(world, customer, count: int) -> list:
    from tickets.actions import accept_ticket, create_ticket, dispatch_ticket, resolve_ticket, start_ticket

    tickets = []
    start = timezone.now() - timedelta(hours=count)
    for i in range(count):
        # Resolved an hour apart, so their callbacks fall due in that order.
        with time_machine.travel(start + timedelta(hours=i), tick=False):
            ticket = create_ticket(
                actor=world.agent, category="repair", channel="phone", content=f"水管漏水 {i}", customer=customer
            )
            dispatch_ticket(ticket, department=world.eng, actor=world.agent)
            accept_ticket(ticket, actor=world.engineer)
            start_ticket(ticket, actor=world.engineer)
            tickets.append(resolve_ticket(ticket, result="更换接头", actor=world.engineer))
    return tickets


def test_a_callback_agent_works_through_the_queue(page: Page, shot):
    from tests.factories import CustomerFactory
    from tickets.models import Ticket

    world = build_world()
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    first, second, third = _resolved_repairs(world, customer, 3)

    log_in(page, "agent")
    page.click('nav.mainnav a[href="/callbacks/"]')
    rows = page.locator("table.callbacks tbody tr[data-ticket]")
    expect(rows).to_have_count(3)
    assert [rows.nth(i).get_attribute("data-ticket") for i in range(3)] == [first.number, second.number, third.number]
    shot(page, "callback-queue")

    # the oldest: the script, then a satisfied customer
    rows.first.locator("[data-open-callback]").click()
    expect(page.locator("[data-opening]")).to_contain_text("KF101")
    expect(page.locator("[data-opening]")).to_contain_text(customer.honorific)
    expect(page.locator("[data-opening]")).to_contain_text("亚美物业")
    shot(page, "callback-script")
    # the agent needs the full number to dial; showing it is logged on the ticket
    page.click("[data-reveal-phone]")
    expect(page.locator("[data-revealed-phone]")).to_have_text("13800138000")
    expect(page.locator("[data-revealed-phone]")).to_have_attribute("href", "tel:13800138000")
    for code, score in (("punctual", 5), ("quality", 5), ("attitude", 4)):
        page.locator(f'[data-question="{code}"] input[value="{score}"]').check()
    page.locator('input[name="outcome"][value="satisfied"]').check()
    page.click("[data-save-callback]")
    expect(page).to_have_url(re.compile(r"/callbacks/$"))
    expect(page.locator("#flash")).to_contain_text(first.number)
    expect(rows).to_have_count(2)

    # the next: busy, rescheduled, stays in the queue
    rows.first.locator("[data-open-callback]").click()
    page.locator('input[name="outcome"][value="busy"]').check()
    page.click("[data-save-callback]")
    expect(rows).to_have_count(2)
    expect(page.locator(f'tr[data-ticket="{second.number}"] td').nth(6)).to_have_text("1")

    # the last: unsatisfied, back to 工程部
    page.locator(f'tr[data-ticket="{third.number}"] [data-open-callback]').click()
    page.locator('input[name="outcome"][value="unsatisfied"]').check()
    page.fill('textarea[name="note"]', "还是漏水")
    page.click("[data-save-callback]")
    expect(rows).to_have_count(1)
    shot(page, "callback-queue-after")

    assert Ticket.objects.get(pk=first.pk).status == "closed"
    assert Ticket.objects.get(pk=second.pk).status == "resolved"
    reopened = Ticket.objects.get(pk=third.pk)
    assert (reopened.status, reopened.department_id, reopened.supervised) == ("dispatched", world.eng.pk, True)

    page.goto(f"/tickets/{third.number}/")
    expect(page.locator('.timeline [data-kind="supervised"]')).to_contain_text(world.eng.name)
    shot(page, "callback-ticket-supervised")

    # an after-sale call queued by hand from the queue screen, found by the customer's phone
    page.goto("/callbacks/")
    page.click("[data-manual-callback] summary")
    page.select_option('[data-manual-callback] select[name="kind"]', "after_sale")
    page.fill('[data-manual-callback] input[name="customer"]', "13800138000")
    due = (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT10:00")  # at most 5 years ahead
    page.fill('[data-manual-callback] input[name="due_at"]', due)
    page.fill('[data-manual-callback] input[name="note"]', "新房交付满一个月")
    page.click("[data-manual-callback] button[type=submit]")
    expect(page.locator("#flash")).to_be_visible()
    manual = page.locator("table.callbacks tbody tr[data-ticket='']")
    expect(manual).to_have_count(1)
    expect(manual).to_contain_text(customer.honorific)
    expect(manual).to_contain_text("138****8000")
    shot(page, "callback-manual")


def test_the_manager_reads_the_satisfaction_figures(page: Page, shot):
    from callbacks.actions import record_callback
    from tests.factories import CustomerFactory

    world = build_world()
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    tickets = _resolved_repairs(world, customer, 2)
    record_callback(tickets[0].callbacks.get(), outcome="satisfied", score=5, actor=world.agent)
    record_callback(tickets[1].callbacks.get(), outcome="unsatisfied", score=2, actor=world.agent)

    log_in(page, "manager")
    # the board carries the month's totals, red below the 98 % target
    page.goto("/board/")
    strip = page.locator("[data-satisfaction-slot] [data-satisfaction-strip]")
    expect(strip.locator('[data-stat="pass"] .stat-n')).to_have_text("50.0%")
    expect(strip.locator('[data-stat="pass"]')).to_have_class(re.compile("stat-overdue"))
    shot(page, "board-satisfaction")
    page.click('nav.mainnav a[href="/callbacks/figures/"]')
    row = page.locator('table.figures tr[data-row="eng"]')
    expect(row.locator("[data-satisfaction]")).to_have_text("50.0%")
    expect(row.locator("[data-pass]")).to_have_text("50.0%")
    shot(page, "satisfaction-figures")
