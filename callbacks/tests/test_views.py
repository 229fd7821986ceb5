"""The callback screens: the queue, oldest due first; the script; recording from the form."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from callbacks.models import Callback, CallbackStatus
from tests.factories import CustomerFactory
from tickets.models import Status

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_the_queue_lists_the_oldest_due_first(client, world, resolved_repair, _clock):
    first = resolved_repair()
    _clock.shift(timedelta(hours=1))
    second = resolved_repair(content="卫生间堵了")
    client.force_login(world.agent)
    html = client.get(reverse("callback-queue")).content.decode()
    assert html.index(f'data-ticket="{first.number}"') < html.index(f'data-ticket="{second.number}"')


def test_the_script_names_the_company_the_agent_and_the_customer(client, world, resolved_repair, settings):
    settings.KEFU_COMPANY_NAME = "亚美物业"
    resolved_repair()
    callback = Callback.objects.get()
    client.force_login(world.agent)
    with_lang = client.get(reverse("callback-detail", args=[callback.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = with_lang.content.decode()
    assert "亚美物业" in html
    assert world.agent.work_number in html
    assert callback.customer.honorific in html
    assert 'data-question="quality"' in html
    assert "data-a-grade" not in html


def test_a_grade_customers_get_their_own_wording(client, world, resolved_repair):
    vip = CustomerFactory(name="李芳", gender="female", phone="13900139000", grade="A")
    resolved_repair(customer=vip)
    callback = Callback.objects.get()
    client.force_login(world.agent)
    html = client.get(reverse("callback-detail", args=[callback.pk])).content.decode()
    assert "data-a-grade" in html
    assert vip.honorific in html


def test_recording_from_the_form_closes_a_satisfied_ticket(client, world, resolved_repair):
    ticket = resolved_repair()
    callback = Callback.objects.get()
    client.force_login(world.agent)
    response = client.post(
        reverse("callback-record", args=[callback.pk]),
        {"outcome": "satisfied", "q_punctual": "5", "q_quality": "4", "q_attitude": "5", "note": ""},
    )
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.DONE
    assert callback.answers == {"punctual": 5, "quality": 4, "attitude": 5}
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_a_bad_score_is_refused_and_nothing_changes(client, world, resolved_repair):
    resolved_repair()
    callback = Callback.objects.get()
    client.force_login(world.agent)
    response = client.post(reverse("callback-record", args=[callback.pk]), {"outcome": "satisfied", "q_quality": "9"})
    assert response.status_code == 400
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.DUE


@pytest.mark.parametrize("persona", ["engineer", "qa", "steward"])
def test_other_roles_cannot_open_the_queue(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("callback-queue")).status_code == 403


def test_the_queue_costs_a_constant_number_of_queries(client, world, resolved_repair, django_assert_max_num_queries):
    for i in range(6):
        resolved_repair(content=f"水管 {i}")
    client.force_login(world.agent)
    client.get(reverse("callback-queue"))
    with django_assert_max_num_queries(12):
        client.get(reverse("callback-queue"))


def test_the_department_sees_the_supervised_work_back_in_its_queue(client, world, resolved_repair):
    from callbacks.actions import record_callback

    ticket = resolved_repair()
    record_callback(Callback.objects.get(ticket=ticket), outcome="unsatisfied", note="还在漏水", actor=world.agent)
    client.force_login(world.engineer)
    html = client.get(reverse("department-queue")).content.decode()
    row = html[html.index(f'data-ticket="{ticket.number}"') :]
    assert "data-supervised" in row[: row.index("</tr>")]


def test_the_form_takes_the_time_a_busy_customer_names(client, world, resolved_repair):
    ticket = resolved_repair()
    callback = Callback.objects.get(ticket=ticket)
    client.force_login(world.agent)
    url = reverse("callback-record", args=[callback.pk])
    assert client.post(url, {"outcome": "busy", "call_after": "2026-11-24T10:30"}).status_code == 302
    callback.refresh_from_db()
    assert callback.call_after == datetime(2026, 11, 24, 10, 30, tzinfo=SHANGHAI)
    # still in the queue at its place (oldest due first), marked as not to be called yet
    queue = client.get(reverse("callback-queue")).content.decode()
    assert f'data-callback="{callback.pk}"' in queue and "data-waiting" in queue
    assert client.post(url, {"outcome": "busy", "call_after": "not a time"}).status_code == 400
