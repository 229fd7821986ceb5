"""Appraisal in the browser, on a phone-sized screen (375 px): the supervisor records a check,
the agent sees the deduction on her scorecard and appeals it once, the supervisor decides."""

from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from tests.browser.test_repair_flow import log_in, log_out
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_check_an_appeal_and_its_decision(page: Page, shot):
    from appraisal.models import Scorecard

    build_world()
    # A transactional test may start from flushed tables: the handbook's scorecards as the migration installs them.
    if not Scorecard.objects.exists():
        import_module("appraisal.migrations.0002_handbook_scorecards_and_rules").install(apps, None)
    page.set_viewport_size({"width": 375, "height": 800})

    log_in(page, "supervisor")
    page.goto("/appraisal/inspect/?staff=agent")
    form = page.locator("[data-inspection-form]")
    form.locator('select[name="kind"]').select_option("daily")
    form.locator('select[name="category_0"]').select_option("handover")
    form.locator('select[name="severity_0"]').select_option("serious")
    form.locator('input[name="note_0"]').fill("未交接未办结的报修")
    form.locator('button[type="submit"]').click()
    expect(page.locator("[data-inspection]")).to_contain_text("未交接未办结的报修")
    log_out(page)

    log_in(page, "agent")
    page.goto("/appraisal/")
    expect(page.locator('[data-category="handover"]')).to_have_attribute("data-score", "7.0")
    page.locator('[data-category="handover"] summary').click()
    page.locator('[data-category="handover"] input[name="reason"]').fill("当班已口头交接，交接本漏记")
    page.locator("[data-appeal-send]").click()
    expect(page.locator("[data-appeal]")).to_have_attribute("data-appeal", "pending")
    shot(page, "appraisal-appeal-375")
    # At 375 px the scorecard fits: the table scrolls inside its wrapper, the page does not.
    assert page.evaluate("document.querySelector('main').scrollWidth") <= 375
    log_out(page)

    log_in(page, "supervisor")
    page.goto("/appraisal/team/")
    page.locator("[data-pending-appeals] a").first.click()
    page.locator("[data-uphold]").click()
    expect(page.locator('[data-category="handover"]')).to_have_attribute("data-score", "10.0")
