"""What one HTML board costs in CPU, in process (issue 19): the median over runs of N requests
through Django's test client (the whole middleware stack, the session and the user read), with its
statements and the time of its phases.

    DATABASE_URL=... .venv/bin/python bench/board_cpu.py [--url /board/] [--user bench_lead]

Run on a database loaded by `side_kefu.py load` (bench_lead is its supervisor), after
`collectstatic` and `compile_translations`. Process time, not wall time: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Staff  # noqa: E402
from tickets.views import lists  # noqa: E402

PHASES = {  # the view's module globals timed, by the phase they count in
    "paginate_tickets": "count, page and its rows' reads",
    "paginate_rows": "count, page and its rows' reads",  # the board's rows as values (issue 19)
    "list_rows": "rows written in Python",
    "render_screen": "template",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="/board/")
    ap.add_argument("--user", default="bench_lead")
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(Staff.objects.get(username=args.user))
    for _ in range(5):  # warm: templates, routes, labels
        assert client.get(args.url).status_code == 200

    spent: Counter = Counter()

    def timed(name, func):
        def wrapper(*a, **kw):
            t = time.process_time()
            try:
                return func(*a, **kw)
            finally:
                spent[name] += time.process_time() - t

        return wrapper

    phases = {name: label for name, label in PHASES.items() if hasattr(lists, name)}  # older commits too
    for name, label in phases.items():  # the view reads these as module globals at each call
        setattr(lists, name, timed(label, getattr(lists, name)))
    statements: list[str] = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    runs = []
    for _ in range(args.runs):
        t = time.process_time()
        for _ in range(args.requests):
            client.get(args.url)
        runs.append((time.process_time() - t) / args.requests * 1000)
    n = args.runs * args.requests
    with connection.execute_wrapper(count):
        client.get(args.url)
    total = statistics.median(runs)
    print(
        f"{args.url}: {total:.1f} ms of CPU a request (median of {args.runs} × {args.requests}; runs {[round(r, 1) for r in runs]})"
    )
    print(f"  statements: {len(statements)}")
    for label in dict.fromkeys(phases.values()):
        print(f"  {label}: {spent[label] / n * 1000:.1f} ms")
    rest = total - sum(spent.values()) / n * 1000
    print(f"  the rest (middleware, session and user, filters and their option lists): {rest:.1f} ms")


if __name__ == "__main__":
    main()
