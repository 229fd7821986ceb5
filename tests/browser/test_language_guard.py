"""The forbidden-phrase warning as the agent types an answer, in a real browser (J1, J2)."""

import pytest
from playwright.sync_api import Page, expect

from standards.demo import seed_standards
from tests.factories import CustomerFactory
from tests.personas import build_world
from tickets.actions import create_ticket

PASSWORD = "test-pass-123"  # the personas' password (tests.factories.StaffFactory)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_agent_sees_the_forbidden_phrase_with_its_advice_and_uses_it(page: Page, shot):
    world = build_world()
    seed_standards()
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    ticket = create_ticket(
        actor=world.agent, category="consultation", channel="phone", content="物业费怎么交", customer=customer
    )

    page.goto("/login/")
    page.fill('input[name="username"]', "agent")
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    expect(page.locator('[data-user="agent"]')).to_be_visible()
    page.goto(f"/tickets/{ticket.number}/")
    page.click('details[data-action="answer"] summary')
    answer = page.locator('textarea[name="answer"]')

    # when: the agent types a forbidden phrase, spaced and in traditional characters
    answer.press_sequentially("這個我不 知道", delay=15)

    # then: the hit is highlighted with the advised wording, and a reason field appears
    box = page.locator("[data-guard-box]")
    expect(box.locator('mark[data-hit="不知道"]')).to_have_text("不 知道")
    expect(box.locator('[data-guard-hit="不知道"] .guard-advice')).to_have_text("这个问题我帮您查询一下，稍后给您答复")
    expect(page.locator("[data-guard-override]")).to_be_visible()
    shot(page, "language-guard-warning")

    # when: the agent takes the advice, the warning goes; a /code becomes the filled phrase
    box.locator("[data-guard-replace]").click()
    expect(answer).to_have_value("這個我这个问题我帮您查询一下，稍后给您答复")
    expect(box).to_be_hidden()
    answer.fill("")
    answer.press_sequentially("/greet ", delay=15)
    expect(answer).to_have_value("您好，亚美物业KF101号客服员为您服务，请问有什么可以帮到您？")
