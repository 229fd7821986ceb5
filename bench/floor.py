"""The floor under intake on this machine (issue 19): a minimal django-ninja app, served the way
`make bench` serves kefu (gunicorn, sync workers, nproc + 1), whose one endpoint validates a JSON
body and runs K statements in one transaction, prepared: `K` INSERTs of a small row each. What it
reaches with 8 clients is what any application making that many statements per request can reach
here before doing anything of its own; kefu's intake makes 10 statements and BEGIN/COMMIT.

    .venv/bin/python bench/floor.py [--statements 0,1,10,14] [--requests 3000] [--clients 8]

Uses the PostgreSQL server of `--pg` (default postgres://postgres@127.0.0.1:5432) and a database
of its own, kefu_floor, dropped and made anew. Listens on 127.0.0.1 only; hey sends a bounded
number of requests. Prints requests a second, latency and the CPU each request cost: the web
processes, PostgreSQL's and the whole machine's (from /proc, this machine only).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from proc_cpu import TICK, busy_ticks, postgres_ticks, processes

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv/bin/python"
GUNICORN = ROOT / ".venv/bin/gunicorn"
PORT = 8197
DB = "kefu_floor"

# The app, when this file is imported by gunicorn as `floor:application` (FLOOR_APP=1).
if os.environ.get("FLOOR_APP"):
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        SECRET_KEY="floor",
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": DB,
                "USER": os.environ.get("FLOOR_USER", "postgres"),
                "HOST": os.environ.get("FLOOR_HOST", "127.0.0.1"),
                "PORT": os.environ.get("FLOOR_PORT", "5432"),
                "CONN_MAX_AGE": 60,
                "OPTIONS": {"server_side_binding": True, "prepare_threshold": 0},
            }
        },
        USE_TZ=True,
    )
    django.setup()

    from django.db import connection, transaction
    from django.urls import path
    from django.utils import timezone
    from ninja import NinjaAPI, Schema

    api = NinjaAPI()

    class Body(Schema):
        category: str
        channel: str
        content: str

    @api.post("/floor/{count}", response={201: dict})
    def floor(request, count: int, body: Body, pipeline: bool = False):
        now = timezone.now()
        sql = "INSERT INTO floor_rows (a, b, c) VALUES (%s, %s, %s) RETURNING id"
        if count and pipeline:  # sent together, the results read once: one round trip
            connection.ensure_connection()
            with transaction.atomic(), connection.connection.pipeline():
                cursors = [connection.connection.cursor() for _ in range(count)]
                for i, cursor in enumerate(cursors):
                    cursor.execute(sql, [i, body.content, now])
            for cursor in cursors:
                cursor.fetchone()
        elif count:
            with transaction.atomic(), connection.cursor() as cursor:
                for i in range(count):
                    cursor.execute(sql, [i, body.content, now])
                    cursor.fetchone()
        return 201, {"ok": True, "statements": count}

    urlpatterns = [path("", api.urls)]

    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--statements", default="0,1,10,14", help="INSERTs per request, comma-separated")
    ap.add_argument("--pipeline", action="store_true", help="also each count sent in pipeline mode")
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    ap.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    args = ap.parse_args()
    server = args.pg.rstrip("/")
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"], check=True)
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE {DB}"], check=True)
    subprocess.run(
        [
            "psql",
            f"{server}/{DB}",
            "-qc",
            "CREATE TABLE floor_rows (id bigserial PRIMARY KEY, a int, b text, c timestamptz)",
        ],
        check=True,
    )
    env = dict(os.environ, FLOOR_APP="1", PYTHONPATH=str(ROOT / "bench"))
    cmd = [str(GUNICORN), "floor:application", "--bind", f"127.0.0.1:{PORT}", "--workers", str(args.workers)]
    cmd += ["--worker-class", "sync", "--graceful-timeout", "10"]
    web = subprocess.Popen(cmd, cwd=ROOT / "bench", env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        body = json.dumps({"category": "repair", "channel": "phone", "content": "3号楼厨房水管漏水，请尽快安排"})
        for _ in range(100):
            try:
                urllib.request.urlopen(
                    urllib.request.Request(
                        f"http://127.0.0.1:{PORT}/floor/0", body.encode(), {"Content-Type": "application/json"}
                    ),
                    timeout=1,
                )
                break
            except OSError:
                time.sleep(0.1)

        def web_ticks():
            return sum(ticks for pid, ppid, _comm, ticks in processes() if web.pid in (pid, ppid))

        print(f"gunicorn {args.workers} sync workers, hey {args.clients} clients × {args.requests} requests")
        runs = [(int(x), False) for x in args.statements.split(",")]
        if args.pipeline:
            runs += [(count, True) for count, _ in runs if count > 1]
        for count, pipelined in runs:
            url = f"http://127.0.0.1:{PORT}/floor/{count}" + ("?pipeline=1" if pipelined else "")
            hey = ["hey", "-m", "POST", "-T", "application/json", "-d", body, "-c", str(args.clients)]
            subprocess.run([*hey, "-n", "300", url], capture_output=True, check=True)  # warm
            a, p, t = web_ticks(), postgres_ticks(), busy_ticks()
            out = subprocess.run([*hey, "-n", str(args.requests), url], capture_output=True, text=True).stdout
            a, p, t = web_ticks() - a, postgres_ticks() - p, busy_ticks() - t
            rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            lat = dict(re.findall(r"(\d\d)% in ([\d.]+) secs", out))

            def ms(ticks):
                return ticks / TICK / args.requests * 1000

            print(
                f"  {count:2d} INSERTs{' pipelined' if pipelined else ''}: {rate:6.1f}/s  p50 {float(lat['50']) * 1000:5.1f}  p99 {float(lat['99']) * 1000:5.1f} ms"
                f"  | CPU a request: web {ms(a):.2f}  PostgreSQL {ms(p):.2f}  machine {ms(t):.2f} ms"
            )
    finally:
        os.killpg(os.getpgid(web.pid), signal.SIGTERM)
        web.wait()
        subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"], check=False)


if __name__ == "__main__":
    sys.exit(main())
