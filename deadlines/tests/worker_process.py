"""The real worker in a process of its own, for test_worker_kill.py: `python worker_process.py
LOG COMMAND [ARGS]`. Runs a management command (`run_worker --once …`, or `seed`) against the
database DATABASE_URL names, with two observation points the test needs to kill it mid-work:

- after each batch of the deadline pass has written its rows (inside the batch's transaction),
  a line "recorded <what> <n>" goes to LOG and the process sleeps SLOW_SECONDS: a SIGKILL then
  lands in the middle of an open transaction;
- every e-mail "sent" is a line "mail <address> <subject>" in LOG, written before the process
  sleeps SLOW_SECONDS and before the delivery marks the row sent: a SIGKILL then lands between
  handing a message over and recording it.

Nothing here changes what the worker does; it only slows it down and writes down what it did.
"""

import os
import sys
import time
from datetime import timedelta

import django

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
django.setup()

SLOW = float(os.environ.get("SLOW_SECONDS", "0"))


def _log(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as log:
        log.write(line + "\n")
        log.flush()
        os.fsync(log.fileno())


def seed(tickets: int) -> None:
    """A company with `tickets` forgotten repairs: each one's dispatch promise is past due and
    its handle promise past its warning time."""
    from django.db.models import F
    from django.utils import timezone

    from deadlines.models import Deadline
    from tests.factories import CustomerFactory
    from tests.personas import build_world
    from tickets.actions import create_ticket

    world = build_world()
    world.agent.email = "agent@example.com"  # breaches reach the holder by e-mail too
    world.agent.save(update_fields=["email"])
    customer = CustomerFactory(name="王建国", gender="male", phone="13800138000")
    for n in range(tickets):
        create_ticket(actor=world.agent, category="repair", channel="phone", content=f"第{n}户漏水", customer=customer)
    now = timezone.now()
    Deadline.objects.filter(kind="dispatch").update(
        started_at=now - timedelta(minutes=20), due_at=now - timedelta(minutes=5), warn_at=now - timedelta(minutes=8)
    )
    Deadline.objects.filter(kind="handle").update(warn_at=now - timedelta(minutes=1), due_at=F("due_at"))


def main() -> None:
    log_path, command, *args = sys.argv[1:]
    if command == "seed":
        seed(int(args[0]))
        return

    from django.core.management import call_command

    from deadlines import watcher
    from notifications import delivery

    recorded = watcher._recorded

    def slow_recorded(what, events):
        recorded(what, events)
        _log(log_path, f"recorded {what} {len(events)}")
        time.sleep(SLOW)

    def logged_mail(subject, body, from_email, recipients, **kwargs):
        _log(log_path, f"mail {recipients[0]} {subject}")
        time.sleep(SLOW)
        return 1

    watcher._recorded = slow_recorded
    delivery.send_mail = logged_mail
    call_command(command, *args)


if __name__ == "__main__":
    main()
