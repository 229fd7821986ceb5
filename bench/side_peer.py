"""The peer's side of the benchmark, run by bench/run.py in bench/peer/.venv inside the generated
project (bench/peer/project), with PEER_DATABASE_URL set.

    side_peer.py load --tickets N --anchor ISO   the same data set, mapped onto helpdesk's tables
    side_peer.py auth                           a DRF token and a session cookie for bench_lead

Mapping: a department is a queue; a staff member is a staff user; a ticket keeps its number's
order (same ids as kefu), its text as title and description, its result as resolution; kefu's
open statuses are helpdesk's Open (on_hold for held work), resolved is Resolved, closed Closed;
each timeline event is a follow-up.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

import django  # noqa: E402

django.setup()

import dataset  # noqa: E402
import fastload  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from helpdesk.models import FollowUp, Queue, Ticket, UserSettings  # noqa: E402

PASSWORD = "bench-pass-2026"
STATUS = {"new": 1, "dispatched": 1, "accepted": 1, "in_progress": 1, "on_hold": 1, "resolved": 3, "closed": 4}
PRIORITY = {"urgent": 1, "high": 2, "normal": 3, "low": 4}
NEW_STATUS = {"resolved": 3, "answered": 3, "closed": 4}
TITLES = {
    "created": "工单受理",
    "dispatched": "派单",
    "accepted": "接单",
    "started": "开始处理",
    "held": "挂起",
    "resumed": "恢复",
    "resolved": "办结",
    "answered": "答复",
    "closed": "关闭",
    "note": "备注",
}


def load(n: int, anchor: datetime) -> dict:
    t0 = time.perf_counter()
    timings = {}
    saved = fastload.drop_indexes([Ticket._meta.db_table, FollowUp._meta.db_table])
    fastload.bulk_session()
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous=OFF")
    names = dataset.department_names()
    counts = {"tickets": 0, "events": 0}
    with transaction.atomic():
        fastload.insert(
            Queue,
            (
                {
                    "id": i + 1,
                    "title": name,
                    "slug": code,
                    "allow_public_submission": False,
                    "allow_email_submission": False,
                }
                for i, (code, name) in enumerate(names)
            ),
        )
        pw = make_password(PASSWORD)
        fastload.insert(
            User,
            (
                {
                    "id": s.index + 1,
                    "username": s.username,
                    "password": pw,
                    "first_name": s.name,
                    "last_name": "",
                    "email": f"{s.username}@bench.invalid",
                    "is_staff": True,
                    "is_active": True,
                    "is_superuser": False,
                    "date_joined": anchor - timedelta(days=dataset.DAYS + 30),
                }
                for s in dataset.staff()
            ),
        )
        # What helpdesk's post_save signal would have made for each user.
        fastload.insert(
            UserSettings, ({"id": s.index + 1, "user_id": s.index + 1, "settings_pickled": ""} for s in dataset.staff())
        )
        followups: list[dict] = []
        ids = {"followup": 0}

        def ticket_row(t: dataset.TicketRecord) -> dict:
            tid = t.index + 1
            for e in t.events:
                ids["followup"] += 1
                d = e.data
                followups.append(
                    {
                        "id": ids["followup"],
                        "ticket_id": tid,
                        "date": e.at,
                        "title": TITLES.get(e.kind, e.kind),
                        "comment": d.get("text")
                        or d.get("result")
                        or d.get("answer")
                        or d.get("reason")
                        or d.get("department_name")
                        or d.get("note")
                        or "",
                        "public": False,
                        "user_id": None if e.actor is None else e.actor + 1,
                        "new_status": NEW_STATUS.get(e.kind),
                    }
                )
            return {
                "id": tid,
                "title": t.content[:60],
                "queue_id": (t.department or 0) + 1,
                "created": t.received_at,
                "modified": t.events[-1].at,
                "submitter_email": f"c{t.customer}@bench.invalid",
                "assigned_to_id": t.owner + 1,
                "status": STATUS[t.status],
                "on_hold": t.status == "on_hold",
                "description": t.content,
                "resolution": t.result or t.answer,
                "priority": PRIORITY[t.priority],
            }

        t1 = time.perf_counter()
        stream = dataset.tickets(n, anchor)
        while chunk := list(islice(stream, 50_000)):
            counts["tickets"] += fastload.insert(Ticket, (ticket_row(t) for t in chunk))
            counts["events"] += fastload.insert(FollowUp, followups)
            followups.clear()
        timings["tickets_events_s"] = round(time.perf_counter() - t1, 1)
    t2 = time.perf_counter()
    fastload.create_indexes(saved)
    timings["indexes_s"] = round(time.perf_counter() - t2, 1)
    fastload.reset_sequences([Queue, User, UserSettings, Ticket, FollowUp])
    fastload.analyze()
    timings["total_s"] = round(time.perf_counter() - t0, 1)
    return {**counts, **timings}


def auth() -> dict:
    from django.test import Client
    from rest_framework.authtoken.models import Token

    user = User.objects.get(username="bench_lead")
    client = Client()
    client.force_login(user)
    token, _ = Token.objects.get_or_create(user=user)
    return {"token": token.key, "session": client.cookies["sessionid"].value}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["load", "auth"])
    ap.add_argument("--tickets", type=int, default=10_000)
    ap.add_argument("--anchor")
    a = ap.parse_args()
    if a.command == "load":
        result = load(a.tickets, datetime.fromisoformat(a.anchor))
    else:
        result = auth()
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
