"""A repair from the first call to the engineer's result, in a real browser (A4, B1, B4).

The agent types the caller's number, reads the confirmation line, records the repair and
dispatches it to 工程部 in one save; the engineer accepts, starts and resolves it; the agent
sees it resolved. Assertions are on data and on data-status values, not on translated labels.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.personas import build_world

PASSWORD = "test-pass-123"  # the personas' password (tests.factories.StaffFactory)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    expect(page.locator(f'[data-user="{username}"]')).to_be_visible()


def log_out(page: Page) -> None:
    page.click("button.logout")
    expect(page).to_have_url(re.compile(r"/login/"))


def test_an_agent_records_a_repair_and_the_engineer_resolves_it(page: Page, shot):
    from customers.models import PhoneReveal
    from tests.factories import CustomerFactory

    world = build_world()
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    address = customer.premises.get().address

    # given: the agent on intake, the customer on the line
    log_in(page, "agent")
    page.goto("/intake/")
    phone = page.locator('input[name="phone"]')
    expect(phone).to_be_focused()
    phone.press_sequentially("13800138000", delay=20)

    # then: the card shows who is calling and the line to read out
    card = page.locator(f'[data-customer="{customer.pk}"]')
    expect(card.locator("[data-honorific]")).to_have_text(customer.honorific)
    expect(card.locator("[data-confirm-line]")).to_contain_text(customer.honorific)
    expect(card.locator("[data-confirm-line]")).to_contain_text(address)
    expect(card.locator('input[name="pick"]').first).to_be_checked()

    # when: a repair (Alt+2), appointment shown, dispatched to 工程部, saved with Ctrl+Enter
    page.keyboard.press("Alt+2")
    expect(page.locator('input[name="category"][value="repair"]')).to_be_checked()
    expect(page.locator("[data-appointment]")).to_be_visible()
    page.fill('textarea[name="content"]', "厨房水管漏水，楼下天花板渗水")
    page.select_option('select[name="dispatch_to"]', "eng")
    shot(page, "intake")
    page.locator('textarea[name="content"]').press("Control+Enter")

    # then: the ticket page, dispatched to 工程部
    expect(page).to_have_url(re.compile(r"/tickets/GD\d{8}-\d{4}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[1]
    ticket = page.locator(f'article[data-ticket="{number}"]')
    expect(ticket).to_have_attribute("data-status", "dispatched")
    expect(page.locator("#flash")).to_contain_text(number)
    expect(page.locator('.timeline [data-kind="dispatched"]')).to_contain_text(world.eng.name)
    expect(page.locator("[data-masked-phone]")).to_have_text("138****8000")
    shot(page, "ticket-dispatched")
    log_out(page)

    # when: the engineer accepts and starts it from the department queue
    log_in(page, "engineer")
    expect(page).to_have_url(re.compile(r"/queue/$"))
    row = page.locator(f'tr[data-ticket="{number}"]')
    expect(row).to_have_attribute("data-status", "dispatched")
    shot(page, "queue")
    row.locator('[data-action="accept"] button').click()
    expect(page.locator(f'tr[data-ticket="{number}"]')).to_have_attribute("data-status", "accepted")
    page.locator(f'tr[data-ticket="{number}"] [data-action="start"] button').click()
    expect(page.locator(f'tr[data-ticket="{number}"]')).to_have_attribute("data-status", "in_progress")

    # and resolves it on the ticket page, with the full number revealed to call the customer
    page.locator(f'tr[data-ticket="{number}"] a', has_text=number).click()
    page.locator("[data-reveal-phone]").click()
    expect(page.locator("[data-revealed-phone]")).to_have_text("13800138000")
    page.locator('details[data-action="resolve"] summary').click()
    page.fill('details[data-action="resolve"] textarea[name="result"]', "更换了水管接头，试水无渗漏")
    page.locator('details[data-action="resolve"] button[type="submit"]').click()
    expect(page.locator(f'article[data-ticket="{number}"]')).to_have_attribute("data-status", "resolved")
    expect(page.locator('.timeline [data-kind="resolved"]')).to_contain_text("更换了水管接头")
    expect(page.locator('.timeline [data-kind="phone_revealed"]')).to_contain_text(world.engineer.work_number)
    shot(page, "ticket-resolved")
    log_out(page)

    # then: the agent who owns it sees it resolved
    log_in(page, "agent")
    page.goto("/mine/?status=resolved")
    expect(page.locator(f'tr[data-ticket="{number}"]')).to_have_attribute("data-status", "resolved")
    page.goto(f"/tickets/{number}/")
    expect(page.locator(f'article[data-ticket="{number}"]')).to_have_attribute("data-status", "resolved")
    expect(page.locator('[data-action="close"]')).to_be_visible()

    # and finds it in the customer's service history, where the archive reveal is recorded
    page.locator(f'a[href="/customers/{customer.pk}/"]').click()
    expect(page.locator(f'tr[data-ticket="{number}"] [data-status]')).to_have_attribute("data-status", "resolved")
    page.locator("[data-reveal-phone]").click()
    expect(page.locator("[data-revealed-phone]")).to_have_text("13800138000")
    assert PhoneReveal.objects.filter(customer=customer, actor=world.agent).exists()
    shot(page, "customer")


def test_the_call_script_speaks_to_the_caller_once_the_card_is_picked(page: Page):
    from standards.demo import seed_standards
    from tests.factories import CustomerFactory

    build_world()
    seed_standards()
    CustomerFactory(name="王建国", gender="male", phone="13800138000")
    log_in(page, "agent")
    page.goto("/intake/")
    greeting = page.locator('[data-call-scripts] [data-phrase="greet-name"]')
    expect(greeting).to_have_text("先生/女士您好，亚美物业KF101号客服员为您服务。")
    page.locator('input[name="phone"]').press_sequentially("13800138000", delay=20)
    expect(greeting).to_have_text("王先生您好，亚美物业KF101号客服员为您服务。")
    expect(page.locator("[data-call-scripts]")).to_contain_text("请问您是王先生吗？")
    page.locator('input[name="pick"][value="new"]').check()  # someone else on this number
    expect(greeting).to_have_text("先生/女士您好，亚美物业KF101号客服员为您服务。")


def test_an_alarm_from_a_new_caller_turns_the_form_red_and_tops_the_board(page: Page, shot):
    from datetime import timedelta

    from django.utils import timezone

    from customers.models import Customer
    from tests.factories import CustomerFactory
    from tickets.actions import create_ticket, dispatch_ticket

    world = build_world()
    neighbour = CustomerFactory(name="李秀英", gender="female", phone="13700000001")
    earlier = timezone.now() - timedelta(hours=8)  # an ordinary repair from this morning, now late
    late = create_ticket(
        actor=world.agent,
        category="repair",
        channel="phone",
        content="卫生间下水道堵塞",
        customer=neighbour,
        received_at=earlier,
    )
    dispatch_ticket(late, department=world.eng, actor=world.agent)

    # given: an unknown number on intake
    log_in(page, "agent")
    page.locator('input[name="phone"]').press_sequentially("13912345678", delay=20)
    expect(page.locator("[data-new-caller]")).to_be_visible()

    # when: the agent picks 报警/抢险 with its shortcut
    page.locator('input[name="new_name"]').fill("张伟")
    page.select_option('select[name="new_gender"]', "male")
    page.select_option('select[name="new_community"]', "翠湖苑")  # from the archive (issue 13)
    page.locator('input[name="new_building"]').fill("7")
    page.locator('input[name="new_unit"]').fill("1")
    page.locator('input[name="new_room"]').fill("101")
    page.keyboard.press("Alt+3")

    # then: the form turns red and the priority becomes urgent; the appointment is not asked
    expect(page.locator("form[data-intake]")).to_have_class(re.compile(r"\bis-emergency\b"))
    expect(page.locator('select[name="priority"]')).to_have_value("urgent")
    expect(page.locator("[data-appointment]")).to_be_hidden()
    page.fill('textarea[name="content"]', "楼道里有很重的燃气味，怀疑漏气")
    page.select_option('select[name="dispatch_to"]', "eng")
    shot(page, "intake-emergency")
    page.locator("button[data-save]").click()

    # then: the customer is in the archive and the alarm is on top of the board, in red
    expect(page).to_have_url(re.compile(r"/tickets/GD\d{8}-\d{4}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[1]
    expect(page.locator(f'article[data-ticket="{number}"]')).to_have_attribute("data-status", "dispatched")
    assert Customer.objects.filter(name="张伟", phones__number="13912345678").exists()
    log_out(page)
    log_in(page, "supervisor")
    expect(page).to_have_url(re.compile(r"/board/$"))
    rows = page.locator("tbody tr[data-ticket]")
    expect(rows.first).to_have_attribute("data-ticket", number)
    expect(rows.first).to_have_class(re.compile(r"\bis-emergency\b"))
    expect(page.locator(f'tr[data-ticket="{late.number}"] [data-overdue]')).to_be_visible()
    page.fill('input[name="q"]', "漏气")
    page.keyboard.press("Enter")
    expect(page.locator("tbody tr[data-ticket]")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=%E6%BC%8F%E6%B0%94"))
    page.fill('input[name="q"]', "")
    page.keyboard.press("Enter")
    expect(page.locator("tbody tr[data-ticket]")).to_have_count(2)
    shot(page, "board")
