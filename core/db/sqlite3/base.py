import fcntl
import os
import queue
import threading

from django.db.backends.sqlite3 import base

from core.moments import clamp_stored


def _wait_for_turn(path: str, timeout: float) -> int | None:
    """Block on the lock file in a thread of its own, so that the wait can end at the busy
    timeout (flock has none): the kernel wakes the waiter as soon as the holder lets go. Returns
    the descriptor now holding the turn, or None once the timeout has passed."""
    handed: queue.SimpleQueue[int] = queue.SimpleQueue()
    guard = threading.Lock()
    abandoned = False

    def wait() -> None:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        with guard:
            if abandoned:
                os.close(fd)  # too late: the turn goes straight to the next writer
                return
            handed.put(fd)

    threading.Thread(target=wait, name="sqlite-write-turn", daemon=True).start()
    try:
        return handed.get(timeout=timeout)
    except queue.Empty:
        with guard:
            abandoned = True
        try:
            return handed.get_nowait()  # handed over just before we gave up
        except queue.Empty:
            return None


class DatabaseOperations(base.DatabaseOperations):
    def convert_datetimefield_value(self, value, expression, connection):
        return clamp_stored(super().convert_datetimefield_value(value, expression, connection))


class DatabaseWrapper(base.DatabaseWrapper):
    """Write transactions take turns through a lock file beside the database before BEGIN
    IMMEDIATE (an exclusive flock on a descriptor of their own, so threads and processes alike
    queue). SQLite's own busy handler sleeps 1, 2, 5 … up to 100 ms between tries: with 8 writers
    queued an unlucky one slept through several turns (intake p99 1,046 ms with 8 clients, issue
    19). A waiter here is woken when the holder commits. Polling the lock every millisecond
    instead still let newcomers overtake a waiter (p99 150–210 ms against 100–130 blocking). The
    wait ends at the busy timeout; past it, BEGIN goes ahead and SQLite's handler decides, as
    without the queue."""

    ops_class = DatabaseOperations
    _turn_fd: int | None = None

    def _take_write_turn(self) -> None:
        if self.transaction_mode != "IMMEDIATE" or self.is_in_memory_db():
            return
        path = f"{self.settings_dict['NAME']}.writers"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            fd = _wait_for_turn(path, float(self.settings_dict["OPTIONS"].get("timeout", 5)))
        self._turn_fd = fd

    def _end_write_turn(self) -> None:
        if self._turn_fd is not None:
            fd, self._turn_fd = self._turn_fd, None
            os.close(fd)  # closing the descriptor lets the next writer in

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
