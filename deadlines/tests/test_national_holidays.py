"""The State Council's holidays and 调休 offered for the manager to confirm (issue 13, C1): from
the chinese-calendar package, never entered without a person, manual entries kept."""

from datetime import date

import pytest
from django.urls import reverse

from core.errors import Forbidden
from deadlines.models import CalendarDay, DayKind
from deadlines.national_holidays import confirm_offered, offered_days, published_days


def test_the_published_schedule_has_the_holidays_and_the_make_up_days():
    days = {d.date: d for d in published_days(2026)}
    assert days[date(2026, 10, 1)].kind == DayKind.HOLIDAY and days[date(2026, 10, 1)].name == "国庆节"
    assert days[date(2026, 2, 14)].kind == DayKind.WORKDAY and days[date(2026, 2, 14)].name == "春节"
    assert published_days(2099) is None  # not published: nothing is guessed


def test_confirming_enters_what_is_missing_and_keeps_manual_entries(db, world):
    CalendarDay.objects.create(date=date(2026, 10, 1), kind=DayKind.HOLIDAY, name="公司自定")
    offered = offered_days(2026)
    assert date(2026, 10, 1) not in {d.date for d in offered}
    entered = confirm_offered(2026, actor=world.manager)
    assert len(entered) == len(offered)
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).name == "公司自定"  # kept as entered
    assert CalendarDay.objects.get(date=date(2026, 10, 2)).name == "国庆节"
    assert offered_days(2026) == []  # nothing left to offer, a second confirmation adds nothing
    assert confirm_offered(2026, actor=world.manager) == []


def test_only_those_who_edit_commitments_confirm(db, world):
    with pytest.raises(Forbidden):
        confirm_offered(2026, actor=world.agent)
    assert not CalendarDay.objects.exists()


def test_the_calendar_screen_offers_the_year_and_confirms_it(client, world):
    client.force_login(world.manager)
    page = client.get(reverse("calendars"), {"year": "2026"}).content.decode()
    assert 'data-offered="2026-10-01"' in page and "data-confirm-national" in page
    response = client.post(reverse("calendar-offer-confirm"), {"year": "2026"})
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date__year=2026).count() == len(published_days(2026))
    assert client.post(reverse("calendar-offer-confirm"), {"year": "soon"}).status_code == 400
    later = client.get(reverse("calendars"), {"year": "2099"}).content.decode()
    assert 'data-national="2099"' in later and "data-confirm-national" not in later
