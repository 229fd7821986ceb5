"""Crash safety of the real worker process (issue 3, point 3): SIGKILL it in the middle of a
deadline pass and in the middle of delivering the outbox, restart it, and count. Every breach
and warning is recorded exactly once, every message exists exactly once, and no e-mail is
handed over twice.

The worker runs in its own process against a scratch database (a SQLite file, or a PostgreSQL
database created for the test when the suite runs on PostgreSQL), through
deadlines/tests/worker_process.py, which slows each batch down so the kill lands mid-work.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
HELPER = Path(__file__).with_name("worker_process.py")
TICKETS = 12


@pytest.fixture
def scratch_database(tmp_path):
    """A database of its own for the worker processes, migrated from scratch."""
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.settings_dict
        name = f"kefu_kill_{uuid.uuid4().hex[:8]}"
        admin = {
            "host": params["HOST"] or "127.0.0.1",
            "port": params["PORT"] or 5432,
            "user": params["USER"],
            "dbname": "postgres",
        }
        if params["PASSWORD"]:
            admin["password"] = params["PASSWORD"]
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
        url = f"postgres://{params['USER']}{password}@{admin['host']}:{admin['port']}/{name}"
        try:
            yield url
        finally:
            with psycopg.connect(**admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'worker.sqlite3'}"


@pytest.fixture
def seeded(scratch_database, tmp_path):
    """The scratch database migrated and seeded with TICKETS forgotten repairs; (url, log)."""
    url, log = scratch_database, tmp_path / "worker.log"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=_env(url, tmp_path, 0),
        check=True,
        timeout=300,
    )
    _run(url, tmp_path, log, "seed", str(TICKETS))
    return url, log


def _env(url: str, tmp_path: Path, slow: float, helpers: int = 0) -> dict:
    """The worker's environment. No helper threads unless asked: the kill points below count
    batches, which helpers would run side by side (test_..._while_its_helpers_share_a_burst)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=url,
        KEFU_VAR_DIR=str(tmp_path / "var"),
        SLOW_SECONDS=str(slow),
        PYTHONPATH=str(ROOT),
        KEFU_WATCH_HELPERS=str(helpers),
    )
    return env


def _run(url, tmp_path, log, *args, slow=0.0):
    subprocess.run(
        [sys.executable, str(HELPER), str(log), *args], cwd=ROOT, env=_env(url, tmp_path, slow), check=True, timeout=300
    )


def _kill_when(url, tmp_path, log, condition, *args, slow: float, helpers: int = 0):
    """Start the worker, SIGKILL it as soon as LOG satisfies `condition`."""
    process = subprocess.Popen(
        [sys.executable, str(HELPER), str(log), *args], cwd=ROOT, env=_env(url, tmp_path, slow, helpers)
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
            if condition(lines):
                process.send_signal(signal.SIGKILL)
                break
            if process.poll() is not None:
                pytest.fail(f"the worker finished before the kill (exit {process.returncode}): {lines}")
            time.sleep(0.02)
        else:
            pytest.fail("the worker never reached the point of the kill")
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def _query(url, tmp_path, code: str) -> str:
    script = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kefu.settings'); django.setup()\n" + code
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_env(url, tmp_path, 0),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout.strip()


COUNTS = """
from django.db.models import Count
from deadlines.models import Deadline
from notifications.models import Notification
from tickets.models import TicketEvent
events = TicketEvent.objects.filter(kind__in=["deadline_breached", "deadline_warning"])
per_promise = events.values("ticket_id", "kind", "data__deadline").annotate(n=Count("id")).filter(n__gt=1).count()
per_message = Notification.objects.values("caused_by_id", "staff_id", "channel").annotate(n=Count("id")).filter(n__gt=1).count()
print(events.filter(kind="deadline_breached").count(), events.filter(kind="deadline_warning").count(), per_promise,
      Deadline.objects.filter(breached_at__isnull=False).count(), Deadline.objects.filter(warned_at__isnull=False).count(),
      Notification.objects.count(), per_message,
      Notification.objects.filter(channel="email", state="sent").count(),
      Notification.objects.filter(channel="email", state="sending").count(),
      Notification.objects.filter(channel="email", state="pending").count())
"""


def test_a_worker_killed_mid_pass_and_mid_delivery_loses_and_repeats_nothing(seeded, tmp_path):
    # given 12 forgotten repairs: 12 dispatch promises broken, 12 handle promises past warning
    url, log = seeded

    # when the worker is killed inside the deadline pass, after two batches of 5 were written
    # and while the third is open (batch size 5: breaches 5+5+2, then warnings 5+5+2)
    _kill_when(
        url,
        tmp_path,
        log,
        lambda lines: sum(line.startswith("recorded") for line in lines) >= 3,
        "run_worker",
        "--once",
        "--batch-size",
        "5",
        slow=0.5,
    )
    breaches, warnings, doubled, breached_rows, warned_rows, messages, *_ = map(
        int, _query(url, tmp_path, COUNTS).split()
    )
    # two whole batches are in, with their events and messages; the open third rolled back whole
    assert (breaches, warnings, doubled, breached_rows, warned_rows) == (10, 0, 0, 10, 0)
    assert messages == 2 * 10

    # and killed again while delivering, after handing over its third e-mail
    log.write_text("", encoding="utf-8")
    _kill_when(
        url,
        tmp_path,
        log,
        lambda lines: sum(line.startswith("mail") for line in lines) >= 3,
        "run_worker",
        "--once",
        "--batch-size",
        "5",
        slow=0.5,
    )
    handed_over_before_restart = [
        line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("mail")
    ]

    # and restarted, and run to the end
    _run(url, tmp_path, log, "run_worker", "--once", "--batch-size", "5")
    _run(url, tmp_path, log, "run_worker", "--once", "--batch-size", "5")

    # then every promise has its one breach or warning, on the timeline and on the row
    counts = list(map(int, _query(url, tmp_path, COUNTS).split()))
    breaches, warnings, doubled, breached_rows, warned_rows, messages, doubled_messages, sent, in_flight, pending = (
        counts
    )
    assert (breaches, warnings, doubled) == (TICKETS, TICKETS, 0)
    assert (breached_rows, warned_rows) == (TICKETS, TICKETS)
    # every event has its messages once: in-app and e-mail for each breach, in-app for each warning
    assert (messages, doubled_messages) == (3 * TICKETS, 0)
    # and no e-mail was handed over twice: the one in flight at the kill stays "sending" (it is
    # marked failed, "delivery unknown", after SENDING_TIMEOUT) and is never handed over again
    mails = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("mail")]
    assert len(mails) == len(set(mails))
    assert pending == 0 and in_flight <= 1 and sent + in_flight == TICKETS
    assert len(mails) == TICKETS
    assert set(handed_over_before_restart) <= set(mails)


