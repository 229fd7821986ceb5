"""What one API intake costs in CPU, in process (issue 19): the median over runs of N creations
through Django's test client (the whole middleware stack, the token, the response), the body
`make bench` posts, with the statements of one and, on request, where the time goes.

    DATABASE_URL=... .venv/bin/python bench/intake_cpu.py [--requests 300] [--runs 5] [--profile]

Run on a database loaded by `side_kefu.py load` (bench_lead records the requests, customer 1
exists), after `collectstatic` and `compile_translations`. It writes the tickets it creates.
Process time, not wall time: the machine is shared. PostgreSQL's own CPU is not in the figure;
`--server-cpu` adds what the server processes spent (from /proc, same machine only).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from proc_cpu import TICK, postgres_ticks  # noqa: E402

from accounts.models import ApiToken, Staff  # noqa: E402

BODY = json.dumps(  # bench/run.py's create_body
    {"category": "repair", "channel": "phone", "customer": 1, "content": "3号楼厨房水管漏水，请尽快安排"},
    ensure_ascii=False,
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--user", default="bench_lead")
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="cProfile one more run and print the top")
    ap.add_argument("--dump", help="with --profile: also write the profile to this file (pstats)")
    ap.add_argument("--server-cpu", action="store_true", help="add PostgreSQL's CPU (from /proc)")
    args = ap.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    headers = {"Authorization": f"Bearer {ApiToken.issue(Staff.objects.get(username=args.user))}"}

    def post():
        response = client.post("/api/v1/tickets", BODY, content_type="application/json", headers=headers)
        assert response.status_code == 201, response.content
        return response

    for _ in range(20):  # warm: routes, schemas, catalogues, prepared statements
        post()
    runs, server = [], []
    for _ in range(args.runs):
        s, t = postgres_ticks() if args.server_cpu else 0, time.process_time()
        for _ in range(args.requests):
            post()
        runs.append((time.process_time() - t) / args.requests * 1000)
        if args.server_cpu:
            server.append((postgres_ticks() - s) / TICK / args.requests * 1000)
    statements: list[str] = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        post()
    print(
        f"API intake: {statistics.median(runs):.2f} ms of CPU each (median of {args.runs} × {args.requests}; "
        f"runs {[round(r, 2) for r in runs]})"
    )
    if server:
        print(
            f"  PostgreSQL's processes: {statistics.median(server):.2f} ms each (runs {[round(r, 2) for r in server]})"
        )
    print(f"  statements: {len(statements)}")
    for sql in statements:
        print(f"    {sql[:140]}")
    if args.profile:
        profile = cProfile.Profile(time.process_time)  # CPU, not the waits on the database
        profile.enable()
        for _ in range(args.requests):
            post()
        profile.disable()
        if args.dump:
            profile.dump_stats(args.dump)
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
