"""The real worker in a process of its own, for test_worker_kill.py: `python report_worker.py LOG
COMMAND`. `seed` makes the personas and a weekly subscription for the manager (with an e-mail
address); `run` runs `run_worker --once`, writing "building" to LOG and sleeping SLOW_SECONDS
inside the subscription's transaction (a SIGKILL then lands mid-build), and "mail <to>
<subject>" for every e-mail handed over. Nothing here changes what the worker does."""

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


def seed() -> None:
    from django.utils import timezone

    from reports.models import Subscription
    from tests.personas import build_world

    world = build_world()
    world.manager.email = "manager@example.com"
    world.manager.save(update_fields=["email"])
    subscription = Subscription.objects.create(
        name="周报", schedule="weekly", created_by=world.manager, created_at=timezone.now() - timedelta(days=30)
    )
    subscription.recipients.set([world.manager])


def main() -> None:
    log_path, command = sys.argv[1:3]
    if command == "seed":
        seed()
        return

    from django.core.mail import EmailMessage
    from django.core.management import call_command

    from reports import delivery

    build = delivery.build

    def slow_build(*args, **kwargs):
        _log(log_path, "building")
        time.sleep(SLOW)
        return build(*args, **kwargs)

    def logged_send(message, fail_silently=False):
        _log(log_path, f"mail {message.to[0]} {message.subject} {len(message.attachments)}")
        return 1

    delivery.build = slow_build
    EmailMessage.send = logged_send
    call_command("run_worker", "--once")


if __name__ == "__main__":
    main()
