"""Time the deadline watcher when many promises fall due at once (issue 3, point 8).

A measuring script, not a timed test. It loads N open tickets, each with a handle and a resolve
promise, into a database of its own, then for each D makes exactly D handle promises a minute
overdue and D // 2 others past their warning time, and times two `check_deadlines()` passes: the
first records D breaches and D // 2 warnings (timeline events + outbox rows), the second finds
nothing new. The cost should follow D, not N.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kefu_burst \\
        .venv/bin/python bench/deadline_burst.py --open 200000 --due 1000,10000 [--profile]
    KEFU_VAR_DIR=/tmp/kefu-burst .venv/bin/python bench/deadline_burst.py --open 200000 --due 1000,10000

Without DATABASE_URL it uses SQLite in KEFU_VAR_DIR (kefu.sqlite3). The tickets are loaded once
and kept while N stays the same; events and outbox rows of earlier runs are deleted before each
timed pass, so every run starts from the same tables.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")

import django  # noqa: E402

django.setup()

import fastload  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accounts.models import Department, Staff  # noqa: E402
from deadlines.models import Deadline  # noqa: E402
from deadlines.watcher import check_deadlines, escalate, escalation_interval  # noqa: E402
from notifications.models import Notification  # noqa: E402
from tickets.models import Ticket, TicketEvent  # noqa: E402

STAFF = 40  # holders of the work: owners, and acceptors in the engineering department


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


def _at(moment: datetime):
    return connection.ops.adapt_datetimefield_value(moment)


def load(n: int, now: datetime) -> float:
    """N open tickets, half of them accepted in the engineering department (the holder is the
    acceptor) and half still with their first-contact owner; every staff member has e-mail."""
    t0 = time.perf_counter()
    for model in (Notification, TicketEvent, Deadline, Ticket, Staff, Department):
        _sql(f'DELETE FROM "{model._meta.db_table}"')
    received = now - timedelta(hours=1)
    with transaction.atomic():
        fastload.insert(
            Department,
            [
                {"id": 1, "code": "b01", "name": "工程部", "is_active": True},
                {"id": 2, "code": "b02", "name": "客服中心", "is_active": True},
            ],
        )
        fastload.insert(
            Staff,
            [
                {
                    "id": i,
                    "username": f"burst{i:03d}",
                    "password": "!",
                    "name": f"员工{i:03d}",
                    "work_number": f"B{i:04d}",
                    "role": "agent" if i % 2 else "engineer",
                    "department_id": 2 if i % 2 else 1,
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                    "email": f"burst{i:03d}@example.com",
                    "phone": "",
                    "first_name": "",
                    "last_name": "",
                    "date_joined": now,
                }
                for i in range(1, STAFF + 1)
            ],
        )
    saved = fastload.drop_indexes([Ticket._meta.db_table, Deadline._meta.db_table])
    fastload.bulk_session()
    with transaction.atomic():

        def tickets():
            for i in range(1, n + 1):
                accepted = i % 2 == 0
                yield {
                    "id": i,
                    "number": f"GB{i:09d}",
                    "category": "repair",
                    "channel": "phone",
                    "status": "in_progress" if accepted else "dispatched",
                    "priority": "normal",
                    "contact_name": "业主",
                    "contact_phone": "13800000000",
                    "contact_address": f"{i % 97}栋{i % 31}01",
                    "content": "厨房水管漏水",
                    "received_at": received,
                    "created_at": received,
                    "updated_at": received,
                    "owner_id": 1 + (i * 2) % STAFF,
                    "created_by_id": 1,
                    "department_id": 1,
                    "dispatched_at": received,
                    "accepted_at": received if accepted else None,
                    "accepted_by_id": 2 + (i * 2) % STAFF if accepted else None,
                }

        def deadlines():
            for i in range(1, n + 1):
                handle_due = now + timedelta(minutes=120 + (i * 37) % (47 * 60))
                yield {
                    "id": 2 * i - 1,
                    "ticket_id": i,
                    "kind": "handle",
                    "round": 0,
                    "allowed_minutes": 360,
                    "started_at": received,
                    "due_at": handle_due,
                    "warn_at": handle_due - timedelta(minutes=30),
                }
                yield {
                    "id": 2 * i,
                    "ticket_id": i,
                    "kind": "resolve",
                    "round": 0,
                    "allowed_minutes": 1440,
                    "started_at": received,
                    "due_at": now + timedelta(days=2, minutes=i % 1440),
                    "warn_at": now + timedelta(days=2),
                }

        fastload.insert(Ticket, tickets())
        fastload.insert(Deadline, deadlines())
    fastload.create_indexes(saved)
    fastload.reset_sequences([Department, Staff, Ticket, Deadline, TicketEvent, Notification])
    fastload.analyze()
    return time.perf_counter() - t0


def arm(n: int, due: int, now: datetime, spread: str = "scattered") -> tuple[int, int]:
    """Exactly `due` handle promises a minute overdue and `due // 2` others 10 minutes from due
    (past their warning time); every other promise pending, not due and not warned."""
    if connection.vendor == "postgresql":
        # TRUNCATE, not DELETE: run after run, deleted rows would pile up in the tables and their
        # indexes (nothing vacuums them here) and every run would insert into a bigger mess.
        _sql(f'TRUNCATE "{Notification._meta.db_table}", "{TicketEvent._meta.db_table}"')
    else:
        _sql(f'DELETE FROM "{Notification._meta.db_table}"')
        _sql(f'DELETE FROM "{TicketEvent._meta.db_table}"')
    # Everyone reports to the last two staff members (supervisors), so each breach escalates once.
    _sql(
        'UPDATE "accounts_staff" SET "superior_id" = CASE WHEN "id" %% 2 = 1 THEN %s ELSE %s END WHERE "id" < %s',
        [STAFF - 1, STAFF, STAFF - 1],
    )
    every = max(1, n // due)
    warn_every = max(1, n // max(1, due // 2))
    with transaction.atomic():
        # Reset whatever an earlier run touched, then arm.
        _sql(
            "UPDATE deadlines_deadline SET breached_at = NULL, escalate_at = NULL, escalation_level = 0, "
            "warned_at = NULL, due_at = %s, warn_at = %s "
            "WHERE kind = 'handle' AND (breached_at IS NOT NULL OR warned_at IS NOT NULL OR due_at <= %s)",
            [_at(now + timedelta(hours=2)), _at(now + timedelta(hours=1)), _at(now + timedelta(minutes=30))],
        )
        if spread == "clustered":
            # The promises due together were made together: tickets received in the same hour
            # (an overnight backlog meeting the morning, a watcher that was down for a while),
            # so consecutive rows, as the database stores them.
            first = n // 2
            _sql(
                "UPDATE deadlines_deadline SET due_at = %s, warn_at = %s WHERE kind = 'handle' "
                "AND ticket_id > %s AND ticket_id <= %s",
                [_at(now - timedelta(minutes=1)), _at(now - timedelta(minutes=30)), first, first + due],
            )
            _sql(
                "UPDATE deadlines_deadline SET due_at = %s, warn_at = %s WHERE kind = 'handle' "
                "AND ticket_id > %s AND ticket_id <= %s",
                [
                    _at(now + timedelta(minutes=10)),
                    _at(now - timedelta(minutes=20)),
                    first + due,
                    first + due + due // 2,
                ],
            )
        else:
            # Worst case: spread evenly over the whole table, each on a page of its own.
            _sql(
                "UPDATE deadlines_deadline SET due_at = %s, warn_at = %s WHERE kind = 'handle' AND ticket_id %% %s = 0 "
                "AND ticket_id <= %s",
                [_at(now - timedelta(minutes=1)), _at(now - timedelta(minutes=30)), every, every * due],
            )
            _sql(
                "UPDATE deadlines_deadline SET due_at = %s, warn_at = %s WHERE kind = 'handle' AND ticket_id %% %s = 1 "
                "AND ticket_id <= %s",
                [
                    _at(now + timedelta(minutes=10)),
                    _at(now - timedelta(minutes=20)),
                    warn_every,
                    warn_every * (due // 2),
                ],
            )
    if connection.vendor == "postgresql":
        _sql("VACUUM ANALYZE deadlines_deadline")  # as autovacuum would have after the mass update
    return Deadline.objects.due_by(now).count(), Deadline.objects.warning_due_by(now).count()


def timed(now: datetime, profile: bool, batch: int | None = None) -> tuple[float, object, str]:
    prof = cProfile.Profile() if profile else None
    t = time.perf_counter()
    if prof:
        prof.enable()
    result = check_deadlines(now, **({"batch_size": batch} if batch else {}))
    if prof:
        prof.disable()
    elapsed = time.perf_counter() - t
    text = ""
    if prof:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(35)
        text = out.getvalue()
    return elapsed, result, text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--open", type=int, default=100_000, help="open tickets (each with two promises)")
    ap.add_argument("--due", default="1000,10000", help="promises due at once, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per D (median and range reported)")
    ap.add_argument(
        "--spread",
        default="clustered,scattered",
        help="where the due promises lie: clustered (consecutive rows, as promises made together are) "
        "and/or scattered (one in every N rows over the whole table: the worst case)",
    )
    ap.add_argument("--batch", type=int, help="batch size (default: the watcher's)")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one first pass per D")
    a = ap.parse_args()

    call_command("migrate", verbosity=0)
    now = datetime.now(UTC).replace(microsecond=0)
    n = a.open
    if Ticket.objects.count() != n or Staff.objects.filter(username="burst001").count() != 1:
        print(f"loading {n:,} open tickets …", flush=True)
        print(f"  loaded in {load(n, now):.1f} s", flush=True)
    print(f"{connection.vendor}, {n:,} open tickets, {Deadline.objects.count():,} promises")
    print(
        "| database | open | due | warnings | where the due rows lie | first pass (s): median (range) | events | "
        "outbox rows | second pass (s) | escalations | escalation pass (s) |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for spread in a.spread.split(","):
        for due in (int(x) for x in a.due.split(",")):
            firsts, thirds = [], []
            for _ in range(a.repeat):
                due_now, warn_now = arm(n, due, now, spread)
                first, result, text = timed(now, a.profile, a.batch)
                events, outbox = TicketEvent.objects.count(), Notification.objects.count()
                second, again, _ = timed(now, False)
                assert (result.breaches, result.warnings) == (due_now, warn_now), (result, due_now, warn_now)
                assert again.breaches == again.warnings == 0
                # The escalation interval later, the breaches climb one level (the escalation pass alone).
                t = time.perf_counter()
                escalated = escalate(now + escalation_interval(), **({"batch_size": a.batch} if a.batch else {}))
                firsts.append(first)
                thirds.append(time.perf_counter() - t)
                if text:
                    print(text, file=sys.stderr)
            where = "consecutive (made together)" if spread == "clustered" else "spread evenly (worst case)"
            print(
                f"| {connection.vendor} | {n:,} | {due_now:,} | {warn_now:,} | {where} | "
                f"{statistics.median(firsts):.2f} ({min(firsts):.2f}–{max(firsts):.2f}) | {events:,} | {outbox:,} | "
                f"{second:.3f} | {escalated:,} | {statistics.median(thirds):.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
