"""Shift handover and duty roster timings (issue 14): the handover of a person holding 500 open
items, and GET duty/now, on a database loaded by bench/side_kefu.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kefu_bench_shifts \\
        .venv/bin/python bench/handover.py [--load 1000000] [--repeat 10]

--load N drops nothing: it migrates the (empty) database named by DATABASE_URL and bulk-loads N
tickets with side_kefu.load, as make bench does. Then, in one transaction rolled back at the end:
a desk agent is given open tickets and 50 open register entries so that the handover lists 500
items (--tickets-held, default 190: the tickets, their promises due within 24 h and the 50
entries make 517 items on the bench data set), and a month of roster for 400 staff is entered; then
open_handover (listing and writing the items) and acknowledge_handover are timed, and GET
/api/v1/duty/now through Django's test client. Prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
os.environ.setdefault("KEFU_LOG_LEVEL", "WARNING")


def _ms(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {
        "min_ms": round(samples[0] * 1000, 1),
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))] * 1000, 1),
        "max_ms": round(samples[-1] * 1000, 1),
        "n": len(samples),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--load", type=int, default=0, help="migrate and bulk-load this many tickets first")
    ap.add_argument(
        "--generate",
        type=int,
        default=0,
        help="PostgreSQL only: migrate and fill this many tickets (4 %% open) with two promises each by SQL "
        "(no timeline events: the handover does not read them); minutes instead of side_kefu's hour at 1M",
    )
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--tickets-held", type=int, default=190)
    args = ap.parse_args()

    if args.load:
        import side_kefu  # sets Django up
        from django.core.management import call_command
        from django.utils import timezone

        call_command("migrate", "--noinput", verbosity=0)
        anchor = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=1)
        print(json.dumps({"load": side_kefu.load(args.load, anchor)}), flush=True)
    else:
        import django

        django.setup()
        if args.generate:
            print(json.dumps({"generate": generate(args.generate)}), flush=True)
    print(json.dumps(measure(args.repeat, args.tickets_held), indent=2))


def generate(n: int) -> dict:
    """Tickets and promises by INSERT … SELECT generate_series: the tables and indexes the handover
    reads at their full size. 400 staff own the tickets; every 25th ticket is open."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO accounts_staff (password, is_superuser, username, first_name, last_name, email, is_staff,
                   is_active, date_joined, name, work_number, role, phone)
               SELECT '!', false, 'gen' || g, '', '', '', false, true, now(), '员工' || g, 'G' || g, 'agent', ''
               FROM generate_series(1, 400) g"""
        )
        cur.execute("SELECT min(id) FROM accounts_staff WHERE username LIKE 'gen%%'")
        first = cur.fetchone()[0]
        cur.execute(
            """INSERT INTO tickets_ticket (number, category, channel, status, priority, contact_name, contact_phone,
                   contact_address, content, received_at, created_at, updated_at, result, answer, held_from,
                   reopen_count, search_tokens, created_by_id, owner_id, supervised)
               SELECT 'GB' || lpad(g::text, 10, '0'), (ARRAY['repair','consultation','complaint','help'])[1 + g %% 4],
                   'phone', CASE WHEN g %% 25 = 0 THEN 'in_progress' ELSE 'closed' END, 'normal', '王先生',
                   '13800138000', '翠湖苑12号楼1单元1502', '厨房水管漏水 ' || g, now() - make_interval(mins => g),
                   now() - make_interval(mins => g), now(), '', '', '', 0, '', %s + g %% 400, %s + g %% 400, false
               FROM generate_series(1, %s) g""",
            [first, first, n],
        )
        cur.execute(
            """INSERT INTO deadlines_deadline (ticket_id, kind, round, allowed_minutes, started_at, due_at, met_at,
                   escalation_level)
               SELECT t.id, k.kind, 0, 1440, t.received_at, t.received_at + interval '1 day',
                   CASE WHEN t.status = 'closed' THEN t.received_at + interval '2 hours' END, 0
               FROM tickets_ticket t CROSS JOIN (VALUES ('dispatch'), ('resolve')) k(kind)"""
        )
        cur.execute("ANALYZE")
    return {"tickets": n, "seconds": round(time.perf_counter() - started, 1)}


def measure(repeat: int, held: int = 190) -> dict:
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from accounts.models import ApiToken, Role, Staff
    from registers.models import Entry
    from shifts import actions
    from shifts.models import RosterEntry, ShiftTemplate
    from tickets.models import Ticket

    out: dict = {"database": connection.vendor, "tickets": Ticket.objects.count()}
    with transaction.atomic():
        now = timezone.now()
        department = Staff.objects.filter(department__isnull=False).values_list("department_id", flat=True).first()
        desk = Staff.objects.create(
            username="bench_desk", name="前台", work_number="BENCH-1", role=Role.AGENT, department_id=department
        )
        night = Staff.objects.create(
            username="bench_night", name="夜值", work_number="BENCH-2", role=Role.NIGHT_DUTY, department_id=department
        )
        lead = Staff.objects.create(username="bench_lead_s", name="主管", work_number="BENCH-3", role=Role.SUPERVISOR)
        ids = list(Ticket.objects.open().order_by("-received_at").values_list("id", flat=True)[:held])
        Ticket.objects.filter(id__in=ids).update(owner=desk, accepted_by=None)
        Entry.objects.bulk_create(
            Entry(kind="lost_found", description=f"拾获物品 {i}", place="大堂", keeper=desk, recorded_by=desk)
            for i in range(50)
        )
        out["open_tickets_held"] = len(ids)
        out["open_entries_held"] = 50

        handovers = []
        for _ in range(repeat):
            started = time.perf_counter()
            with transaction.atomic():
                handover = actions.open_handover(actor=desk, to=night, now=now)
            handovers.append((time.perf_counter() - started, handover))
        out["items_listed"] = len(handovers[-1][1]._items)
        out["open_handover"] = _ms([t for t, _h in handovers])
        acks = []
        for _t, handover in handovers[: max(1, repeat // 2)]:
            started = time.perf_counter()
            with transaction.atomic():
                actions.acknowledge_handover(handover, actor=night, now=now)
            acks.append(time.perf_counter() - started)
        out["acknowledge_handover"] = _ms(acks)

        # A month of roster for 400 staff: three shifts a day around the clock.
        day = ShiftTemplate.objects.create(
            code="b_day", name="白", start=datetime.min.time().replace(hour=8), end=datetime.min.time().replace(hour=16)
        )
        late = ShiftTemplate.objects.create(
            code="b_late",
            name="中",
            start=datetime.min.time().replace(hour=16),
            end=datetime.min.time(),
            crosses_midnight=True,
        )
        night_shift = ShiftTemplate.objects.create(
            code="b_night", name="夜", start=datetime.min.time(), end=datetime.min.time().replace(hour=8)
        )
        people = list(Staff.objects.filter(is_active=True).order_by("id")[:400])
        month = timezone.localdate(now).strftime("%Y-%m")
        started = time.perf_counter()
        rotation = {
            p: [[day, late, night_shift][(i + d) % 3] if (i + d) % 7 else None for d in range(7)]
            for i, p in enumerate(people)
        }
        out["roster_entries"] = actions.apply_rotation(actor=lead, month=month, rotation=rotation, now=now)
        out["apply_rotation_ms"] = round((time.perf_counter() - started) * 1000, 1)
        token = ApiToken.issue(lead)
        client = Client()
        samples, count = [], 0
        for _ in range(max(20, repeat * 5)):
            started = time.perf_counter()
            response = client.get("/api/v1/duty/now", headers={"Authorization": f"Bearer {token}"})
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content
            count = len(response.json())
        out["duty_now"] = {**_ms(samples[2:]), "on_duty": count, "rows_in_roster": RosterEntry.objects.count()}
        # The same machine's floor at this moment: the smallest authenticated call (three shift
        # templates), to read the figures above against when the machine is shared.
        floor = []
        for _ in range(max(20, repeat * 5)):
            started = time.perf_counter()
            client.get("/api/v1/shifts", headers={"Authorization": f"Bearer {token}"})
            floor.append(time.perf_counter() - started)
        out["floor_get_shifts"] = _ms(floor[2:])
        out["loadavg"] = os.getloadavg()
        transaction.set_rollback(True)
    return out


if __name__ == "__main__":
    main()
