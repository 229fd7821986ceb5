import fcntl
import os
import time

from django.db.backends.sqlite3 import base

from core.moments import clamp_stored

# How often a waiting writer looks again. SQLite's own busy handler sleeps 1, 2, 5 … up to 100 ms
# between tries, so with 8 writers queued an unlucky one slept through several turns: p99 1,046 ms
# for intake at 8 clients (issue 19). A 1-ms look costs a few microseconds of CPU.
WRITE_TURN_POLL = 0.001


class DatabaseOperations(base.DatabaseOperations):
    def convert_datetimefield_value(self, value, expression, connection):
        return clamp_stored(super().convert_datetimefield_value(value, expression, connection))


class DatabaseWrapper(base.DatabaseWrapper):
    """Write transactions take turns through a lock file beside the database (one per connection,
    so threads and processes alike queue) before BEGIN IMMEDIATE: a writer gets the database
    within a millisecond of the last one committing instead of at SQLite's next back-off try.
    Bounded by the busy timeout; past it, BEGIN goes ahead and SQLite's own handler decides, as
    without the queue."""

    ops_class = DatabaseOperations
    _turn_fd: int | None = None
    _has_turn = False

    def _take_write_turn(self) -> None:
        if self.transaction_mode != "IMMEDIATE" or self.is_in_memory_db():
            return
        if self._turn_fd is None:
            self._turn_fd = os.open(f"{self.settings_dict['NAME']}.writers", os.O_RDWR | os.O_CREAT, 0o600)
        give_up = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 5))
        while True:
            try:
                fcntl.flock(self._turn_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    return
                time.sleep(WRITE_TURN_POLL)
                continue
            self._has_turn = True
            return

    def _end_write_turn(self) -> None:
        if self._has_turn:
            self._has_turn = False
            fcntl.flock(self._turn_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        self._take_write_turn()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_write_turn()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._end_write_turn()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_write_turn()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._end_write_turn()
            if self._turn_fd is not None:
                os.close(self._turn_fd)
                self._turn_fd = None
