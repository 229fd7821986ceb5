"""Time the appraisal of a whole company's month (issue 16): 400 staff, N tickets ALL received in
the month computed — the hardest case: every ticket's promises, callbacks, complaints and praise
fall in that one month — then one person's scorecard page and API answer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kefu_appraisal_bench \\
        .venv/bin/python bench/appraisal_month.py --tickets 1000000
    KEFU_VAR_DIR=/tmp/kefu-appraisal .venv/bin/python bench/appraisal_month.py --tickets 100000   # SQLite

The data set is loaded once per size (kept while N stays the same). Timed: the first computation
(every line new), a second one (nothing changes: the idempotent pass the worker repeats), and the
scorecard of the person with the most lines: the HTML page and GET appraisals/{username}/{month}.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
# The script empties the tables it loads: never the working database. SQLite goes to a file of
# its own under bench/.work/ unless told otherwise; any database's name must say "bench".
os.environ.setdefault("KEFU_VAR_DIR", str(ROOT / "bench" / ".work" / "appraisal"))
Path(os.environ["KEFU_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

import fastload  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import ApiToken, Department, Staff  # noqa: E402
from appraisal.compute import compute_month  # noqa: E402
from appraisal.models import Deduction, MonthResult, MonthRun  # noqa: E402
from callbacks.models import Callback  # noqa: E402
from complaints.models import Complaint  # noqa: E402
from deadlines.models import Deadline  # noqa: E402
from tickets.models import Ticket  # noqa: E402

STAFF = 400
MONTH = date(2026, 11, 1)
TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 1, tzinfo=TZ)
SECONDS = 30 * 24 * 3600


def _sql(statement: str) -> None:
    with connection.cursor() as cur:
        cur.execute(statement)


def loaded_size() -> int:
    return Ticket.objects.count()


def load(n: int) -> float:
    t0 = time.perf_counter()
    for model in (Deduction, MonthResult, MonthRun, Complaint, Callback, Deadline, Ticket, ApiToken, Staff, Department):
        _sql(f'DELETE FROM "{model._meta.db_table}"')
    now = datetime(2026, 12, 1, tzinfo=TZ)
    with transaction.atomic():
        fastload.insert(
            Department, [{"id": i, "code": f"d{i:02d}", "name": f"部门{i}", "is_active": True} for i in range(1, 41)]
        )

        def staff():
            # 1 manager, 10 supervisors under them, 389 agents/stewards/field staff under the supervisors.
            for i in range(1, STAFF + 1):
                role = "manager" if i == 1 else "supervisor" if i <= 11 else ("agent", "steward", "field")[i % 3]
                superior = None if i == 1 else 1 if i <= 11 else 2 + i % 10
                yield {
                    "id": i,
                    "username": f"s{i:03d}",
                    "password": "!",
                    "name": f"员工{i:03d}",
                    "work_number": f"S{i:04d}",
                    "role": role,
                    "department_id": 1 + i % 40,
                    "superior_id": superior,
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                    "email": "",
                    "phone": "",
                    "first_name": "",
                    "last_name": "",
                    "date_joined": now - timedelta(days=400),
                }

        fastload.insert(Staff, staff())
    tables = [m._meta.db_table for m in (Ticket, Deadline, Callback, Complaint)]
    saved = fastload.drop_indexes(tables)
    fastload.bulk_session()
    with transaction.atomic():

        def received(i: int) -> datetime:
            return START + timedelta(seconds=(i * 7919) % SECONDS)

        def tickets():
            for i in range(1, n + 1):
                owner = 12 + i % 389
                acceptor = 12 + (i * 7) % 389
                at = received(i)
                yield {
                    "id": i,
                    "number": f"GB{i:09d}",
                    "category": "praise" if i % 100 == 0 else "complaint" if i % 50 == 1 else "repair",
                    "channel": "phone",
                    "status": "closed",
                    "priority": "normal",
                    "contact_name": "业主",
                    "contact_phone": "13800000000",
                    "contact_address": "1栋101",
                    "content": "厨房水管漏水",
                    "received_at": at,
                    "created_at": at,
                    "updated_at": at,
                    "owner_id": owner,
                    "created_by_id": owner,
                    "department_id": 1 + i % 40,
                    "dispatched_at": at + timedelta(minutes=5),
                    "accepted_at": at + timedelta(minutes=20),
                    "accepted_by_id": acceptor,
                    "resolved_at": at + timedelta(hours=5),
                    "closed_at": at + timedelta(hours=30),
                }

        def deadlines():
            for i in range(1, n + 1):
                at = received(i)
                late = i % 10 == 0  # one ticket in ten broke its resolve promise
                yield {
                    "id": 2 * i - 1,
                    "ticket_id": i,
                    "kind": "dispatch",
                    "round": 0,
                    "allowed_minutes": 15,
                    "started_at": at,
                    "due_at": at + timedelta(minutes=15),
                    "met_at": at + timedelta(minutes=5),
                }
                yield {
                    "id": 2 * i,
                    "ticket_id": i,
                    "kind": "resolve",
                    "round": 0,
                    "allowed_minutes": 240,
                    "started_at": at,
                    "due_at": at + timedelta(hours=4),
                    "met_at": at + timedelta(hours=5 if late else 3),
                    "breached_at": at + timedelta(hours=4, minutes=1) if late else None,
                }

        def callbacks():
            for i in range(1, n + 1, 3):
                at = received(i)
                yield {
                    "id": i,
                    "kind": "repair",
                    "ticket_id": i,
                    "round": 0,
                    "status": "done",
                    "created_at": at + timedelta(hours=5),
                    "due_at": at + timedelta(hours=53),
                    "attempts": 1,
                    "outcome": "unsatisfied" if i % 21 == 1 else "satisfied",
                    "score": 2 if i % 21 == 1 else 5,
                    "answers": {},
                    "done_at": at + timedelta(hours=20),
                    "done_by_id": 12 + i % 389,
                    "resolved_by_id": 12 + (i * 7) % 389,
                }

        def complaints():
            for i in range(1, n + 1, 50):
                yield {
                    "id": i,
                    "ticket_id": i,
                    "target": "staff",
                    "target_staff_id": 12 + (i * 3) % 389,
                    "severity": "ordinary",
                    "criteria_met": [],
                    "is_valid": i % 100 == 1,
                    "level": "ordinary",
                    "created_at": received(i) + timedelta(hours=1),
                    "updated_at": received(i) + timedelta(hours=1),
                }

        fastload.insert(Ticket, tickets())
        fastload.insert(Deadline, deadlines())
        fastload.insert(Callback, callbacks())
        fastload.insert(Complaint, complaints())
    fastload.create_indexes(saved)
    fastload.reset_sequences([Department, Staff, Ticket, Deadline, Callback, Complaint])
    fastload.analyze()
    return time.perf_counter() - t0


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tickets", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=30)
    args = ap.parse_args()
    if "bench" not in str(connection.settings_dict["NAME"]) and "bench" not in os.environ["KEFU_VAR_DIR"]:
        sys.exit(f"refusing to load into {connection.settings_dict['NAME']}: use a database named *bench*")
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; tickets in the month: {args.tickets:,}; staff: {STAFF}")
    if loaded_size() != args.tickets:
        print(f"loaded in {load(args.tickets):.1f}s")
    for model in (Deduction, MonthResult, MonthRun):
        _sql(f'DELETE FROM "{model._meta.db_table}"')
    first = compute_month(MONTH)
    print(f"first computation: {first.seconds:.2f}s ({first.added:,} lines added, {first.people} people)")
    second = compute_month(MONTH)
    print(
        f"second computation (nothing changes): {second.seconds:.2f}s ({second.added} added, {second.updated} updated)"
    )
    # The person with the most lines of the month.
    busiest = (
        Deduction.objects.filter(month=MONTH).values("staff_id").order_by().annotate(n=django.db.models.Count("id"))
    )
    top = max(busiest, key=lambda r: r["n"])
    person = Staff.objects.get(pk=top["staff_id"])
    # As a server process does: one connection kept across requests (the test client otherwise
    # closes it after every request, and the timings would be mostly reconnections).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(person)
    url = "/appraisal/?month=2026-11"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    page = timed(lambda: client.get(url), args.requests)
    token = ApiToken.issue(person)
    api_url = f"/api/v1/appraisals/{person.username}/2026-11"
    api = timed(lambda: client.get(api_url, headers={"Authorization": f"Bearer {token}"}), args.requests)
    print(
        f"scorecard of {person.username} ({top['n']} lines): page median {statistics.median(page):.1f} ms, "
        f"p95 {sorted(page)[int(0.95 * (len(page) - 1))]:.1f} ms, {len(queries)} queries; "
        f"API median {statistics.median(api):.1f} ms"
    )


if __name__ == "__main__":
    main()
