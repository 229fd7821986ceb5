"""The demo company: complete and consistent (one small load per instant, shared by the tests of this module)."""

from contextlib import nullcontext
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import Role, Staff
from customers.models import Customer
from deadlines.models import Deadline
from deadlines.watcher import check_deadlines
from demo import loader as demo
from tickets.models import Category, Channel, EventKind, Status, Ticket, TicketEvent
from workorders.models import SubOrder

SMALL = {"households": 30, "tickets": 40}
# The demo's one password hash is made with the first hasher; MD5 keeps the tests fast.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The status each timeline event leaves the ticket in (None: the status does not change).
STATUS_AFTER = {
    EventKind.CREATED: Status.NEW,
    EventKind.DISPATCHED: Status.DISPATCHED,
    EventKind.ACCEPTED: Status.ACCEPTED,
    EventKind.STARTED: Status.IN_PROGRESS,
    EventKind.HELD: Status.ON_HOLD,
    EventKind.RESOLVED: Status.RESOLVED,
    EventKind.ANSWERED: Status.RESOLVED,
    EventKind.CLOSED: Status.CLOSED,
}


def load_small(**options) -> str:
    out = StringIO()
    call_command("load_demo", households=SMALL["households"], tickets=SMALL["tickets"], stdout=out, **options)
    return out.getvalue()


# The demo is built relative to now, and the same tests hold whenever it is loaded: at the real
# now, and at these local times (Asia/Shanghai), the clock running on from there. 2026-12-04 19:00,
# a Friday evening, found yesterday's handover written after today's steps and no finished repair
# to accept; the others are past midnight on New Year's Day (a holiday, the night shift on duty began
# in last month's roster), just before the day shift, noon of 国庆, the end of the office day on the
# first of a month, a minute before the new year.
INSTANTS = [
    None,
    "2026-12-04 19:00",
    "2027-01-01 00:30",
    "2026-12-05 08:59",
    "2026-10-01 12:00",
    "2027-03-01 17:59",
    "2026-12-31 23:59",
]


