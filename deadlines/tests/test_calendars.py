"""Business calendars (工作时间): the arithmetic across nights, weekends, public holidays and
make-up working days (调休), policies per grade, policy versions, and holds on a business clock."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from deadlines.calendars import WorkingTime
from deadlines.models import BusinessCalendar, CalendarDay, CommitmentPolicy, DayKind, Deadline, PolicyInUse
from deadlines.services import due_time, policies_for, revise_policy
from tickets.actions import dispatch_ticket, hold_ticket, resume_ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")
MIN = timedelta(minutes=1)


def at(day: str, hhmm: str = "00:00") -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(hhmm), tzinfo=SHANGHAI)


# 2026-10: National Day 1-7 October (Thursday to Wednesday), Saturday 10 October worked instead.
NATIONAL_DAY = frozenset(date(2026, 10, d) for d in range(1, 8))
MAKE_UP = frozenset({date(2026, 10, 10)})
OFFICE = WorkingTime(tz=SHANGHAI, around_the_clock=False, holidays=NATIONAL_DAY, workdays=MAKE_UP)
ALWAYS = WorkingTime(tz=SHANGHAI)


# ── examples ─────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("start", "minutes", "due"),
    [
        (at("2026-11-23", "09:00"), 60, at("2026-11-23", "10:00")),  # Monday, inside hours
        (at("2026-11-23", "17:00"), 60, at("2026-11-24", "09:00")),  # across the night
        (at("2026-11-23", "20:00"), 60, at("2026-11-24", "09:30")),  # recorded after hours
        (at("2026-11-27", "17:00"), 60, at("2026-11-30", "09:00")),  # Friday → Monday
        (at("2026-11-28", "10:00"), 30, at("2026-11-30", "09:00")),  # recorded on Saturday
        (at("2026-11-23", "09:00"), 8 * 60 + 30, at("2026-11-23", "17:30")),  # ends at closing
        (at("2026-11-23", "08:30"), 24 * 60, at("2026-11-25", "14:30")),  # 24 h = 2⅔ working days of 9 h
        (at("2026-09-30", "17:00"), 60, at("2026-10-08", "09:00")),  # over National Day
        (at("2026-10-09", "17:00"), 60, at("2026-10-10", "09:00")),  # into the 调休 Saturday
        (at("2026-10-10", "17:00"), 60, at("2026-10-12", "09:00")),  # Sunday stays off
    ],
)
def test_business_hours_skip_nights_weekends_and_holidays(start, minutes, due):
    assert OFFICE.add(start, minutes) == due


def test_around_the_clock_is_plain_addition():
    assert ALWAYS.add(at("2026-10-01", "23:50"), 20) == at("2026-10-02", "00:10")
    assert ALWAYS.between(at("2026-10-01"), at("2026-10-02")) == timedelta(days=1)


def test_working_time_between_counts_only_open_hours():
    assert OFFICE.between(at("2026-11-27", "17:00"), at("2026-11-30", "09:00")) == 60 * MIN
    assert OFFICE.between(at("2026-09-30", "08:00"), at("2026-10-08", "08:00")) == 9 * 60 * MIN
    assert OFFICE.between(at("2026-11-30"), at("2026-11-27")) == timedelta(0)


def test_a_calendar_without_working_days_is_refused():
    never = WorkingTime(tz=SHANGHAI, around_the_clock=False, weekdays=frozenset())
    with pytest.raises(ValueError):
        never.add(at("2026-11-23"), 1)


# ── properties ───────────────────────────────────────────────────────────────────────────────

# Naive bounds are what hypothesis wants; the zone is attached to each drawn value.
starts = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 6, 30)).map(  # noqa: DTZ001
    lambda d: d.replace(tzinfo=SHANGHAI, microsecond=0)
)
amounts = st.integers(min_value=0, max_value=5 * 24 * 60)
days_2026 = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 6, 30))


@st.composite
def calendars(draw):
    opens = draw(st.integers(0, 22 * 60))
    closes = draw(st.integers(opens + 60, 24 * 60 - 1))  # an hour at least: 10 years hold any sum
    holidays = draw(st.frozensets(days_2026, max_size=40))
    return WorkingTime(
        tz=SHANGHAI,
        around_the_clock=False,
        day_start=time(opens // 60, opens % 60),
        day_end=time(closes // 60, closes % 60),
        weekdays=draw(st.frozensets(st.integers(1, 7), min_size=1)),
        holidays=holidays,
        workdays=draw(st.frozensets(days_2026, max_size=10)) - holidays,
    )


any_calendar = st.one_of(st.just(OFFICE), st.just(ALWAYS), calendars())


@settings(max_examples=300, deadline=None)
@given(any_calendar, starts, amounts, amounts)
def test_adding_a_then_b_equals_adding_a_plus_b(calendar, start, a, b):
    assert calendar.add(calendar.add(start, a), b) == calendar.add(start, a + b)


@settings(max_examples=300, deadline=None)
@given(any_calendar, starts, amounts, amounts)
def test_more_time_is_never_due_earlier(calendar, start, a, b):
    assert calendar.add(start, a) <= calendar.add(start, a + b)
    assert calendar.add(start, a) >= start


@settings(max_examples=300, deadline=None)
@given(any_calendar, starts, st.integers(min_value=1, max_value=5 * 24 * 60))
def test_never_due_inside_a_non_working_period(calendar, start, minutes):
    due = calendar.add(start, minutes)
    assert calendar.is_working(due)
    local = due.astimezone(SHANGHAI)
    assert calendar.around_the_clock or (local.date() not in calendar.holidays or local.date() in calendar.workdays)


@settings(max_examples=300, deadline=None)
@given(any_calendar, starts, st.integers(min_value=1, max_value=5 * 24 * 60))
def test_the_working_time_to_the_due_time_is_what_was_allowed(calendar, start, minutes):
    assert calendar.between(start, calendar.add(start, minutes)) == minutes * MIN


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(min_value=1, max_value=3 * 24 * 60), st.frozensets(days_2026, min_size=1, max_size=30))
def test_a_holiday_never_brings_a_due_time_forward_and_a_make_up_day_never_delays_it(start, minutes, days):
    plain = WorkingTime(tz=SHANGHAI, around_the_clock=False)
    with_holidays = WorkingTime(tz=SHANGHAI, around_the_clock=False, holidays=days)
    with_make_up_days = WorkingTime(tz=SHANGHAI, around_the_clock=False, workdays=days)
    assert with_holidays.add(start, minutes) >= plain.add(start, minutes)
    assert with_make_up_days.add(start, minutes) <= plain.add(start, minutes)
    # and the due time falls on no holiday, whatever the weekday
    assert with_holidays.add(start, minutes).astimezone(SHANGHAI).date() not in days


# ── the rows: calendars, holidays, policies ──────────────────────────────────────────────────


@pytest.fixture
def office(db):
    calendar = BusinessCalendar.objects.create(name="客服中心 8:30-17:30")
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, kind=DayKind.HOLIDAY, name="国庆节") for d in sorted(NATIONAL_DAY)]
        + [CalendarDay(date=d, kind=DayKind.WORKDAY, name="国庆调休") for d in MAKE_UP]
    )
    return calendar


def test_due_time_reads_holidays_and_make_up_days_from_the_table(office):
    assert due_time(at("2026-09-30", "17:00"), 60, office) == at("2026-10-08", "09:00")
    assert due_time(at("2026-10-09", "17:00"), 60, office) == at("2026-10-10", "09:00")
    assert due_time(at("2026-09-30", "17:00"), 60, None) == at("2026-09-30", "18:00")


def test_a_business_hours_policy_sets_a_business_due_time(make_ticket, office):
    revise_policy(CommitmentPolicy.objects.get(category="complaint", priority="", kind="resolve"), calendar=office)
    with time_machine.travel(at("2026-09-30", "16:30"), tick=False):
        ticket = make_ticket(category="complaint", content="物业费发票开错")
    resolve = Deadline.objects.get(ticket=ticket, kind="resolve")
    # 24 working hours from Wednesday 16:30: one hour that day, then from 8 October
    assert (resolve.calendar, resolve.allowed_minutes) == (office, 24 * 60)
    assert resolve.due_at == OFFICE.add(at("2026-10-08", "08:30"), 23 * 60)
    assert Deadline.objects.get(ticket=ticket, kind="dispatch").calendar is None  # still 24x7


def test_policies_per_grade_the_most_specific_wins(db):
    CommitmentPolicy.objects.create(category="repair", grade="A", kind="resolve", minutes=12 * 60)
    CommitmentPolicy.objects.create(category="repair", priority="urgent", grade="A", kind="resolve", minutes=4 * 60)
    minutes = {
        (priority, grade): policies_for("repair", priority, grade)["resolve"].minutes
        for priority in ("normal", "urgent")
        for grade in ("A", "C", "")
    }
    assert minutes == {
        ("normal", "A"): 12 * 60,
        ("normal", "C"): 24 * 60,
        ("normal", ""): 24 * 60,
        ("urgent", "A"): 4 * 60,
        ("urgent", "C"): 8 * 60,
        ("urgent", ""): 8 * 60,
    }


def test_a_grade_a_customer_gets_the_grade_a_commitment(make_ticket, customer, clock_t0):
    CommitmentPolicy.objects.create(category="repair", grade="A", kind="resolve", minutes=12 * 60)
    customer.grade = "A"
    customer.save(update_fields=["grade"])
    ticket = make_ticket()
    assert Deadline.objects.get(ticket=ticket, kind="resolve").allowed_minutes == 12 * 60


def test_a_used_policy_version_cannot_be_changed_in_place(make_ticket, clock_t0):
    make_ticket()
    handle = CommitmentPolicy.objects.get(category="repair", priority="", kind="handle")
    handle.minutes = 60
    with pytest.raises(PolicyInUse):
        handle.save()
    # switching it off is not a change of terms
    handle.refresh_from_db()
    handle.is_active = False
    handle.save()


def test_a_policy_version_is_marked_used_by_the_first_deadline_it_sets(make_ticket, clock_t0):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    repair = CommitmentPolicy.objects.filter(category="repair", is_active=True)
    other = CommitmentPolicy.objects.filter(category="complaint", is_active=True)
    assert not repair.filter(used=True).exists() and not repair[0].is_used()
    # the first repair marks every version that set one of its deadlines, and nothing else
    ticket = make_ticket()
    set_by = set(Deadline.objects.filter(ticket=ticket).values_list("policy_id", flat=True))
    assert set_by and set(CommitmentPolicy.objects.filter(used=True).values_list("pk", flat=True)) == set_by
    assert all(CommitmentPolicy.objects.get(pk=pk).is_used() for pk in set_by)
    assert not other.filter(used=True).exists()
    # the next repair finds them marked and writes no update for it
    with CaptureQueriesContext(connection) as queries:
        make_ticket()
    assert not [q for q in queries if "UPDATE" in q["sql"] and "commitmentpolicy" in q["sql"]]


def test_deadlines_have_no_index_on_their_policy(db):
    # CommitmentPolicy.used answers "in use?"; an index would cost an entry per breach recorded
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Deadline._meta.db_table)
    assert not [name for name, c in constraints.items() if c["index"] and c["columns"] == ["policy_id"]]


def test_the_migration_marks_the_versions_that_had_set_deadlines(make_ticket, clock_t0):
    import importlib

    from django.apps import apps

    make_ticket()
    set_by = set(CommitmentPolicy.objects.filter(used=True).values_list("pk", flat=True))
    CommitmentPolicy.objects.update(used=False)
    importlib.import_module("deadlines.migrations.0007_watcher_writes_fewer_index_entries").mark_used(apps, None)
    assert set(CommitmentPolicy.objects.filter(used=True).values_list("pk", flat=True)) == set_by


def test_an_unused_policy_is_revised_in_place(db):
    policy = CommitmentPolicy.objects.create(category="praise", kind="answer", minutes=60)
    revised = revise_policy(policy, minutes=120)
    assert (revised.pk, revised.version, revised.minutes) == (policy.pk, 1, 120)


def test_versions_count_up_and_only_the_latest_is_active(make_ticket, clock_t0):
    v1 = CommitmentPolicy.objects.get(category="repair", priority="", kind="resolve")
    make_ticket()
    v2 = revise_policy(v1, minutes=20 * 60)
    make_ticket()
    v3 = revise_policy(v2, minutes=18 * 60)
    rows = CommitmentPolicy.objects.filter(category="repair", priority="", grade="", kind="resolve")
    assert sorted(rows.values_list("version", "minutes", "is_active")) == [
        (1, 24 * 60, False),
        (2, 20 * 60, False),
        (3, 18 * 60, True),
    ]
    assert v3.version == 3


@pytest.fixture
def clock_t0():
    with time_machine.travel(at("2026-11-23", "09:00"), tick=False) as traveller:
        yield traveller


def test_a_hold_over_the_weekend_costs_no_business_time(world, make_ticket, office):
    revise_policy(CommitmentPolicy.objects.get(category="repair", priority="", kind="resolve"), calendar=office)
    with time_machine.travel(at("2026-11-27", "16:30"), tick=False) as clock:  # Friday
        ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
        promised = Deadline.objects.get(ticket=ticket, kind="resolve").due_at
        assert promised == at("2026-12-02", "13:30")  # 1 h Friday + 9 h Monday + 9 h Tuesday + 5 h
        clock.move_to(at("2026-11-27", "17:00"))
        ticket = hold_ticket(ticket, reason="等配件", actor=world.engineer)
        clock.move_to(at("2026-11-30", "08:30"))  # Monday's opening: 30 working minutes on hold
        resume_ticket(ticket, actor=world.engineer)
    assert Deadline.objects.get(ticket=ticket, kind="resolve").due_at == promised + 30 * MIN


def test_calendar_validation(db):
    from django.core.exceptions import ValidationError

    calendar = BusinessCalendar(name="坏日历", day_start=time(18), day_end=time(9), weekdays="1123")
    with pytest.raises(ValidationError) as raised:
        calendar.full_clean()
    assert set(raised.value.message_dict) >= {"day_end", "weekdays"}


def test_editing_a_used_policy_in_the_admin_creates_the_next_version(client, world, make_ticket, clock_t0):
    make_ticket()
    v1 = CommitmentPolicy.objects.get(category="repair", priority="", kind="handle")
    client.force_login(world.admin)
    response = client.post(
        f"/admin/deadlines/commitmentpolicy/{v1.pk}/change/",
        {
            "category": "repair",
            "priority": "",
            "grade": "",
            "kind": "handle",
            "minutes": "240",
            "calendar": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    v1.refresh_from_db()
    v2 = CommitmentPolicy.objects.get(category="repair", priority="", kind="handle", is_active=True)
    assert (v1.minutes, v1.is_active, v2.minutes, v2.version) == (6 * 60, False, 240, 2)


def test_holidays_are_entered_in_the_admin(client, world):
    client.force_login(world.admin)
    response = client.post(
        "/admin/deadlines/calendarday/add/", {"date": "2027-02-06", "kind": "workday", "name": "春节调休"}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=date(2027, 2, 6)).kind == DayKind.WORKDAY
    assert client.get("/admin/deadlines/calendarday/?date__year=2027").status_code == 200
