"""Commitment targets and calendars in the console: the manager and the administrator change
them (new tickets only, a new version when the old one has set deadlines); supervisors and
quality inspectors read them; everyone else is refused."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from deadlines.models import BusinessCalendar, CalendarDay, CommitmentPolicy, Deadline
from deadlines.services import set_commitment

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)  # a Monday


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def repair_handle() -> CommitmentPolicy:
    return CommitmentPolicy.objects.get(category="repair", priority="", grade="", kind="handle", is_active=True)


# ── who ──────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("persona", ["manager", "admin"])
def test_the_manager_and_the_admin_edit_commitments_from_the_menu(client, world, persona):
    client.force_login(getattr(world, persona))
    page = client.get(reverse("commitments")).content.decode()
    assert f'href="{reverse("commitments")}"' in page
    assert "data-commitment-form" in page and "data-retire-policy" in page
    assert "data-days-form" in client.get(reverse("calendars")).content.decode()


@pytest.mark.parametrize("persona", ["supervisor", "qa"])
def test_supervisors_and_inspectors_read_but_do_not_edit(client, world, persona):
    client.force_login(getattr(world, persona))
    page = client.get(reverse("commitments")).content.decode()
    assert 'data-key="repair/*/*/handle"' in page
    assert "data-commitment-form" not in page
    response = client.post(
        reverse("commitment-set"), {"category": "repair", "kind": "handle", "hours": 1, "minutes": 0}
    )
    assert response.status_code == 403
    assert client.post(reverse("calendar-days-add"), {"first": "2026-10-01", "kind": "holiday"}).status_code == 403


@pytest.mark.parametrize("persona", ["agent", "engineer", "steward"])
def test_the_others_are_refused(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("commitments")).status_code == 403
    assert client.get(reverse("calendars")).status_code == 403
    assert f'href="{reverse("commitments")}"' not in client.get(reverse("notifications")).content.decode()


# ── commitment targets ───────────────────────────────────────────────────────────────────────


def test_editing_a_used_target_creates_the_next_version_for_new_tickets_only(client, world, make_ticket, clock):
    # given a repair whose 6-hour handle promise was set by version 1
    old_ticket = make_ticket()
    v1 = repair_handle()
    client.force_login(world.manager)

    # when the manager shortens it to 4 h 30 m
    response = client.post(
        reverse("commitment-set"), {"category": "repair", "kind": "handle", "hours": 4, "minutes": 30}, follow=True
    )

    # then version 2 applies to new tickets, version 1 stays as the record of the old promise
    assert response.status_code == 200
    v2 = repair_handle()
    assert (v2.version, v2.minutes, v2.changed_by) == (2, 270, world.manager)
    v1.refresh_from_db()
    assert not v1.is_active and v1.minutes == 360
    assert Deadline.objects.get(ticket=old_ticket, kind="handle").policy == v1
    new_ticket = make_ticket()
    handle = Deadline.objects.get(ticket=new_ticket, kind="handle")
    assert handle.policy == v2 and handle.due_at == T0 + timedelta(minutes=270)
    # and the history screen shows both versions
    history = client.get(reverse("commitment-history", args=[v2.pk])).content.decode()
    assert 'data-version="1"' in history and 'data-version="2"' in history


def test_a_new_target_for_a_grade_and_a_calendar(client, world, make_ticket, customer, clock):
    client.force_login(world.admin)
    office = BusinessCalendar.objects.get()

    client.post(
        reverse("commitment-set"),
        {
            "category": "repair",
            "grade": "A",
            "kind": "resolve",
            "hours": 8,
            "minutes": 0,
            "calendar": office.pk,
            "warn_percent": 50,
        },
    )

    policy = CommitmentPolicy.objects.get(category="repair", grade="A", kind="resolve", is_active=True)
    assert (policy.version, policy.minutes, policy.calendar, policy.warn_percent) == (1, 480, office, 50)
    customer.grade = "A"
    customer.save(update_fields=["grade"])
    resolve = Deadline.objects.get(ticket=make_ticket(), kind="resolve")
    assert resolve.policy == policy
    assert resolve.due_at == T0.replace(hour=17)  # 8 working hours from 09:00
    # and on Friday evening the same promise runs over the weekend
    clock.move_to(datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI))
    friday = Deadline.objects.get(ticket=make_ticket(), kind="resolve")
    assert friday.due_at == datetime(2026, 11, 30, 16, 0, tzinfo=SHANGHAI)  # 0.5 h Friday, 7.5 h from 08:30 Monday


def test_retiring_a_target_stops_it_for_new_tickets(client, world, make_ticket, clock):
    client.force_login(world.manager)
    policy = repair_handle()

    client.post(reverse("commitment-retire", args=[policy.pk]))

    assert not CommitmentPolicy.objects.filter(
        category="repair", priority="", grade="", kind="handle", is_active=True
    ).exists()
    assert not Deadline.objects.filter(ticket=make_ticket(), kind="handle").exists()


def test_a_revision_keeps_the_terms_it_does_not_name(world, make_ticket, clock):
    from deadlines.services import revise_policy

    policy = repair_handle()
    CommitmentPolicy.objects.filter(pk=policy.pk).update(warn_percent=60)
    make_ticket()  # the version has made a promise: it must not change in place

    revised = revise_policy(policy, minutes=300, actor=world.manager)

    assert revised.pk != policy.pk
    assert (revised.minutes, revised.warn_percent, revised.changed_by) == (300, 60, world.manager)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"category": "repair", "kind": "handle", "hours": 0, "minutes": 0}, "__all__"),
        ({"category": "nonsense", "kind": "handle", "hours": 1, "minutes": 0}, "category"),
        ({"category": "repair", "kind": "handle", "hours": 1, "minutes": 75}, "minutes"),
        ({"category": "repair", "kind": "handle", "hours": 1, "minutes": 0, "warn_percent": 100}, "warn_percent"),
    ],
)
def test_invalid_targets_are_refused_and_write_nothing(client, world, data, field):
    client.force_login(world.manager)
    before = list(CommitmentPolicy.objects.values_list("pk", "minutes", "version", "is_active"))

    response = client.post(reverse("commitment-set"), data, HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    assert list(CommitmentPolicy.objects.values_list("pk", "minutes", "version", "is_active")) == before


# ── calendars ────────────────────────────────────────────────────────────────────────────────


def test_national_day_and_its_make_up_saturday_are_entered_per_year(client, world, make_ticket, clock):
    client.force_login(world.manager)

    client.post(
        reverse("calendar-days-add"), {"first": "2026-10-01", "last": "2026-10-07", "kind": "holiday", "name": "国庆节"}
    )
    client.post(reverse("calendar-days-add"), {"first": "2026-10-10", "kind": "workday", "name": "国庆调休"})

    assert CalendarDay.objects.filter(kind="holiday", date__year=2026).count() == 7
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).kind == "workday"
    page = client.get(reverse("calendars"), {"year": 2026}).content.decode()
    assert 'data-day="2026-10-07" data-kind="holiday"' in page and 'data-day="2026-10-10" data-kind="workday"' in page
    # and a business-hours commitment counts with them
    office = BusinessCalendar.objects.get()
    set_commitment(
        category="complaint",
        priority="",
        grade="",
        kind="resolve",
        minutes=60,
        calendar=office,
        warn_percent=None,
        actor=world.manager,
    )
    with time_machine.travel(datetime(2026, 9, 30, 17, 0, tzinfo=SHANGHAI), tick=False):
        ticket = make_ticket(category="complaint", content="保洁不到位")
    assert Deadline.objects.get(ticket=ticket, kind="resolve").due_at == datetime(2026, 10, 8, 9, 0, tzinfo=SHANGHAI)


def test_entering_a_day_again_corrects_it_and_removing_it_works(client, world):
    client.force_login(world.admin)
    client.post(reverse("calendar-days-add"), {"first": "2026-10-10", "kind": "holiday", "name": "错"})
    client.post(reverse("calendar-days-add"), {"first": "2026-10-10", "kind": "workday", "name": "国庆调休"})
    day = CalendarDay.objects.get()
    assert (day.kind, day.name) == ("workday", "国庆调休")

    client.post(reverse("calendar-day-remove", args=[day.pk]))

    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"first": "2026-10-07", "last": "2026-10-01", "kind": "holiday"},
        {"first": "2026-01-01", "last": "2026-03-01", "kind": "holiday"},
        {"first": "2026-10-01", "kind": "weekend"},
        {"first": "not a date", "kind": "holiday"},
    ],
)
def test_invalid_days_are_refused(client, world, data):
    client.force_login(world.manager)
    assert client.post(reverse("calendar-days-add"), data).status_code == 400
    assert not CalendarDay.objects.exists()


def test_a_calendar_is_created_and_its_hours_changed(client, world):
    client.force_login(world.manager)

    client.post(
        reverse("calendar-save"),
        {
            "name": "物业前台 8:00-18:00",
            "day_start": "08:00",
            "day_end": "18:00",
            "weekdays": ["1", "2", "3", "4", "5", "6"],
        },
    )
    front = BusinessCalendar.objects.get(name="物业前台 8:00-18:00")
    assert (front.day_start, front.day_end, front.weekdays) == (time(8), time(18), "123456")

    client.post(
        reverse("calendar-save"),
        {"calendar_id": front.pk, "name": front.name, "day_start": "08:00", "day_end": "17:00", "weekdays": ["1", "2"]},
    )
    front.refresh_from_db()
    assert (front.day_end, front.weekdays) == (time(17), "12")

    bad = client.post(
        reverse("calendar-save"), {"name": "反了", "day_start": "18:00", "day_end": "08:00", "weekdays": ["1"]}
    )
    assert bad.status_code == 400

    client.post(reverse("calendar-delete", args=[front.pk]))
    assert not BusinessCalendar.objects.filter(pk=front.pk).exists()


def test_a_calendar_in_use_cannot_be_deleted(client, world):
    client.force_login(world.manager)
    office = BusinessCalendar.objects.get()
    set_commitment(
        category="suggestion",
        priority="",
        grade="",
        kind="answer",
        minutes=60,
        calendar=office,
        warn_percent=None,
        actor=world.manager,
    )

    assert client.post(reverse("calendar-delete", args=[office.pk])).status_code == 409
    assert BusinessCalendar.objects.filter(pk=office.pk).exists()
