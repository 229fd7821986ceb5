"""kefu's side of the benchmark, run by bench/run.py in kefu's .venv with kefu's settings.

side_kefu.py load --tickets N --anchor ISO   bulk-load the data set, print timings as JSON
side_kefu.py auth                           an API token and a session cookie for bench_lead
side_kefu.py inproc --anchor ISO            time month_summary and check_deadlines; EXPLAIN search
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")

import django  # noqa: E402

django.setup()

import dataset  # noqa: E402
import fastload  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accounts.models import ApiToken, Department, Staff  # noqa: E402
from customers.addresses import address_key  # noqa: E402
from customers.models import Area, Community, Customer, CustomerPhone, Premises  # noqa: E402
from deadlines.models import CommitmentPolicy, Deadline  # noqa: E402
from tickets.models import Ticket, TicketEvent, TicketSequence  # noqa: E402
from tickets.search import token_text  # noqa: E402

PASSWORD = "bench-pass-2026"
MET_BY = {
    "dispatch": "dispatched_at",
    "respond": "accepted_at",
    "handle": "started_at",
    "resolve": "resolved_at",
    "answer": "resolved_at",
}


def load(n: int, anchor: datetime) -> dict:
    sz = dataset.sizes(n)
    timings = {}
    t0 = time.perf_counter()
    tables = [m._meta.db_table for m in (Ticket, TicketEvent, Deadline, Customer, CustomerPhone, Premises)]
    saved = fastload.drop_indexes(tables)
    fastload.bulk_session()
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous=OFF")
    policies: dict[tuple[str, str], list[tuple[int, str, int]]] = {}
    for p in CommitmentPolicy.objects.filter(is_active=True):
        policies.setdefault((p.category, p.priority), []).append((p.id, p.kind, p.minutes))
    with transaction.atomic():
        fastload.insert(
            Department,
            (
                {"id": i + 1, "code": c, "name": name, "is_active": True}
                for i, (c, name) in enumerate(dataset.department_names())
            ),
        )
        pw = make_password(PASSWORD)
        staff = dataset.staff()
        fastload.insert(
            Staff,
            (
                {
                    "id": s.index + 1,
                    "username": s.username,
                    "password": pw,
                    "name": s.name,
                    "work_number": s.work_number,
                    "role": s.role,
                    "department_id": None if s.department is None else s.department + 1,
                    "is_active": True,
                    "is_staff": s.role == "admin",
                    "is_superuser": False,
                    "email": f"{s.username}@bench.invalid",
                    "first_name": "",
                    "last_name": "",
                    "date_joined": anchor - timedelta(days=dataset.DAYS + 30),
                }
                for s in staff
            ),
        )
        fastload.insert(Area, [{"id": 1, "name": "全部片区", "steward_id": None}])
        fastload.insert(
            Community,
            (
                {"id": i + 1, "name": name, "area_id": 1}
                for i, name in enumerate(dataset.community_names(sz["communities"]))
            ),
        )
        customers = list(dataset.customers(n))
        created = anchor - timedelta(days=dataset.DAYS + 1)
        fastload.insert(
            Customer,
            (
                {"id": c.index + 1, "name": c.name, "gender": c.gender, "grade": c.grade, "created_at": created}
                for c in customers
            ),
        )
        fastload.insert(
            CustomerPhone,
            (
                {"id": c.index + 1, "customer_id": c.index + 1, "number": f"13{c.index:09d}", "is_primary": True}
                for c in customers
            ),
        )
        fastload.insert(
            Premises,
            (
                {
                    "id": c.index + 1,
                    "customer_id": c.index + 1,
                    "community_id": c.community + 1,
                    "building": c.building,
                    "unit": c.unit,
                    "room": c.room,
                    "building_key": address_key(c.building),
                    "unit_key": address_key(c.unit),
                    "room_key": address_key(c.room),
                }
                for c in customers
            ),
        )
        timings["archive_s"] = round(time.perf_counter() - t0, 1)

        events: list[dict] = []
        deadlines: list[dict] = []
        counts = {"tickets": 0, "events": 0, "deadlines": 0}
        seq: dict[str, int] = {}

        ids = {"event": 0, "deadline": 0}

        def ticket_row(t):
            c = customers[t.customer]
            seq[t.number[2:10]] = int(t.number[11:])
            tid = t.index + 1
            for e in t.events:
                ids["event"] += 1
                events.append(
                    {
                        "id": ids["event"],
                        "ticket_id": tid,
                        "kind": e.kind,
                        "at": e.at,
                        "actor_id": None if e.actor is None else e.actor + 1,
                        "data": e.data,
                    }
                )
            rules = policies.get((t.category, ""), []) + policies.get((t.category, t.priority), [])
            kinds = {kind: (pid, minutes) for pid, kind, minutes in rules}
            first_due = True
            for kind, (pid, minutes) in kinds.items():
                if kind == "callback":
                    continue
                ids["deadline"] += 1
                due = t.received_at + timedelta(minutes=minutes)
                met = getattr(t, MET_BY[kind])
                if met is None and t.status in ("resolved", "closed"):
                    met = t.resolved_at or t.closed_at
                breached = None
                paused = None
                if met is None:
                    if t.due_now and first_due:
                        due = anchor - timedelta(minutes=1)  # falls due for the timed watcher pass
                        first_due = False
                    elif due < anchor:
                        breached = due + timedelta(seconds=30)
                    elif t.held_at:
                        paused = t.held_at
                elif met > due:
                    breached = due + timedelta(seconds=30)
                deadlines.append(
                    {
                        "id": ids["deadline"],
                        "ticket_id": tid,
                        "kind": kind,
                        "round": 0,
                        "policy_id": pid,
                        "allowed_minutes": minutes,
                        "started_at": t.received_at,
                        "due_at": due,
                        "met_at": met,
                        "breached_at": breached,
                        "paused_at": paused,
                    }
                )
            return {
                "id": tid,
                "number": t.number,
                "category": t.category,
                "channel": t.channel,
                "status": t.status,
                "priority": t.priority,
                "customer_id": t.customer + 1,
                "premises_id": t.customer + 1,
                "contact_name": c.name,
                "contact_phone": t.contact_phone,
                "contact_address": t.contact_address,
                "content": t.content,
                "received_at": t.received_at,
                "created_at": t.received_at,
                "updated_at": t.events[-1].at,
                "owner_id": t.owner + 1,
                "created_by_id": t.owner + 1,
                "department_id": None if t.department is None else t.department + 1,
                "dispatched_at": t.dispatched_at,
                "accepted_at": t.accepted_at,
                "started_at": t.started_at,
                "resolved_at": t.resolved_at,
                "closed_at": t.closed_at,
                "held_at": t.held_at,
                "held_from": "in_progress" if t.held_at else "",
                "result": t.result,
                "answer": t.answer,
                "search_tokens": token_text(t.content, c.name, t.contact_address, c.name, t.result),
            }

        def flush():
            counts["events"] += fastload.insert(TicketEvent, events)
            counts["deadlines"] += fastload.insert(Deadline, deadlines)
            events.clear()
            deadlines.clear()

        # Chunks of tickets, each followed by its events and deadlines: one COPY at a time on a
        # connection, and memory bounded whatever the size.
        t1 = time.perf_counter()
        stream = dataset.tickets(n, anchor)
        while chunk := list(islice(stream, 50_000)):
            counts["tickets"] += fastload.insert(Ticket, (ticket_row(t) for t in chunk))
            flush()
        fastload.insert(
            TicketSequence,
            ({"day": date(int(d[:4]), int(d[4:6]), int(d[6:])), "last": last} for d, last in seq.items()),
        )
        timings["tickets_events_deadlines_s"] = round(time.perf_counter() - t1, 1)
    t2 = time.perf_counter()
    fastload.create_indexes(saved)
    timings["indexes_s"] = round(time.perf_counter() - t2, 1)
    fastload.reset_sequences(
        [Department, Staff, Area, Community, Customer, CustomerPhone, Premises, Ticket, TicketEvent, Deadline]
    )
    t3 = time.perf_counter()
    fastload.analyze()
    timings["analyze_s"] = round(time.perf_counter() - t3, 1)
    timings["total_s"] = round(time.perf_counter() - t0, 1)
    return {**counts, "customers": len(customers), **timings}


def auth() -> dict:
    from django.test import Client

    user = Staff.objects.get(username="bench_lead")
    client = Client()
    client.force_login(user)
    timeline_ticket = (
        Ticket.objects.filter(status="closed")
        .order_by("id")
        .filter(id__in=TicketEvent.objects.values("ticket_id"))
        .first()
    )
    return {
        "token": ApiToken.issue(user),
        "session": client.cookies["sessionid"].value,
        "ticket_number": timeline_ticket.number,
        "ticket_id": timeline_ticket.id,
        "customer_id": 1,
    }


def explain(sql_and_params) -> str:
    sql, params = sql_and_params
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
            return "\n".join(r[0] for r in cur.fetchall())
        cur.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(r[-1]) for r in cur.fetchall())


def inproc(anchor: datetime, repeat: int) -> dict:
    from deadlines.watcher import check_deadlines
    from reports.monthly import month_summary
    from tickets.selectors import SEARCH_COUNT_CAP, search_tickets

    out: dict = {}
    user = Staff.objects.get(username="bench_lead")
    # The last complete month before the anchor.
    first = anchor.replace(day=1)
    prev = first - timedelta(days=1)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        rows = month_summary(prev.year, prev.month)
        times.append(time.perf_counter() - t)
    out["month_summary"] = {
        "times_s": times,
        "departments": len(rows),
        "tickets": sum(r.total for r in rows),
        "month": f"{prev.year}-{prev.month:02d}",
    }
    # The data set's open tickets: not those the creation workloads added.
    open_count = Ticket.objects.open().filter(received_at__lt=anchor).count()
    due = Deadline.objects.due_by(datetime.now(tz=anchor.tzinfo)).count()
    t = time.perf_counter()
    recorded = check_deadlines().breaches
    first_pass = time.perf_counter() - t
    t = time.perf_counter()
    again = check_deadlines().breaches
    second_pass = time.perf_counter() - t
    out["check_deadlines"] = {
        "open_tickets": open_count,
        "due": due,
        "recorded": recorded,
        "first_pass_s": first_pass,
        "second_recorded": again,
        "second_pass_s": second_pass,
    }
    plans = {}
    for label, q in (("common word", dataset.COMMON_WORD), ("rare phrase", dataset.RARE_PHRASE)):
        qs = search_tickets(user, q=q)
        page = qs[:50]
        plans[label] = {
            "query": q,
            "count": qs.count(),
            "plan": explain(page.query.sql_with_params()),
            # The count as the API and the board run it: capped (tickets.selectors).
            "count_plan": explain(qs.order_by().values("pk")[: SEARCH_COUNT_CAP + 1].query.sql_with_params()),
        }
    out["search"] = plans
    open_qs = search_tickets(user, status="in_progress")[:50]
    out["list_plan"] = explain(open_qs.query.sql_with_params())
    return out


def watcher(sizes: list[int], due_percent: float = 1.0) -> dict:
    """check_deadlines at growing numbers of open tickets, `due_percent` of them with a promise
    falling due (issue 3, point 8: a pass costs what is due, not what is open).

    Run in a database of its own (run.py makes it): minimal open tickets, each with a handle
    promise (due in 1-48 h, or a minute ago for the due share) and a resolve promise (due in
    2-3 days). Steps are cumulative; before each timed pass the due share is re-armed over all
    open tickets, so every size has exactly `due_percent` % due.
    """
    from datetime import UTC

    from deadlines.watcher import check_deadlines

    now = datetime.now(UTC).replace(microsecond=0)
    every = max(1, round(100 / due_percent))
    steps = []
    with transaction.atomic():
        if not Department.objects.filter(pk=1).exists():
            fastload.insert(Department, [{"id": 1, "code": "w01", "name": "工程部", "is_active": True}])
            fastload.insert(
                Staff,
                [
                    {
                        "id": 1,
                        "username": "w_agent",
                        "password": "!",
                        "name": "值班客服",
                        "work_number": "W0001",
                        "role": "agent",
                        "department_id": 1,
                        "is_active": True,
                        "is_staff": False,
                        "is_superuser": False,
                        "email": "",
                        "first_name": "",
                        "last_name": "",
                        "date_joined": now,
                    }
                ],
            )
    loaded = 0
    for size in sorted(sizes):
        t0 = time.perf_counter()
        tables = [Ticket._meta.db_table, Deadline._meta.db_table]
        saved = fastload.drop_indexes(tables)
        fastload.bulk_session()
        with transaction.atomic():
            received = now - timedelta(hours=1)

            def tickets(lo=loaded, hi=size, received=received):
                for i in range(lo, hi):
                    yield {
                        "id": i + 1,
                        "number": f"GW{i:09d}",
                        "category": "repair",
                        "channel": "phone",
                        "status": "in_progress",
                        "priority": "normal",
                        "contact_name": "业主",
                        "contact_phone": "13800000000",
                        "content": "厨房水管漏水",
                        "received_at": received,
                        "created_at": received,
                        "updated_at": received,
                        "owner_id": 1,
                        "created_by_id": 1,
                        "department_id": 1,
                        "dispatched_at": received,
                        "accepted_at": received,
                        "started_at": received,
                    }

            def deadlines(lo=loaded, hi=size, received=received):
                for i in range(lo, hi):
                    handle_due = now + timedelta(minutes=60 + (i * 37) % (47 * 60))
                    yield {
                        "id": 2 * i + 1,
                        "ticket_id": i + 1,
                        "kind": "handle",
                        "round": 0,
                        "allowed_minutes": 360,
                        "started_at": received,
                        "due_at": handle_due,
                        "warn_at": handle_due + timedelta(hours=1),
                    }  # warned after the pass: the pass times breaches
                    yield {
                        "id": 2 * i + 2,
                        "ticket_id": i + 1,
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
        fastload.reset_sequences([Ticket, Deadline, TicketEvent])
        loaded = size
        fastload.analyze()
        load_s = time.perf_counter() - t0

        def at(moment: datetime):
            return connection.ops.adapt_datetimefield_value(moment)

        def arm(one_in: int) -> int:
            """Exactly one open ticket in `one_in` gets its handle promise a minute overdue and
            unrecorded; every other promise is pending and not yet due."""
            with connection.cursor() as cur:
                cur.execute(
                    "UPDATE deadlines_deadline SET breached_at = NULL, escalate_at = NULL, escalation_level = 0, "
                    "warned_at = NULL, due_at = CASE WHEN ticket_id %% %s = 0 THEN %s ELSE %s END "
                    "WHERE kind = 'handle' AND (ticket_id %% %s = 0 OR breached_at IS NOT NULL OR due_at <= %s)",
                    [one_in, at(now - timedelta(minutes=1)), at(now + timedelta(hours=1)), one_in, at(now)],
                )
            return Deadline.objects.due_by(now).count()

        def timed_pass() -> tuple[float, int]:
            t = time.perf_counter()
            recorded = check_deadlines(now).breaches
            return time.perf_counter() - t, int(recorded)

        def arm_clustered(count: int, size: int = size) -> int:
            """`count` handle promises a minute overdue on consecutive tickets (made together, due
            together: an overnight backlog, a watcher that was down), every other one not due."""
            first = size // 2
            with connection.cursor() as cur:
                cur.execute(
                    "UPDATE deadlines_deadline SET breached_at = NULL, escalate_at = NULL, escalation_level = 0, "
                    "warned_at = NULL, due_at = CASE WHEN ticket_id > %s AND ticket_id <= %s THEN %s ELSE %s END "
                    "WHERE kind = 'handle' AND ((ticket_id > %s AND ticket_id <= %s) OR breached_at IS NOT NULL "
                    "OR due_at <= %s)",
                    [
                        first,
                        first + count,
                        at(now - timedelta(minutes=1)),
                        at(now + timedelta(hours=1)),
                        first,
                        first + count,
                        at(now),
                    ],
                )
            return Deadline.objects.due_by(now).count()

        clustered_due = arm_clustered(size // every)
        clustered, clustered_recorded = timed_pass()
        due = arm(every)
        first, recorded = timed_pass()
        idle, again = timed_pass()
        fixed_due = arm(max(1, size // 100))  # the same 100 due at every size
        fixed, fixed_recorded = timed_pass()
        steps.append(
            {
                "open": Ticket.objects.count(),
                "due": due,
                "recorded": recorded,
                "first_pass_s": first,
                "second_recorded": again,
                "second_pass_s": idle,
                "fixed_due": fixed_due,
                "fixed_recorded": fixed_recorded,
                "fixed_pass_s": fixed,
                "clustered_due": clustered_due,
                "clustered_recorded": clustered_recorded,
                "clustered_pass_s": clustered,
                "load_s": round(load_s, 1),
            }
        )
    return {"due_percent": due_percent, "steps": steps}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["load", "auth", "inproc", "watcher"])
    ap.add_argument("--sizes", default="10000,100000", help="watcher: open tickets at each step")
    ap.add_argument("--due-percent", type=float, default=1.0)
    ap.add_argument("--tickets", type=int, default=10_000)
    ap.add_argument("--anchor")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    anchor = datetime.fromisoformat(a.anchor) if a.anchor else None
    if a.command == "load":
        result = load(a.tickets, anchor)
    elif a.command == "watcher":
        result = watcher([int(x) for x in a.sizes.split(",")], a.due_percent)
    elif a.command == "auth":
        result = auth()
    else:
        result = inproc(anchor, a.repeat)
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
