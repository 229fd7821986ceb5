"""Ticket numbers GDyyyymmdd-NNNN: the company's local date, one sequence per day, never twice."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from core.errors import InvalidInput
from tickets.actions import create_ticket
from tickets.models import Ticket, TicketEvent


def test_the_number_uses_the_local_date_not_the_utc_one(make_ticket):
    # given it is 17:00 UTC on 23 November: already 01:00 on the 24th in Shanghai
    with time_machine.travel(datetime(2026, 11, 23, 17, 0, tzinfo=UTC), tick=False):
        ticket = make_ticket()
    assert ticket.number == "GD20261124-0001"


def test_the_local_day_starts_at_midnight_in_shanghai(make_ticket):
    with time_machine.travel(datetime(2026, 11, 23, 15, 59, 59, tzinfo=UTC), tick=False):
        late = make_ticket()
    with time_machine.travel(datetime(2026, 11, 23, 16, 0, tzinfo=UTC), tick=False):
        early = make_ticket()
    assert (late.number, early.number) == ("GD20261123-0001", "GD20261124-0001")


def test_numbers_run_in_sequence_within_a_day(make_ticket):
    with time_machine.travel(datetime(2026, 11, 23, 1, 0, tzinfo=UTC), tick=True):
        numbers = [make_ticket().number for _ in range(3)]
    assert numbers == ["GD20261123-0001", "GD20261123-0002", "GD20261123-0003"]


def test_numbers_restart_at_0001_the_next_day(make_ticket):
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC), tick=False) as clock:
        first_day = [make_ticket().number, make_ticket().number]
        clock.shift(timedelta(days=1))
        next_day = [make_ticket().number, make_ticket().number]
    assert first_day == ["GD20261123-0001", "GD20261123-0002"]
    assert next_day == ["GD20261124-0001", "GD20261124-0002"]


def test_a_letter_dated_yesterday_takes_todays_number(make_ticket):
    # the number says when the request was recorded; received_at says when it arrived
    with time_machine.travel(datetime(2026, 11, 23, 2, 0, tzinfo=UTC), tick=False):
        ticket = make_ticket(channel="letter", received_at=datetime(2026, 11, 22, 8, 0, tzinfo=UTC))
    assert ticket.number == "GD20261123-0001"


def test_a_refused_request_uses_up_no_number(make_ticket):
    with time_machine.travel(datetime(2026, 11, 23, 2, 0, tzinfo=UTC), tick=False):
        first = make_ticket()
        with pytest.raises(InvalidInput):
            make_ticket(content="")
        second = make_ticket()
    assert (first.number, second.number) == ("GD20261123-0001", "GD20261123-0002")


@pytest.mark.django_db(transaction=True)
def test_numbers_stay_unique_when_agents_record_at_the_same_moment(world, customer):
    # given eight agents' sessions recording ten requests each, all at once, on one day
    threads, per_thread = 8, 10
    numbers: list[str] = []
    failures: list[BaseException] = []
    start = threading.Barrier(threads)

    def agent_session():
        try:
            start.wait()
            for _ in range(per_thread):
                ticket = create_ticket(
                    actor=world.agent, category="repair", channel="phone", content="厨房水管漏水", customer=customer
                )
                numbers.append(ticket.number)
        except BaseException as exc:  # reported by the main thread below
            failures.append(exc)
        finally:
            connection.close()

    # A ticking clock in mid-morning: every intake falls on the same local day.
    with time_machine.travel(datetime(2026, 11, 23, 2, 0, tzinfo=UTC), tick=True):
        sessions = [threading.Thread(target=agent_session) for _ in range(threads)]
        for session in sessions:
            session.start()
        for session in sessions:
            session.join(timeout=120)

    # then every request got its own number, with no gap and no repeat
    assert failures == []
    expected = [f"GD20261123-{n:04d}" for n in range(1, threads * per_thread + 1)]
    assert sorted(numbers) == expected
    assert sorted(Ticket.objects.values_list("number", flat=True)) == expected
    assert all(re.fullmatch(r"GD\d{8}-\d{4}", n) for n in numbers)
    # and each intake committed its timeline row with its number
    assert TicketEvent.objects.count() == threads * per_thread