def test_a_worker_killed_while_its_helpers_share_a_burst_loses_and_repeats_nothing(seeded, tmp_path):
    url, log = seeded

    # when the worker, with a helper thread (PostgreSQL), is killed once three batches of 5 have
    # written their rows: some committed, the ones still open in either thread not
    _kill_when(
        url,
        tmp_path,
        log,
        lambda lines: sum(line.startswith("recorded") for line in lines) >= 3,
        "run_worker",
        "--once",
        "--batch-size",
        "5",
        slow=0.5,
        helpers=1,
    )
    breaches, warnings, doubled, breached_rows, warned_rows, messages, *_ = map(
        int, _query(url, tmp_path, COUNTS).split()
    )
    # then only whole batches are in, each with its events and messages, none twice
    assert breaches in (5, 10) and (warnings, doubled, breached_rows, warned_rows) == (0, 0, breaches, 0)
    assert messages == 2 * breaches

    # and restarted, the rest is done once
    _run(url, tmp_path, log, "run_worker", "--once", "--batch-size", "5")
    counts = list(map(int, _query(url, tmp_path, COUNTS).split()))
    assert counts[:7] == [TICKETS, TICKETS, 0, TICKETS, TICKETS, 3 * TICKETS, 0]


def test_two_workers_at_once_record_and_send_each_thing_once(seeded, tmp_path):
    """Several app servers each run a worker on the one database (docs/operations.md, several app
    servers): the row locks with skip_locked and the compare-and-set updates share the work."""
    url, log = seeded

    # when two workers run their passes and deliveries at the same moment, in small batches
    workers = [
        subprocess.Popen(
            [sys.executable, str(HELPER), str(log), "run_worker", "--once", "--batch-size", "2"],
            cwd=ROOT,
            env=_env(url, tmp_path, 0.05),
        )
        for _ in range(2)
    ]
    for worker in workers:
        assert worker.wait(timeout=120) == 0
    # (on SQLite one may find the file locked and leave work for the next pass: a pass after them)
    _run(url, tmp_path, log, "run_worker", "--once")

    # then between them every promise was recorded once and every e-mail handed over once
    breaches, warnings, doubled, breached_rows, warned_rows, messages, doubled_messages, sent, in_flight, pending = map(
        int, _query(url, tmp_path, COUNTS).split()
    )
    assert (breaches, warnings, doubled, breached_rows, warned_rows) == (TICKETS, TICKETS, 0, TICKETS, TICKETS)
    assert (messages, doubled_messages) == (3 * TICKETS, 0)
    mails = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("mail")]
    assert len(mails) == len(set(mails)) == TICKETS
    assert (sent, in_flight, pending) == (TICKETS, 0, 0)
