import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from core.worker import PASSES
from deadlines.watcher import BATCH_SIZE, check_deadlines
from notifications.delivery import deliver_pending

log = logging.getLogger("kefu.worker")
# How soon a stop request ends the wait between two passes.
STOP_CHECK_SECONDS = 0.5


class Command(BaseCommand):
    help = (
        "The background worker: runs the deadline pass and delivers the notification outbox every "
        "KEFU_WATCH_INTERVAL seconds until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Rows per transaction of the deadline pass and the delivery (smaller: shorter locks; "
            "default: 2000 for the pass, 500 for the delivery).",
        )

    def handle(self, *args, once=False, batch_size=None, **options):
        self.stopping = False
        self.batch_size = max(1, batch_size) if batch_size else None
        # SIGTERM/SIGINT end the loop between passes; a pass in flight finishes its batch or
        # rolls it back, so a stop never leaves a half-recorded breach. The handler only sets a
        # flag: Ctrl-C sends SIGINT to the whole process group and scripts/serve follows it with
        # SIGTERM, and a second handler that interrupted the first inside threading.Event.set()
        # waited for the Event's own lock forever — the worker never stopped.
        previous = {sig: signal.signal(sig, self.request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.run_passes(once)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)  # a caller in the same process (a test) gets its Ctrl-C back

    def run_passes(self, once: bool) -> None:
        interval = settings.KEFU_WATCH_INTERVAL
        log.info("worker started, deadline pass every %ss", interval)
        while not self.stopping:
            try:
                result = check_deadlines(batch_size=self.batch_size or BATCH_SIZE)
                if result.breaches or result.warnings or result.escalations:
                    log.info(
                        "deadline pass: %s breaches, %s warnings, %s escalations recorded",
                        result.breaches,
                        result.warnings,
                        result.escalations,
                    )
            except Exception:
                # A failed pass (database restarting, say) must not kill the worker: the next
                # pass picks up everything still pending.
                log.exception("deadline pass failed")
            try:
                # The outbox: messages of events committed by this pass and by the web requests.
                delivered = deliver_pending(batch_size=self.batch_size or 500)
                if delivered:
                    log.info("notifications delivered: %s", delivered)
            except Exception:
                log.exception("notification delivery failed")
            for name, run in PASSES.items():
                # The other apps' passes (appraisal's month, ...): each is idempotent and commits
                # its own work, so a failed one is simply run again next time.
                try:
                    run()
                except Exception:
                    log.exception("%s pass failed", name)
            if once:
                break
            # Between passes, drop a connection the database may have closed meanwhile.
            close_old_connections()
            self.sleep(interval)
        log.info("worker stopped")

    def request_stop(self, signum, frame) -> None:
        self.stopping = True

    def sleep(self, seconds: float) -> None:
        # time.sleep resumes after a signal handler returns: sleep in short steps, watching the flag.
        end = time.monotonic() + seconds
        while not self.stopping:
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, STOP_CHECK_SECONDS))
