"""Running late (B2): the engineer records the delay with a reason and a new time; the timeline
keeps it with the customer and the area steward who are told. Bad input writes nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from customers.models import Area, Community
from kefu.apitest import ApiClient, error_of
from tickets.actions import dispatch_ticket, report_late
from tickets.models import EventKind, TicketEvent
from tickets.timeline import describe

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def dispatched(world, make_ticket, clock):
    area = Area.objects.create(name="东区", steward=world.steward)
    Community.objects.filter(name="翠湖苑").update(area=area)
    return dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)


def late_events(ticket):
    return list(TicketEvent.objects.filter(ticket=ticket, kind=EventKind.LATE_REPORTED))


def test_an_engineer_running_late_records_it_and_the_customer_and_steward_are_named(world, dispatched):
    report_late(dispatched, reason="前一单未完工", new_eta=T0 + timedelta(hours=2), actor=world.engineer)
    (event,) = late_events(dispatched)
    assert event.actor == world.engineer
    assert event.data == {
        "reason": "前一单未完工",
        "new_eta": (T0 + timedelta(hours=2)).isoformat(),
        "customer": dispatched.customer_id,
        "contact": "王建国",
        "steward": "steward",
        "steward_name": "吴管家",
    }
    with translation.override("en"):
        assert describe(event) == "Running late, new arrival time 2026-11-23 11:00: 前一单未完工"


def test_staff_of_another_department_may_not_report_a_delay(world, dispatched):
    from core.errors import Forbidden

    with pytest.raises(Forbidden):
        report_late(dispatched, reason="x", new_eta=T0 + timedelta(hours=1), actor=world.guard)
    assert late_events(dispatched) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "", "new_eta": "2026-11-23T11:00:00+08:00"}, "reason"),
        ({"reason": "堵车", "new_eta": "2026-11-23T08:00:00+08:00"}, "new_eta"),  # in the past
        ({"reason": "堵车", "new_eta": "2027-01-23T08:00:00+08:00"}, "new_eta"),  # months away
        ({"reason": "堵车", "new_eta": "明天"}, "new_eta"),
        ({"reason": "堵车"}, "new_eta"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(world, dispatched, body, field):
    response = ApiClient(world.engineer).post(f"/api/v1/tickets/{dispatched.number}/late", body)
    assert response.status_code in (400, 422)
    error = error_of(response)
    assert field in str(error.get("fields", {})) or field in error["message"]
    assert late_events(dispatched) == []


def test_the_api_records_a_delay(world, dispatched):
    response = ApiClient(world.engineer).post(
        f"/api/v1/tickets/{dispatched.number}/late", {"reason": "配件在路上", "new_eta": "2026-11-23T14:00:00+08:00"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["number"] == dispatched.number
    assert late_events(dispatched)[0].data["new_eta"] == "2026-11-23T14:00:00+08:00"


def test_a_delay_cannot_be_reported_on_a_ticket_not_yet_dispatched(world, make_ticket, clock):
    ticket = make_ticket()
    response = ApiClient(world.agent).post(
        f"/api/v1/tickets/{ticket.number}/late", {"reason": "堵车", "new_eta": "2026-11-23T11:00:00+08:00"}
    )
    assert response.status_code == 409
    assert late_events(ticket) == []


def test_the_ticket_page_offers_the_form_and_records_the_delay(client, world, dispatched):
    client.force_login(world.engineer)
    page = client.get(f"/tickets/{dispatched.number}/").content.decode()
    assert "data-late-report" in page
    response = client.post(
        f"/tickets/{dispatched.number}/late/",
        {"reason": "前一单未完工", "new_eta": "2026-11-23T15:30"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert late_events(dispatched)[0].data["new_eta"] == "2026-11-23T15:30:00+08:00"
    # the guard of another department sees no such form
    client.force_login(world.guard)
    assert client.get(f"/tickets/{dispatched.number}/").status_code == 404
