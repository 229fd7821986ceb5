"""A major complaint in the browser (D2): the agent grades it and hands it to the manager, who
accepts it and approves the compensation; every step is on the ticket's timeline."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_repair_flow import log_in, log_out
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_major_complaint_goes_through_the_manager(page: Page, shot):
    from complaints.models import Complaint, Criterion
    from tests.factories import CustomerFactory
    from tickets.actions import create_ticket

    world = build_world()
    # A transactional test may start from a flushed table: the company's definition, as the admin sets it.
    if not Criterion.objects.exists():
        for order, text in enumerate(["属于本公司服务范围", "有明确的事实"], start=1):
            Criterion.objects.create(text=text, required=True, order=order)
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    ticket = create_ticket(
        actor=world.agent,
        category="complaint",
        channel="phone",
        content="维修师傅迟到两小时还弄脏地板",
        customer=customer,
    )

    log_in(page, "agent")
    page.goto(f"/tickets/{ticket.number}/")
    page.click("[data-complaint-link]")
    form = page.locator('form[data-step="grade"]')
    form.locator('select[name="target"]').select_option("department")
    form.locator('select[name="department"]').select_option("eng")
    form.locator('select[name="severity"]').select_option("serious")
    for box in form.locator('input[name="criteria"]').all():
        box.check()
    form.locator('button[type="submit"]').click()
    expect(page.locator("[data-valid]")).to_have_attribute("data-valid", "1")
    major = page.locator('form[data-step="major"]')
    major.locator('select[name="reason"]').select_option("compensation")
    major.locator('input[name="compensation"]').fill("300")
    major.locator('button[type="submit"]').click()
    expect(page.locator("article.complaint")).to_have_attribute("data-level", "major")
    shot(page, "complaint-major")
    log_out(page)

    log_in(page, "manager")
    # the manager's in-tray: the complaint register, waiting for the manager
    page.click('nav.mainnav a[href="/complaints/"]')
    page.check("[data-waiting-filter]")
    page.click("form.filters button[type=submit]")
    waiting = page.locator(f'table.complaints tr[data-ticket="{ticket.number}"]')
    expect(waiting.locator("[data-awaiting]")).to_be_visible()
    shot(page, "complaint-register")
    waiting.locator("a").first.click()
    page.click("[data-accept]")
    page.fill('input[name="amount"]', "200")
    page.click('section[data-step="manager"] button[type="submit"]')
    expect(page.locator("[data-approved]")).to_have_text("200.00")
    shot(page, "complaint-approved")
    page.goto(f"/tickets/{ticket.number}/")
    expect(page.locator('.timeline [data-kind="complaint"]')).to_have_count(4)
    expect(page).to_have_url(re.compile(ticket.number))
    shot(page, "complaint-timeline")
    assert Complaint.objects.get().compensation_approved == 200


def test_the_intake_screen_offers_the_case_of_a_similar_complaint(page: Page, shot):
    from complaints.actions import register_complaint, write_case
    from tickets.actions import Contact, accept_ticket, create_ticket, dispatch_ticket, resolve_ticket, start_ticket

    world = build_world()
    old = create_ticket(
        actor=world.agent,
        category="complaint",
        channel="phone",
        content="电梯困人半小时才来人",
        contact=Contact(name="刘女士", phone="13900139000", address="翠湖苑5号楼"),
    )
    complaint = register_complaint(old, target="company", severity="serious", criteria=[], actor=world.agent)
    dispatch_ticket(old, department=world.eng, actor=world.agent)
    accept_ticket(old, actor=world.engineer)
    start_ticket(old, actor=world.engineer)
    resolve_ticket(old, result="上门道歉", actor=world.engineer)
    case = write_case(
        complaint,
        title="电梯困人救援慢",
        situation="业主被困电梯三十分钟",
        cause="夜间值班人员不足",
        solution="经理上门致歉，赠送一个月物业费，夜班增加一名电梯维修工",
        tags="电梯,困人",
        actor=world.agent,
    )

    log_in(page, "agent")
    page.goto("/intake/")
    page.locator('input[name="category"][value="complaint"]').check()
    page.fill('textarea[name="content"]', "昨晚电梯里困了人，等了很久没人来")
    hint = page.locator("[data-similar-cases]")
    expect(hint).to_be_visible()
    expect(hint.locator(f'[data-case="{case.pk}"]')).to_contain_text("电梯困人救援慢")
    shot(page, "intake-similar-case")

    # a repair with the same words is not a complaint: no hint
    page.locator('input[name="category"][value="repair"]').check()
    expect(hint).to_have_count(0)
