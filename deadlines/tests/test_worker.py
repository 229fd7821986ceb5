from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tickets.models import EventKind, TicketEvent


@pytest.mark.django_db
def test_worker_once_records_breaches_like_the_command(make_ticket):
    # given a repair recorded 20 minutes ago and never dispatched (dispatch is due in 15)
    with time_machine.travel(timezone.now() - timedelta(minutes=20), tick=False):
        ticket = make_ticket()
    # when the worker runs one pass
    call_command("run_worker", "--once")
    # then the dispatch breach is on the timeline, once
    kinds = list(
        TicketEvent.objects.filter(ticket=ticket, kind=EventKind.DEADLINE_BREACHED).values_list(
            "data__deadline", flat=True
        )
    )
    assert kinds == ["dispatch"]
    call_command("check_deadlines")
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.DEADLINE_BREACHED).count() == 1


@pytest.mark.django_db
def test_defaults_fill_only_an_empty_commitment_table():
    from deadlines.defaults import (
        CHANNEL_COMMITMENTS,
        DEFAULT_COMMITMENTS,
        SUBTYPE_COMMITMENTS,
        seed_default_commitments,
    )
    from deadlines.models import CommitmentPolicy

    shipped = len(DEFAULT_COMMITMENTS) + len(CHANNEL_COMMITMENTS) + len(SUBTYPE_COMMITMENTS)
    # migrate has seeded the table; a second call must not add or restore anything
    assert CommitmentPolicy.objects.count() == shipped
    CommitmentPolicy.objects.filter(category="repair", kind="dispatch").update(is_active=False)
    assert seed_default_commitments() == 0
    assert not CommitmentPolicy.objects.get(category="repair", kind="dispatch", priority="").is_active
    CommitmentPolicy.objects.all().delete()
    assert seed_default_commitments() == shipped


class Hung(BaseException):
    """Raised by the alarm of a test that would otherwise hang; the worker's loop, which survives
    any Exception of a pass, must not swallow it."""


@pytest.mark.django_db
def test_ctrl_c_stops_the_worker_at_once_and_hands_the_signals_back(settings, monkeypatch):
    import os
    import signal
    import time

    # given a worker that would sleep an hour between passes
    settings.KEFU_WATCH_INTERVAL = 3600
    passes = []

    def pass_then_ctrl_c(*args, **kwargs):
        passes.append(1)
        # what Ctrl-C in `make run` does: SIGINT to the whole group, then scripts/serve's SIGTERM
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGTERM)
        return 0

    monkeypatch.setattr("deadlines.management.commands.run_worker.check_deadlines", pass_then_ctrl_c)
    before = signal.getsignal(signal.SIGINT)

    def hung(*args):
        raise Hung("the worker did not stop")

    guard = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        started = time.monotonic()
        # when both signals arrive during a pass
        call_command("run_worker")
        elapsed = time.monotonic() - started
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, guard)
    # then the pass ends, no second one starts, the hour is not waited, and Ctrl-C is pytest's again
    assert passes == [1]
    assert elapsed < 5
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.django_db
def test_a_second_stop_signal_inside_the_first_handler_does_not_hang(settings, monkeypatch):
    import signal
    import sys

    settings.KEFU_WATCH_INTERVAL = 3600

    def pass_with_nested_signals(*args, **kwargs):
        on_int, on_term = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
        nested = []

        # SIGTERM's handler runs at every line the SIGINT handler executes, as a signal arriving
        # at that moment would: it must never wait for something the interrupted handler holds.
        def tracer(frame, event, arg):
            if event == "line" and not nested:
                nested.append(1)
                try:
                    on_term(signal.SIGTERM, None)
                finally:
                    nested.pop()
            return tracer

        previous = sys.gettrace()
        sys.settrace(tracer)
        try:
            on_int(signal.SIGINT, None)
        finally:
            sys.settrace(previous)
        return 0

    monkeypatch.setattr("deadlines.management.commands.run_worker.check_deadlines", pass_with_nested_signals)

    def hung(*args):
        raise Hung("a stop handler waited for a lock held by the handler it interrupted")

    guard = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        call_command("run_worker")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, guard)