@pytest.fixture(scope="module", params=INSTANTS)
def _small_demo(request, django_db_setup, django_db_blocker):
    """One small load shared by the read-only tests below, rolled back after the module."""
    at = request.param and datetime.fromisoformat(request.param).replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    clock = time_machine.travel(at, tick=True) if at else nullcontext()
    with (
        clock,
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, TIME_ZONE="Asia/Shanghai"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        load_small()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(_small_demo, db):
    pass


def test_it_has_every_role_category_and_status(loaded):
    assert set(Staff.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(Ticket.objects.values_list("category", flat=True)) == set(Category.values)
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Ticket.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert Ticket.objects.filter(reopen_count__gt=0).exists()
    # every planned request, and the sub-orders split off them (workorders.demo)
    assert Ticket.objects.count() == SMALL["tickets"] + SubOrder.objects.count()
    assert Customer.objects.count() == SMALL["households"]


def test_requests_carry_the_sub_type_an_agent_would_pick(loaded):
    with_subtype = Ticket.objects.filter(subtype__isnull=False).select_related("subtype")
    assert with_subtype.filter(category=Category.REPAIR).exists()
    assert all(t.subtype.category == t.category for t in with_subtype)


def test_every_timeline_starts_with_its_intake_and_ends_in_the_tickets_status(loaded):
    now = timezone.now()
    for ticket in Ticket.objects.prefetch_related("events"):
        events = list(ticket.events.order_by("id"))
        assert events[0].kind == EventKind.CREATED, ticket.number
        assert events[0].at == ticket.created_at
        # written in the order they happened, all in the past
        times = [e.at for e in events]
        assert times == sorted(times), ticket.number
        assert times[-1] <= now
        status = None
        for event in events:
            if event.kind in (EventKind.RESUMED, EventKind.REOPENED):
                status = event.data["to_status"]
            elif event.kind in STATUS_AFTER:
                status = STATUS_AFTER[event.kind]
        assert status == ticket.status, ticket.number
        assert ticket.number.startswith(f"GD{timezone.localdate(ticket.created_at):%Y%m%d}-")


def test_the_past_is_in_the_past_and_numbers_are_unique(loaded):
    numbers = list(Ticket.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    now = timezone.now()
    assert not Ticket.objects.filter(created_at__gt=now).exists()
    assert not Ticket.objects.filter(received_at__gt=now).exists()
    assert not Deadline.objects.filter(started_at__gt=now).exists()
    assert not Deadline.objects.filter(breached_at__gt=now).exists()
    oldest = Ticket.objects.order_by("created_at").first().created_at
    assert now - oldest > timezone.timedelta(days=7)


def test_breaches_are_recorded_once_with_their_events(loaded):
    breached = Deadline.objects.filter(breached_at__isnull=False)
    assert breached.exists()
    assert TicketEvent.objects.filter(kind=EventKind.DEADLINE_BREACHED).count() == breached.count()
    # the watcher has already seen everything that is due
    assert check_deadlines().breaches == 0


def test_the_demo_logins_work_with_the_demo_password(loaded):
    out = StringIO()
    call_command("load_demo", print_logins=True, stdout=out)
    text = out.getvalue()
    assert demo.DEMO_PASSWORD in text
    rows = demo.logins()
    assert {row["role"] for row in rows} == set(Role.values)
    for row in rows:
        assert row["username"] in text
        assert Staff.objects.get(username=row["username"]).check_password(demo.DEMO_PASSWORD)


def test_reporting_lines_and_heads(loaded):
    supervisor = Staff.objects.get(role=Role.SUPERVISOR)
    manager = Staff.objects.get(role=Role.MANAGER)
    assert supervisor.superior == manager
    assert all(agent.superior == supervisor for agent in Staff.objects.filter(role=Role.AGENT))
    assert set(Staff.objects.filter(role=Role.STEWARD).values_list("areas__name", flat=True)) == {
        "翠湖苑片区",
        "金桂园片区",
        "阳光花城片区",
    }
    from accounts.models import Department

    assert not Department.objects.filter(head__isnull=True).exists()


def test_verdicts_come_from_callbacks_and_no_callback_waits_on_closed_work(loaded):
    from callbacks.models import Callback, CallbackStatus, Outcome

    done = Callback.objects.filter(status=CallbackStatus.DONE)
    assert done.filter(outcome__in=[Outcome.SATISFIED, Outcome.BASICALLY_SATISFIED]).exists()
    assert not Callback.objects.filter(status=CallbackStatus.DUE, ticket__status=Status.CLOSED).exists()
    # every repair closed after its callback was closed by that callback's verdict
    for callback in done.filter(kind="repair", ticket__status=Status.CLOSED).select_related("ticket"):
        kinds = list(callback.ticket.events.order_by("id").values_list("kind", flat=True))
        assert EventKind.CALLBACK_RECORDED in kinds


def test_the_case_library_and_the_managers_in_tray_are_not_empty(loaded):
    from complaints.demo import _companys_fault
    from complaints.models import Case, Complaint, Criterion
    from complaints.selectors import complaint_register, similar_cases

    assert Case.objects.exists()  # written up from resolved complaints, through the real actions
    case = Case.objects.first()
    assert case.complaint.ticket.status in (Status.RESOLVED, Status.CLOSED)
    assert case in similar_cases(case.situation)
    # one open complaint, when the demo has any, waits for the manager as a major complaint
    still_open = Ticket.objects.filter(category=Category.COMPLAINT).exclude(status__in=(Status.RESOLVED, Status.CLOSED))
    expected = 1 if still_open.exists() else 0
    assert complaint_register(waiting=True).count() == expected
    assert Complaint.objects.filter(level="major", accepted_at__isnull=True).count() == expected
    # every closed complaint is graded, as a centre grades each one it closes: the register shows
    # whom it was about and how serious; a neighbour's noise counts without being the company's fault
    closed = Ticket.objects.filter(category=Category.COMPLAINT, status__in=(Status.RESOLVED, Status.CLOSED))
    assert closed.exists() and not closed.filter(complaint__isnull=True).exists()
    graded = Complaint.objects.filter(ticket__in=closed)
    assert {c.severity for c in graded} >= {"ordinary"} and all(c.is_valid for c in graded)
    fault = Criterion.objects.filter(required=False).order_by("order", "id").first()  # 本公司的过错
    for c in graded.select_related("ticket"):
        assert (fault.pk in c.criteria_met) == _companys_fault(c.ticket.content), c.ticket.content


def test_the_roster_covers_the_month_and_the_desk_has_open_entries(loaded):
    from registers.models import Entry
    from shifts.models import Handover, RosterEntry
    from shifts.selectors import on_duty

    today = timezone.localdate()
    assert RosterEntry.objects.filter(day__year=today.year, day__month=today.month).count() > 200
    assert on_duty()  # someone is at work whatever the hour
    assert set(Entry.objects.filter(status="open").values_list("kind", flat=True)) >= {
        "key",
        "storage",
        "card",
        "mail",
        "lost_found",
        "move_in",
    }
    assert Handover.objects.filter(status="pending").count() == 1


def test_complete_work_orders_are_shown(loaded):
    # workorders.demo: a plan with a node done, a sub-order, an acceptance and a refusal sent back
    from workorders.models import Acceptance, PlanNode

    assert PlanNode.objects.filter(done_at__isnull=False).exists() and SubOrder.objects.exists()
    # (the small load may finish only one piece of departmental work: then only the acceptance)
    verdicts = set(Acceptance.objects.values_list("accepted", "ticket__status"))
    assert (True, Status.RESOLVED) in verdicts and verdicts <= {(True, Status.RESOLVED), (False, Status.DISPATCHED)}
