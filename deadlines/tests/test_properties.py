"""Property-based tests (hypothesis) beyond the calendar maths of test_calendars.py: holds on a
business clock, escalation chains, notification texts and the API's `deadlines`/`overdue`.
Outage targeting has its property in outages/tests/test_outages.py."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings as django_settings
from django.test.utils import override_settings
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from customers.models import Customer
from deadlines.calendars import WorkingTime
from deadlines.escalation import reporting_line
from deadlines.models import BusinessCalendar, CommitmentPolicy, Deadline
from deadlines.services import revise_policy
from deadlines.watcher import check_deadlines
from kefu.apitest import ApiClient
from notifications.models import Notification
from notifications.templates import render
from tests.factories import StaffFactory
from tickets.actions import accept_ticket, dispatch_ticket, hold_ticket, resume_ticket
from tickets.models import EventKind, TicketEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)  # a Monday
MIN = timedelta(minutes=1)
DB_EXAMPLES = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

NATIONAL_DAY = frozenset(date(2026, 10, d) for d in range(1, 8))
OFFICE = WorkingTime(
    tz=SHANGHAI, around_the_clock=False, holidays=NATIONAL_DAY, workdays=frozenset({date(2026, 10, 10)})
)
moments = st.datetimes(min_value=datetime(2026, 9, 1), max_value=datetime(2026, 12, 31)).map(  # noqa: DTZ001
    lambda d: d.replace(tzinfo=SHANGHAI, microsecond=0)
)


# ── holds on a business clock ────────────────────────────────────────────────────────────────


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(1, 5 * 24 * 60), st.integers(0, 5 * 24 * 60), st.integers(0, 10 * 24 * 60))
def test_a_hold_keeps_the_working_time_that_was_left(start, allowed, worked, held):
    """resume_deadlines' arithmetic: a clock stopped `worked` minutes after it started and
    restarted `held` minutes later has exactly the working time left that it had, and is due
    no earlier than without the hold."""
    due = OFFICE.add(start, allowed)
    paused_at = start + timedelta(minutes=worked)
    if paused_at >= due:
        return  # a broken promise is not paused (pause_deadlines)
    resumed_at = paused_at + timedelta(minutes=held)
    moved = OFFICE.add(max(resumed_at, paused_at), OFFICE.between(paused_at, due))
    assert OFFICE.between(resumed_at, moved) == OFFICE.between(paused_at, due)
    assert moved >= due
    assert moved - due <= resumed_at - paused_at + timedelta(days=12)  # never more than the hold plus a holiday


@DB_EXAMPLES
@given(st.lists(st.tuples(st.integers(0, 3 * 24 * 60), st.integers(1, 4 * 24 * 60)), min_size=1, max_size=3))
def test_holds_on_a_business_calendar_cost_no_working_time(world, make_ticket, periods):
    """Through the real actions: on a business-hours policy, for any holds over nights and
    weekends, the working time from each resume to the new due time equals what was left."""
    office = BusinessCalendar.objects.get()
    policy = CommitmentPolicy.objects.get(category="repair", priority="", grade="", kind="resolve", is_active=True)
    if policy.calendar_id is None:
        revise_policy(policy, calendar=office)
    with time_machine.travel(T0, tick=False) as clock:
        ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
        for worked, held in periods:
            clock.shift(timedelta(minutes=worked))
            resolve = Deadline.objects.get(ticket=ticket, kind="resolve")
            if resolve.due_at <= timezone.now():
                break  # broken: no longer paused, the property is about running clocks
            ticket = hold_ticket(ticket, reason="等待配件", actor=world.engineer)
            before = Deadline.objects.get(pk=resolve.pk)
            left = OFFICE.between(before.paused_at, before.due_at)
            clock.shift(timedelta(minutes=held))
            ticket = resume_ticket(ticket, actor=world.engineer)
            after = Deadline.objects.get(pk=resolve.pk)
            assert after.paused_at is None
            assert OFFICE.between(timezone.now(), after.due_at) == left
        # every hold is on the timeline with its reason, every resume with the pause it ended
        holds = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.HELD)
        assert holds.count() == TicketEvent.objects.filter(ticket=ticket, kind=EventKind.RESUMED).count()
        assert all(event.data["reason"] == "等待配件" for event in holds)


# ── escalation chains ────────────────────────────────────────────────────────────────────────

people = st.fixed_dictionaries(
    {
        "foreman": st.booleans(),  # the engineer has a foreman above him
        "chief": st.booleans(),  # the foreman has a chief
        "head": st.sampled_from(["none", "director", "chief", "foreman"]),  # who heads 工程部
        "inactive": st.sampled_from(["", "foreman", "chief", "director"]),
    }
)


@DB_EXAMPLES
@given(people)
def test_an_escalation_climbs_the_line_once_per_level_and_stops_at_its_end(world, make_ticket, line_shape):
    """For any shape of reporting line (missing superiors, no head, the head also a superior,
    someone inactive), a breach reaches each distinct active person above the holder exactly
    once, in order, one level per interval, and then stops."""
    n = _fresh()
    director = StaffFactory(username=f"d{n}", name="刘总监", work_number=f"D{n}", role=Role.FIELD, department=world.eng)
    chief = StaffFactory(username=f"c{n}", name="张主管", work_number=f"C{n}", role=Role.FIELD, department=world.eng)
    foreman = StaffFactory(username=f"f{n}", name="李班长", work_number=f"F{n}", role=Role.FIELD, department=world.eng)
    engineer = StaffFactory(username=f"e{n}", name="王师傅", work_number=f"E{n}", role=Role.FIELD, department=world.eng)
    if line_shape["chief"]:
        foreman.superior = chief
        foreman.save(update_fields=["superior"])
    if line_shape["foreman"]:
        engineer.superior = foreman
        engineer.save(update_fields=["superior"])
    heads = {"none": None, "director": director, "chief": chief, "foreman": foreman}
    world.eng.head = heads[line_shape["head"]]
    world.eng.save(update_fields=["head"])
    if line_shape["inactive"]:
        inactive = {"foreman": foreman, "chief": chief, "director": director}[line_shape["inactive"]]
        inactive.is_active = False
        inactive.save(update_fields=["is_active"])

    with time_machine.travel(T0, tick=False) as clock, override_settings(KEFU_ESCALATION_MINUTES=60):
        ticket = accept_ticket(dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=engineer)
        Deadline.objects.filter(ticket=ticket, kind="handle").update(due_at=T0 + MIN, warn_at=T0)
        expected = [person.username for person in reporting_line(ticket)[1:]]
        assert reporting_line(ticket)[0] == engineer
        assert len(set(expected)) == len(expected)
        reached = []
        for _hour in range(8):
            clock.shift(61 * MIN)
            check_deadlines()
            check_deadlines()  # a second pass at the same moment changes nothing
            reached = list(
                TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ESCALATED, data__deadline="handle")
                .order_by("id")
                .values_list("data__to", flat=True)
            )
        assert reached == expected
        assert Deadline.objects.get(ticket=ticket, kind="handle").escalate_at is None


_counter = iter(range(10**6))


def _fresh() -> int:
    """A new suffix per hypothesis example: the examples of one test share its database."""
    return next(_counter)


# ── notification content ─────────────────────────────────────────────────────────────────────

surnames = st.sampled_from(list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗") + ["欧阳", "司马"])
given_names = st.text(alphabet="建国秀英伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚", min_size=1, max_size=2)


@settings(max_examples=100, deadline=None)
@given(
    surname=surnames,
    given=given_names,
    gender=st.sampled_from(["male", "female", "unknown"]),
    number=st.from_regex(r"GD2026\d{4}-\d{4}", fullmatch=True),
    due=moments,
    template=st.sampled_from(["deadline_warning", "deadline_breached", "escalated"]),
    step=st.sampled_from(["dispatch", "respond", "handle", "resolve", "answer", "callback"]),
)
def test_staff_messages_name_the_ticket_the_step_and_the_local_due_time(
    surname, given, gender, number, due, template, step
):
    staff = StaffFactory.build(pk=10**6, name=surname + given)  # unsaved: the text needs no database
    note = Notification(
        staff=staff,
        channel="inapp",
        template=template,
        params={
            "number": number,
            "deadline": step,
            "due_at": due.astimezone(ZoneInfo("UTC")).isoformat(),
            "level": 1,
            "address": "翠湖苑",
        },
    )
    with translation.override("zh-hans"):
        subject, body = render(note)
    assert number in subject and number in body
    assert surname + given in body
    assert due.strftime("%Y-%m-%d %H:%M") in body  # in Shanghai time, whatever zone it was stored in
    assert "%(" not in subject + body


@settings(max_examples=100, deadline=None)
@given(surname=surnames, given=given_names, gender=st.sampled_from(["male", "female"]), eta=moments)
def test_customer_messages_use_the_honorific_and_the_company(surname, given, gender, eta):
    customer = Customer(pk=10**6, name=surname + given, gender=gender)  # unsaved
    note = Notification(
        customer=customer,
        channel="sms",
        address="13800138000",
        template="late_customer",
        params={"number": "GD20261123-0001", "new_eta": eta.isoformat()},
    )
    with translation.override("zh-hans"):
        _subject, body = render(note)
    assert body.startswith(surname + ("先生" if gender == "male" else "女士"))
    assert "GD20261123-0001" in body and eta.strftime("%Y-%m-%d %H:%M") in body
    assert body.rstrip().endswith(django_settings.KEFU_COMPANY_NAME)


# ── the API's deadlines and overdue fields ───────────────────────────────────────────────────

steps = st.lists(
    st.tuples(st.sampled_from(["wait", "dispatch", "accept", "hold", "resume", "watch"]), st.integers(1, 8 * 60)),
    min_size=1,
    max_size=6,
)


@DB_EXAMPLES
@given(steps)
def test_the_api_overdue_flag_agrees_with_its_deadlines_and_the_overdue_filter(world, make_ticket, plan):
    """For any history of waits, dispatches, holds and watcher passes: `overdue` is true exactly
    when some listed promise is unmet and past due (compared at the pause while held), each
    promise's `breached` is consistent with its times, and `overdue=true` lists the ticket
    exactly then."""
    api = ApiClient(world.supervisor)
    with time_machine.travel(T0, tick=False) as clock:
        ticket = make_ticket(content=f"属性测试{_fresh()}")
        for action, minutes in plan:
            ticket.refresh_from_db()
            try:
                if action == "dispatch" and ticket.status == "new":
                    ticket = dispatch_ticket(ticket, department=world.eng, actor=world.agent)
                elif action == "accept" and ticket.status == "dispatched":
                    ticket = accept_ticket(ticket, actor=world.engineer)
                elif action == "hold" and ticket.status in ("dispatched", "accepted"):
                    ticket = hold_ticket(ticket, reason="等业主回电", actor=world.agent)
                elif action == "resume" and ticket.status == "on_hold":
                    ticket = resume_ticket(ticket, actor=world.agent)
                elif action == "watch":
                    check_deadlines()
            finally:
                clock.shift(timedelta(minutes=minutes))
        now = timezone.now()
        body = api.get(f"/api/v1/tickets/{ticket.number}").json()
        listed = {
            item["number"]
            for item in api.get("/api/v1/tickets", {"overdue": "true", "q": ticket.number}).json()["items"]
        }
    rows = {(d.kind, d.round): d for d in Deadline.objects.filter(ticket=ticket)}
    assert {(d["kind"], d["round"]) for d in body["deadlines"]} == set(rows)
    for item in body["deadlines"]:
        row = rows[(item["kind"], item["round"])]
        reference = row.paused_at or now
        late = (
            row.breached_at is not None
            or (row.met_at is None and row.due_at < reference)
            or (row.met_at is not None and row.met_at > row.due_at)
        )
        assert item["breached"] == late
        assert (item["met_at"] is None) == (row.met_at is None)
    overdue = any(
        d.met_at is None and (d.breached_at is not None or d.due_at < (d.paused_at or now)) for d in rows.values()
    )
    assert body["overdue"] == overdue
    assert (ticket.number in listed) == overdue
