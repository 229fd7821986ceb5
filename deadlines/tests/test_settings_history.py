"""The settings' audit trail for the time commitments: every change to a calendar, a holiday or a
commitment names who made it and when, and reads old → new; an actor who may not change them is
refused by the action itself, and nothing is written, neither the change nor a history row."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from core.errors import Forbidden
from deadlines.calendar_actions import delete_calendar, enter_days, remove_day, save_calendar
from deadlines.models import BusinessCalendar, CalendarDay, CommitmentPolicy
from deadlines.selectors import settings_changes
from deadlines.services import retire_commitment, revise_policy, set_commitment

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
T1 = datetime(2026, 11, 24, 14, 30, tzinfo=SHANGHAI)


def repair_handle() -> CommitmentPolicy:
    return CommitmentPolicy.objects.get(category="repair", priority="", grade="", kind="handle", is_active=True)


def history_rows() -> int:
    return sum(m.history.count() for m in (BusinessCalendar, CalendarDay, CommitmentPolicy))


def test_a_holiday_entered_and_corrected_on_the_console_records_who_when_and_old_to_new(client, world):
    client.force_login(world.manager)
    with time_machine.travel(T0, tick=False):
        client.post(reverse("calendar-days-add"), {"first": "2026-10-01", "kind": "holiday", "name": "国庆节"})
    with time_machine.travel(T1, tick=False):
        client.post(reverse("calendar-days-add"), {"first": "2026-10-01", "kind": "workday", "name": "国庆调休"})

    created, changed = CalendarDay.history.filter(date=date(2026, 10, 1)).order_by("history_date")
    assert (created.history_type, created.history_user, created.history_date, created.kind) == (
        "+",
        world.manager,
        T0,
        "holiday",
    )
    assert (changed.history_type, changed.history_user, changed.history_date, changed.kind) == (
        "~",
        world.manager,
        T1,
        "workday",
    )

    client.force_login(world.supervisor)  # a reader of the commitments reads their change log
    page = client.get(reverse("settings-changes")).content.decode()
    assert "2026-11-24 14:30" in page and "2026-11-23 09:00" in page  # Shanghai time
    assert "赵经理" in page
    assert '类型: <span class="muted">法定节假日</span> → 调休上班日' in page
    assert '名称: <span class="muted">国庆节</span> → 国庆调休' in page


def test_a_removed_day_and_a_calendar_change_are_in_the_log_with_their_actor(world):
    enter_days(first=date(2026, 10, 2), kind="holiday", name="国庆节", actor=world.manager)
    remove_day(CalendarDay.objects.get(date=date(2026, 10, 2)), actor=world.admin)
    office = BusinessCalendar.objects.get(name="工作日 8:30-17:30")
    save_calendar(
        office,
        name=office.name,
        around_the_clock=False,
        day_start=time(9, 0),
        day_end=office.day_end,
        weekdays="123456",
        actor=world.admin,
    )

    deleted = CalendarDay.history.get(date=date(2026, 10, 2), history_type="-")
    assert deleted.history_user == world.admin
    hours = office.history.filter(history_type="~").get()
    assert (hours.history_user, hours.day_start, hours.prev_record.day_start) == (world.admin, time(9, 0), time(8, 30))

    newest = settings_changes()[0]
    assert newest.user == world.admin and newest.action == "~"
    assert [(c.old, c.new) for c in newest.changes] == [("08:30", "09:00"), ("12345", "123456")]


def test_a_new_version_of_a_used_commitment_reads_old_to_new_and_names_its_author(world, make_ticket):
    make_ticket()  # the repair targets have now set deadlines: a change makes the next version
    v1 = repair_handle()
    assert v1.history.get().history_type == "+"  # the seeded defaults have their first row too

    with time_machine.travel(T1, tick=False):
        v2 = set_commitment(
            category="repair",
            priority="",
            grade="",
            kind="handle",
            minutes=4 * 60,
            calendar=None,
            warn_percent=None,
            actor=world.manager,
        )

    retired = v1.history.filter(history_type="~").get()
    assert (retired.history_user, retired.history_date, retired.is_active) == (world.manager, T1, False)
    created = v2.history.get()
    assert (created.history_user, created.minutes, created.version) == (world.manager, 240, 2)

    change = next(c for c in settings_changes() if c.action == "+" and c.user == world.manager)
    assert change.note == "新版本，取代 v1"
    assert [(c.label, c.old, c.new) for c in change.changes] == [("时限(分钟)", "360", "240"), ("版本", "1", "2")]


def test_an_edit_that_changes_nothing_leaves_no_history_row(world):
    enter_days(first=date(2026, 10, 3), kind="holiday", name="国庆节", actor=world.manager)
    before = history_rows()
    enter_days(first=date(2026, 10, 3), kind="holiday", name="国庆节", actor=world.manager)
    assert history_rows() == before


def _enter(actor):
    enter_days(first=date(2026, 10, 1), kind="holiday", name="国庆节", actor=actor)


def _remove(actor):
    remove_day(CalendarDay.objects.get(date=date(2026, 5, 1)), actor=actor)


def _hours(actor):
    office = BusinessCalendar.objects.get(name="工作日 8:30-17:30")
    save_calendar(office, name="改", around_the_clock=True, day_start=None, day_end=None, weekdays="", actor=actor)


def _new_calendar(actor):
    save_calendar(None, name="夜班", around_the_clock=True, day_start=None, day_end=None, weekdays="", actor=actor)


def _delete_calendar(actor):
    delete_calendar(BusinessCalendar.objects.get(name="空日历"), actor=actor)


def _set(actor):
    set_commitment(
        category="repair",
        priority="",
        grade="",
        kind="handle",
        minutes=60,
        calendar=None,
        warn_percent=None,
        actor=actor,
    )


def _retire(actor):
    retire_commitment(repair_handle(), actor=actor)


def _revise(actor):
    revise_policy(repair_handle(), minutes=60, actor=actor)


@pytest.mark.parametrize("persona", ["supervisor", "qa", "agent", "engineer"])
@pytest.mark.parametrize("action", [_enter, _remove, _hours, _new_calendar, _delete_calendar, _set, _retire, _revise])
def test_an_actor_who_may_not_change_settings_is_refused_and_nothing_is_written(world, persona, action):
    CalendarDay.objects.create(date=date(2026, 5, 1), kind="holiday", name="劳动节")
    BusinessCalendar.objects.create(name="空日历")
    tables = (BusinessCalendar, CalendarDay, CommitmentPolicy)
    rows = {m: list(m.objects.order_by("pk").values()) for m in tables}
    history = history_rows()

    with pytest.raises(Forbidden):
        action(getattr(world, persona))

    assert {m: list(m.objects.order_by("pk").values()) for m in tables} == rows
    assert history_rows() == history


def test_the_change_log_is_for_those_who_read_the_commitments(client, world):
    client.force_login(world.qa)
    page = client.get(reverse("commitments")).content.decode()
    assert f'href="{reverse("settings-changes")}"' in page
    client.force_login(world.agent)
    assert client.get(reverse("settings-changes")).status_code == 403


def test_the_admin_shows_each_setting_s_history(client, world):
    enter_days(first=date(2026, 10, 1), kind="holiday", name="国庆节", actor=world.manager)
    day = CalendarDay.objects.get(date=date(2026, 10, 1))
    client.force_login(world.admin)
    page = client.get(f"/admin/deadlines/calendarday/{day.pk}/history/").content.decode()
    assert "赵经理" in page or "KF001" in page
    assert client.get(f"/admin/deadlines/commitmentpolicy/{repair_handle().pk}/history/").status_code == 200
