"""SQLite's write transactions take turns through the lock file beside the database (core/db/sqlite3)."""

import fcntl
import os
import threading

import pytest
from django.db import connection, connections, transaction

from tickets.models import TicketSequence

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock")


def _turn_is_free() -> bool:
    fd = os.open(f"{connection.settings_dict['NAME']}.writers", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing releases a lock taken here
    return True


@pytest.mark.django_db(transaction=True)
def test_a_write_transaction_holds_the_turn_until_it_ends():
    assert _turn_is_free()
    with transaction.atomic():
        TicketSequence.objects.create(day="2026-12-01", last=1)
        assert not _turn_is_free()
    assert _turn_is_free()
    with pytest.raises(RuntimeError), transaction.atomic():
        TicketSequence.objects.create(day="2026-12-02", last=1)
        assert not _turn_is_free()
        raise RuntimeError
    assert _turn_is_free()  # a rollback gives the turn back too
    assert list(TicketSequence.objects.values_list("last", flat=True)) == [1]


@pytest.mark.django_db(transaction=True)
def test_a_second_writer_waits_for_the_turn_and_then_writes():
    events = []
    committed = threading.Event()

    def second_writer():
        try:
            with transaction.atomic():
                events.append(("second began", committed.is_set()))
                TicketSequence.objects.create(day="2026-12-02", last=1)
        finally:
            connections.close_all()

    with transaction.atomic():
        TicketSequence.objects.create(day="2026-12-01", last=1)
        other = threading.Thread(target=second_writer)
        other.start()
        other.join(0.3)
        assert other.is_alive()  # queued behind us, not failed with "database is locked"
        committed.set()
    other.join(10)
    assert events == [("second began", True)]
    assert TicketSequence.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_past_the_busy_timeout_the_transaction_goes_ahead_without_the_turn(monkeypatch):
    """The queue never waits longer than SQLite would: a turn held elsewhere (a stuck process)
    does not block writers for ever."""
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.2)
    fd = os.open(f"{connection.settings_dict['NAME']}.writers", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with transaction.atomic():
            TicketSequence.objects.create(day="2026-12-01", last=1)
            assert connection._turn_fd is None
    finally:
        os.close(fd)
    for waiter in threading.enumerate():  # the abandoned waiter takes the turn and lets it go
        if waiter.name == "sqlite-write-turn":
            waiter.join(5)
    assert _turn_is_free()
    with transaction.atomic():  # and the next one takes the turn again
        TicketSequence.objects.create(day="2026-12-02", last=1)
        assert not _turn_is_free()
    assert TicketSequence.objects.count() == 2
