"""排班: rotation, hand adjustments, swaps, who is on duty (GET duty/now)."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.errors import Conflict, Forbidden, InvalidInput
from deadlines.models import BusinessCalendar, CalendarDay
from kefu.apitest import ApiClient, error_of
from shifts import actions
from shifts.models import RosterEntry, SwapStatus
from shifts.selectors import next_duty, on_duty

TZ = timezone.get_fixed_timezone(8 * 60)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def test_a_rotation_fills_the_month_and_a_night_shift_crosses_midnight(world, templates):
    day, night = templates["day"], templates["night"]
    created = actions.apply_rotation(
        actor=world.supervisor,
        month="2026-12",
        rotation={world.agent: [day] * 5 + [None, None], world.night: [night] * 7},
    )
    assert created == 23 + 31  # December 2026 has 23 weekdays
    assert on_duty(at=at(date(2026, 12, 1), 23)) == [world.night]
    assert on_duty(at=at(date(2026, 12, 2), 7, 59)) == [world.night]
    assert set(on_duty(at=at(date(2026, 12, 2), 9))) == {world.agent}
    assert on_duty(role="agent", at=at(date(2026, 12, 5), 9)) == []  # a Saturday


def test_a_shift_following_a_business_calendar_skips_its_holidays(world, templates):
    office = BusinessCalendar.objects.create(name="办公日", weekdays="12345")
    CalendarDay.objects.create(date=date(2026, 12, 31), kind="holiday", name="元旦前")
    templates["day"].calendar = office
    templates["day"].save()
    actions.apply_rotation(actor=world.supervisor, month="2026-12", rotation={world.agent: [templates["day"]] * 7})
    days = set(RosterEntry.objects.filter(staff=world.agent).values_list("day", flat=True))
    assert date(2026, 12, 31) not in days
    assert date(2026, 12, 6) not in days  # Sunday
    assert len(days) == 22


def test_a_day_adjusted_by_hand_survives_a_new_rotation(world, templates):
    actions.apply_rotation(actor=world.supervisor, month="2026-12", rotation={world.agent: [templates["day"]] * 7})
    actions.set_roster_day(
        actor=world.supervisor, staff=world.agent, day=date(2026, 12, 10), template=templates["night"]
    )
    actions.apply_rotation(actor=world.supervisor, month="2026-12", rotation={world.agent: [templates["day"]] * 7})
    assert RosterEntry.objects.get(staff=world.agent, day=date(2026, 12, 10)).template == templates["night"]


def test_only_leads_make_the_roster(world, templates):
    with pytest.raises(Forbidden):
        actions.apply_rotation(actor=world.agent, month="2026-12", rotation={world.agent: [templates["day"]] * 7})
    with pytest.raises(InvalidInput):
        actions.apply_rotation(actor=world.supervisor, month="2026-13", rotation={world.agent: [templates["day"]] * 7})
    assert RosterEntry.objects.count() == 0


def test_a_swap_is_asked_then_approved_by_the_supervisor(world, templates):
    mine = actions.set_roster_day(
        actor=world.supervisor, staff=world.agent, day=date(2026, 12, 10), template=templates["day"]
    )
    theirs = actions.set_roster_day(
        actor=world.supervisor, staff=world.agent2, day=date(2026, 12, 11), template=templates["day"]
    )
    swap = actions.ask_swap(
        actor=world.agent, entry=mine, colleague=world.agent2, colleague_entry=theirs, reason="家里有事"
    )
    with pytest.raises(Forbidden):
        actions.approve_swap(swap, actor=world.agent2)
    actions.approve_swap(swap, actor=world.supervisor)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    assert RosterEntry.objects.get(day=date(2026, 12, 10)).staff == world.agent2
    assert RosterEntry.objects.get(day=date(2026, 12, 11)).staff == world.agent
    with pytest.raises(Conflict):
        actions.approve_swap(swap, actor=world.supervisor)


def test_duty_now_answers_the_contract_fields_quickly(world, templates):
    actions.apply_rotation(
        actor=world.supervisor,
        month="2026-12",
        rotation={world.agent: [templates["day"]] * 7, world.night: [templates["night"]] * 7},
    )
    client = ApiClient(world.manager)
    with time_machine.travel(at(date(2026, 12, 3), 21), tick=False):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/duty/now")
        rows = response.json()
        assert rows == [
            {
                "username": "night",
                "name": "郑夜班",
                "role": "night_duty",
                "department": "cs",
                "shift": "night",
                "shift_name": "夜班",
                "since": "2026-12-03T20:00:00+08:00",
                "until": "2026-12-04T08:00:00+08:00",
            }
        ]
        assert len(queries) <= 3  # the token, its last-use stamp, the roster
        assert client.get("/api/v1/duty/now", {"role": "agent"}).json() == []
        bad = client.get("/api/v1/duty/now", {"role": "boss"})
        assert bad.status_code == 400
        assert error_of(bad)["code"] == "invalid"
        assert [e.staff for e in next_duty()] == [world.agent]


def test_the_roster_api_fills_and_reads_a_month(world, templates):
    client = ApiClient(world.supervisor)
    response = client.post(
        "/api/v1/roster/rotation",
        {"month": "2026-12", "rotation": {"agent": ["day", "day", "day", "day", "day", None, None]}},
    )
    assert response.status_code == 201
    assert response.json() == {"created": 23}
    rows = client.get("/api/v1/roster", {"month": "2026-12"}).json()
    assert len(rows) == 23
    bad = client.post("/api/v1/roster/rotation", {"month": "2026-12", "rotation": {"agent": ["day"] * 6}})
    assert bad.status_code == 400
    unknown = client.post("/api/v1/roster/rotation", {"month": "2026-12", "rotation": {"agent": ["brunch"] * 7}})
    assert unknown.status_code == 400
    assert RosterEntry.objects.count() == 23


def test_a_template_must_say_it_crosses_midnight(world):
    client = ApiClient(world.supervisor)
    bad = client.post(
        "/api/v1/shifts", {"code": "late", "name": "晚班", "start": "16:00", "end": "08:00", "crosses_midnight": False}
    )
    assert bad.status_code == 400
    ok = client.post("/api/v1/shifts", {"code": "late", "name": "晚班", "start": "16:00", "end": "00:00"})
    assert ok.status_code == 201
    assert ok.json()["crosses_midnight"] is True


def test_the_roster_screen_names_the_weekdays_and_shades_the_days_off(world, templates, client):
    CalendarDay.objects.create(date=date(2026, 12, 31), kind="holiday", name="元旦前")
    CalendarDay.objects.create(date=date(2026, 12, 12), kind="workday", name="调休")  # a Saturday worked
    actions.apply_rotation(actor=world.supervisor, month="2026-12", rotation={world.agent: [templates["day"]] * 7})
    client.force_login(world.agent)
    page = client.get("/shifts/roster/", {"month": "2026-12"}).content.decode()
    head = page.split("<thead>")[1].split("</thead>")[0]

    def cell(day: str) -> str:
        return head.split(f'data-day="{day}"')[1].split("</th>")[0]

    assert '<span class="weekday">周一</span>' in cell("2026-12-07")  # Monday
    assert 'data-off="weekend"' in cell("2026-12-05") and 'data-off="weekend"' in cell("2026-12-06")
    assert "data-off" not in cell("2026-12-12")  # 调休: a working Saturday
    assert 'data-off="holiday"' in cell("2026-12-31") and "data-off" not in cell("2026-12-30")
    row = page.split(f'data-staff="{world.agent.username}"')[1].split("</tr>")[0]
    assert row.count('class="nowrap weekend"') == 7  # the month's 8 weekend days but 12-12, down the column
