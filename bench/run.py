"""`make bench`: build the data set, serve kefu and its peer django-helpdesk on the loopback,
drive the same workloads against both with `hey` (bounded request counts), write the report.

    .venv/bin/python bench/run.py [--tickets 100000[,1000000]] [--db sqlite|postgres|both]
                                  [--watch-sizes 10000,100000] [--requests 100] [--no-peer]

Per database and size: a fresh database for each side (SQLite files under bench/.work/, or the
PostgreSQL databases kefu_bench and kefu_bench_peer, dropped and created here), the bulk load
(timed), gunicorn for each side on 127.0.0.1 (1 sync worker per core + 1, as scripts/serve), the HTTP
workloads, then kefu's in-process timings (month summary, deadline pass, query plans). Per
database, after the sizes: the deadline pass at each of --watch-sizes open tickets (1 % due) in a
database of its own (kefu_bench_watch). One report per database and run:
bench/results/<date>-<database>.md (+ .json) with the goals, the growth over the sizes, the
deadline pass and every figure. Nothing here listens anywhere but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
RESULTS = BENCH / "results"
PEER = BENCH / "peer"
PEER_VENV = PEER / ".venv"
PEER_PROJECT = PEER / "project"
KEFU_PY = ROOT / ".venv" / "bin" / "python"
HOST = "127.0.0.1"
# As scripts/serve: one sync worker per core and one more (bench/README.md, issue 19).
SERVE_WORKERS = len(os.sched_getaffinity(0)) + 1
sys.path.insert(0, str(BENCH))

import dataset  # noqa: E402
import peer_project  # noqa: E402


def log(msg: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {msg}", flush=True)


def run(cmd: list[str], *, env: dict | None = None, cwd: Path = ROOT, capture: bool = False) -> str:
    full_env = {**os.environ, **(env or {})}
    r = subprocess.run(cmd, env=full_env, cwd=cwd, text=True, capture_output=capture)
    if r.returncode != 0:
        if capture:
            sys.stderr.write(r.stdout[-4000:] + r.stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}")
    return r.stdout if capture else ""


def run_json(cmd: list[str], **kw) -> dict:
    out = run(cmd, capture=True, **kw)
    return json.loads(out.strip().splitlines()[-1])


# --- tools -----------------------------------------------------------------------------------


def ensure_hey() -> str:
    """hey (Debian package): bounded request counts (-n), concurrency (-c), per-request CSV."""
    path = shutil.which("hey")
    if path:
        return path
    if os.geteuid() != 0:
        raise SystemExit("bench needs the Debian package 'hey': sudo apt-get install hey")
    log("installing the load generator: apt-get install hey")
    run(["apt-get", "update", "-qq"], capture=True)
    run(["apt-get", "install", "-y", "-qq", "hey"], capture=True)
    return shutil.which("hey") or "/usr/bin/hey"


def ensure_peer_venv() -> Path:
    """bench/peer/.venv with the pinned django-helpdesk; reinstalled only when the pins change."""
    py = PEER_VENV / "bin" / "python"
    stamp = PEER_VENV / ".installed"
    req = PEER / "requirements.txt"
    if not py.exists():
        log("creating the peer's virtual environment bench/peer/.venv")
        run([shutil.which("python3.11") or sys.executable, "-m", "venv", str(PEER_VENV)])
    if not stamp.exists() or stamp.read_text() != req.read_text():
        log("installing django-helpdesk (pinned) into bench/peer/.venv")
        run([str(py), "-m", "pip", "install", "-q", "-r", str(req)], capture=True)
        stamp.write_text(req.read_text())
    return py


# --- databases -------------------------------------------------------------------------------


def fresh_database(kind: str, name: str, pg_base: str) -> str:
    if kind == "sqlite":
        path = WORK / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_base}/{name}"


def settle(urls: list[str]) -> float:
    """After the bulk loads, before any request is timed: each PostgreSQL database vacuumed and
    analysed (the visibility map and hint bits a live database has had set by autovacuum long
    ago) and one checkpoint, so that the gigabytes the loads left dirty are written now and not
    under the workloads: neither autovacuum's first pass nor that checkpoint can land inside one
    side's timed workload. A run straight after a 1,000,000-ticket load measured the same as one an
    hour later (309 vs 312 intakes a second, issue 19): this is method, not a measured gain.
    Returns the seconds it took."""
    import psycopg

    started = time.perf_counter()
    for url in urls:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE)")
    with psycopg.connect(urls[0], autocommit=True) as conn:
        conn.execute("CHECKPOINT")
    return round(time.perf_counter() - started, 1)


def drop_database(kind: str, name: str, pg_base: str) -> None:
    if kind == "postgres":
        import psycopg

        with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def db_version(kind: str, pg_base: str) -> str:
    if kind == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(f"{pg_base}/postgres") as conn:
        return conn.execute("SHOW server_version").fetchone()[0].join(["PostgreSQL ", ""])


# --- servers ---------------------------------------------------------------------------------


class Server:
    def __init__(self, name: str, cmd: list[str], env: dict, cwd: Path, ready_url: str):
        self.name, self.ready_url = name, ready_url
        self.log = open(WORK / f"{name}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd, env={**os.environ, **env}, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"{name} server exited; see {self.log.name}")
            try:
                urllib.request.urlopen(ready_url, timeout=2)
                return
            except Exception:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"{name} server did not answer {ready_url}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def port_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex((HOST, port)) != 0


# --- load generation -------------------------------------------------------------------------


def hey(url: str, *, n: int, c: int, headers: dict, method: str = "GET", body: str | None = None) -> dict:
    cmd = ["hey", "-n", str(n), "-c", str(c), "-t", "300", "-o", "csv", "-m", method]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    if body is not None:
        cmd += ["-T", "application/json", "-d", body]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    times = sorted(float(r["response-time"]) for r in rows)
    codes: dict[str, int] = {}
    for r in rows:
        codes[r["status-code"]] = codes.get(r["status-code"], 0) + 1
    wall = max(float(r["offset"]) + float(r["response-time"]) for r in rows) if rows else 0
    ok = sum(v for k, v in codes.items() if k.startswith("2"))

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(round(p / 100 * len(times) + 0.5)) - 1)] * 1000 if times else 0

    return {
        "n": len(rows),
        "clients": c,
        "ok": ok,
        "codes": codes,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": statistics.mean(times) * 1000 if times else 0,
        "rps": ok / wall if wall else 0,
    }


def measure(
    url: str,
    *,
    n: int,
    c: int,
    headers: dict,
    method: str = "GET",
    body: str | None = None,
    budget: float | None = None,
) -> dict:
    """Warm up, then the measured run. With a budget (seconds), a slow side gets fewer requests:
    never fewer than 5, and the count used is in the report."""
    probe = hey(url, n=1, c=1, headers=headers, method=method, body=body)
    if probe["n"] == 0:
        # No answer within hey's timeout (-t 300): hey writes no row for it. Sending more
        # would cost 300 s each (the peer's one-ticket API at 1,000,000 tickets did this).
        probe["probe_only"] = True
        probe["timed_out"] = True
        return probe
    if budget and probe["mean"] / 1000 > budget / 3:
        # So slow that even three requests would overrun the budget: the probe is the figure.
        probe["probe_only"] = True
        return probe
    if probe["mean"] < 1000:  # a warm-up is only affordable where a request is fast
        hey(url, n=max(c, 5), c=c, headers=headers, method=method, body=body)
    if budget and probe["mean"] > 0:
        per_request = probe["mean"] / 1000 / c
        if per_request * n > budget:
            n = max(3, c, int(budget / per_request))
    result = hey(url, n=n, c=c, headers=headers, method=method, body=body)
    result["probe_codes"] = probe["codes"]
    return result


# --- the run ---------------------------------------------------------------------------------


def workloads(kefu: dict, peer: dict | None, base_n: int) -> list[dict]:
    """(name, clients, requests, kefu request, peer request or a note)."""
    k, p = kefu, peer or {}
    kapi = {"Authorization": f"Bearer {k['token']}"}
    kweb = {"Cookie": f"sessionid={k['session']}"}
    papi = {"Authorization": f"Token {p.get('token', '')}"}
    pweb = {"Cookie": f"sessionid={p.get('session', '')}"}
    kb = f"http://{HOST}:{k['port']}"
    pb = f"http://{HOST}:{p.get('port', 0)}/helpdesk"
    # Neither search word in the text: the searches run after the creations, and hundreds of
    # fresh matches on top of the list would make the common-word search look cheaper than it is.
    create_body = json.dumps(
        {"category": "repair", "channel": "phone", "customer": 1, "content": "3号楼厨房水管漏水，请尽快安排"},
        ensure_ascii=False,
    )
    peer_create = json.dumps(
        {
            "queue": 2,
            "title": "3号楼厨房水管漏水",
            "description": "3号楼厨房水管漏水，请尽快安排",
            "submitter_email": "c0@bench.invalid",
            "priority": 3,
        },
        ensure_ascii=False,
    )

    def dt(query: dict) -> str:
        b64 = base64.b64encode(json.dumps(query).encode()).decode()
        return f"{pb}/datatables_ticket_list/{b64}?draw=1&start=0&length=50"

    open_rows = dt(
        {"filtering": {"status__in": [1, 2]}, "sorting": "created", "sortreverse": True, "search_string": ""}
    )
    return [
        {
            "name": "create ticket (API)",
            "c": 1,
            "n": base_n,
            "method": "POST",
            "kefu": (f"{kb}/api/v1/tickets", kapi, create_body),
            "peer": (f"{pb}/api/tickets/", papi, peer_create),
        },
        {
            "name": "create ticket (API)",
            "c": 8,
            # Long enough to be a rate, not a moment: 400 creations took kefu about a second, in
            # which one 100 ms pause of the machine (autovacuum after the load, a checkpoint) cost
            # a tenth of the figure and was its p99 (the fourth-slowest); 2,000 take ~5 s, the
            # peer's ~25 s.
            "n": 20 * base_n,
            "method": "POST",
            "kefu": (f"{kb}/api/v1/tickets", kapi, create_body),
            "peer": (f"{pb}/api/tickets/", papi, peer_create),
        },
        {
            "name": "open tickets, API (status=in_progress / Open)",
            "c": 1,
            "n": base_n,
            "kefu": (f"{kb}/api/v1/tickets?status=in_progress", kapi, None),
            "peer": (f"{pb}/api/tickets/?status=1", papi, None),
        },
        {
            "name": "open tickets, HTML board (peer: its datatables rows)",
            "c": 1,
            "n": base_n,
            "kefu": (f"{kb}/board/", kweb, None),
            "peer": (open_rows, pweb, None),
        },
        {
            "name": "open tickets, HTML board",
            "c": 8,
            "n": 2 * base_n,
            "kefu": (f"{kb}/board/", kweb, None),
            "peer": (open_rows, pweb, None),
        },
        {
            "name": "one ticket, API (peer: with its follow-ups)",
            "c": 1,
            "n": base_n,
            "kefu": (f"{kb}/api/v1/tickets/{k['ticket_number']}", kapi, None),
            "peer": (f"{pb}/api/tickets/{k['ticket_id']}/", papi, None),
        },
        {
            "name": "its timeline, API",
            "c": 1,
            "n": base_n,
            "kefu": (f"{kb}/api/v1/tickets/{k['ticket_number']}/events", kapi, None),
            "peer": "the peer's ticket API above already carries the follow-ups",
        },
        {
            "name": "ticket page with timeline, HTML",
            "c": 1,
            "n": base_n,
            "kefu": (f"{kb}/tickets/{k['ticket_number']}/", kweb, None),
            "peer": (f"{pb}/tickets/{k['ticket_id']}/", pweb, None),
        },
        {
            "name": f"search '{dataset.COMMON_WORD}' (common two-character word)",
            "c": 1,
            "n": base_n,
            "kefu": (f"{kb}/api/v1/tickets?q={urllib.request.quote(dataset.COMMON_WORD)}", kapi, None),
            "peer": (
                dt({"filtering": {}, "sorting": "created", "sortreverse": True, "search_string": dataset.COMMON_WORD}),
                pweb,
                None,
            ),
        },
        {
            "name": f"search '{dataset.RARE_PHRASE}' (rare phrase)",
            "c": 1,
            "n": base_n,
            "kefu": (f"{kb}/api/v1/tickets?q={urllib.request.quote(dataset.RARE_PHRASE)}", kapi, None),
            "peer": (
                dt({"filtering": {}, "sorting": "created", "sortreverse": True, "search_string": dataset.RARE_PHRASE}),
                pweb,
                None,
            ),
        },
        {
            "name": "customers by address, API (12栋1502)",
            "c": 1,
            "n": base_n,
            "kefu": (f"{kb}/api/v1/customers?address={urllib.request.quote('12栋1502')}", kapi, None),
            "peer": "the peer keeps no customer archive to search by address",
        },
        {
            "name": "customers by address, API (room alone: 1502)",
            "c": 1,
            "n": base_n,
            "kefu": (f"{kb}/api/v1/customers?address=1502", kapi, None),
            "peer": "the peer keeps no customer archive to search by address",
        },
        {
            "name": "month KPI report (peer: its queue-by-status report page, all time)",
            "c": 1,
            "n": 5,
            "kefu": None,
            "peer": (f"{pb}/reports/queuestatus/", pweb, None),
        },
    ]


def bench_one(kind: str, size: int, args, anchor: datetime) -> dict:
    pg = args.pg
    commit = run(["git", "rev-parse", "--short", "HEAD"], capture=True).strip()
    result: dict = {
        "commit": commit,
        "workers": args.workers,
        "database": kind,
        "tickets": size,
        "anchor": anchor.isoformat(),
        "started": datetime.now(UTC).isoformat(),
        "db_version": db_version(kind, pg),
        "loadavg_start": os.getloadavg(),
    }
    log(f"{kind}, {size:,} tickets: fresh databases")
    kefu_url = fresh_database(kind, args.db_name, pg)
    kenv = {
        "DATABASE_URL": kefu_url,
        "KEFU_VAR_DIR": str(WORK / "var"),
        "KEFU_LOG_LEVEL": "WARNING",
        "KEFU_WEB_WORKERS": str(args.workers),
    }
    peer_py = peer_load = None
    if not args.no_peer:
        peer_py = ensure_peer_venv()
        peer_project.write_project(PEER_PROJECT)
        penv = {"PEER_DATABASE_URL": fresh_database(kind, f"{args.db_name}_peer", pg), "PYTHONPATH": str(PEER_PROJECT)}
        run([str(peer_py), "manage.py", "migrate", "--noinput", "-v0"], env=penv, cwd=PEER_PROJECT)
        # The two loads run side by side (two cores): at 1,000,000 tickets this saves the
        # peer's whole load time. Each load's time is its own wall time, with the other running.
        log("loading the peer (in the background)")
        peer_load = subprocess.Popen(
            [str(peer_py), str(BENCH / "side_peer.py"), "load", "--tickets", str(size), "--anchor", anchor.isoformat()],
            env={**os.environ, **penv},
            cwd=PEER_PROJECT,
            stdout=subprocess.PIPE,
            text=True,
        )
    run([str(KEFU_PY), "manage.py", "migrate", "--noinput", "-v0"], env=kenv)
    log("loading kefu")
    result["kefu_load"] = run_json(
        [str(KEFU_PY), "bench/side_kefu.py", "load", "--tickets", str(size), "--anchor", anchor.isoformat()], env=kenv
    )
    log(f"kefu loaded: {result['kefu_load']}")
    if peer_load is not None:
        out, _ = peer_load.communicate()
        if peer_load.returncode != 0:
            raise SystemExit("the peer's load failed")
        result["peer_load"] = json.loads(out.strip().splitlines()[-1])
        log(f"peer loaded: {result['peer_load']}")
        result["peer_version"] = run(
            [
                str(peer_py),
                "-c",
                "import importlib.metadata as m; print(m.version('django-helpdesk'), m.version('django'))",
            ],
            capture=True,
        ).split()

    if kind == "postgres":
        log("vacuum, analyse and checkpoint both databases")
        result["settle_s"] = settle([kefu_url] + ([penv["PEER_DATABASE_URL"]] if peer_load is not None else []))

    servers = []
    try:
        for port in (args.port, args.peer_port):
            if not port_free(port):
                raise SystemExit(f"port {port} already answers on {HOST}: choose --port/--peer-port")
        gunicorn = [
            "--bind",
            f"{HOST}:{args.port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--graceful-timeout",
            "10",
            "--no-control-socket",
            "--timeout",
            "300",
        ]
        servers.append(
            Server(
                "kefu",
                [str(ROOT / ".venv/bin/gunicorn"), "kefu.wsgi:application", *gunicorn],
                kenv,
                ROOT,
                f"http://{HOST}:{args.port}/healthz",
            )
        )
        kefu = {**run_json([str(KEFU_PY), "bench/side_kefu.py", "auth"], env=kenv), "port": args.port}
        peer = None
        if peer_py:
            pg_args = [a if a != f"{HOST}:{args.port}" else f"{HOST}:{args.peer_port}" for a in gunicorn]
            servers.append(
                Server(
                    "peer",
                    [str(PEER_VENV / "bin/gunicorn"), "wsgi:application", *pg_args],
                    penv,
                    PEER_PROJECT,
                    f"http://{HOST}:{args.peer_port}/helpdesk/login/",
                )
            )
            peer = {
                **run_json([str(peer_py), str(BENCH / "side_peer.py"), "auth"], env=penv, cwd=PEER_PROJECT),
                "port": args.peer_port,
            }
        rows = []
        for w in workloads(kefu, peer, args.requests):
            row = {"name": w["name"], "clients": w["c"]}
            if w["kefu"]:
                url, headers, body = w["kefu"]
                log(f"kefu: {w['name']} x{w['n']} c={w['c']}")
                row["kefu"] = measure(
                    url, n=w["n"], c=w["c"], headers=headers, method=w.get("method", "GET"), body=body
                )
            if peer and isinstance(w["peer"], tuple):
                url, headers, body = w["peer"]
                log(f"peer: {w['name']} x{w['n']} c={w['c']}")
                row["peer"] = measure(
                    url,
                    n=w["n"],
                    c=w["c"],
                    headers=headers,
                    method=w.get("method", "GET"),
                    body=body,
                    budget=args.peer_budget,
                )
            elif isinstance(w["peer"], str):
                row["peer_note"] = w["peer"]
            rows.append(row)
        result["http"] = rows
    finally:
        for s in servers:
            s.stop()
    log("kefu in-process: month summary, deadline pass, query plans")
    result["inproc"] = run_json(
        [str(KEFU_PY), "bench/side_kefu.py", "inproc", "--anchor", anchor.isoformat()], env=kenv
    )
    result["loadavg_end"] = os.getloadavg()
    result["finished"] = datetime.now(UTC).isoformat()
    if not args.keep:
        drop_database(kind, args.db_name, pg)
        drop_database(kind, f"{args.db_name}_peer", pg)
    return result


# --- the report ------------------------------------------------------------------------------


def machine() -> dict:
    mem = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem / 1024 / 1024, 1),
        "cpu": model,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def fmt_ms(x: float) -> str:
    return f"{x:.1f}" if x < 100 else f"{x:.0f}"


def ratio(ours: float, theirs: float, higher_is_better: bool = False) -> str:
    if not ours or not theirs:
        return "—"
    r = ours / theirs if higher_is_better else theirs / ours
    return f"{r:.1f}×"


def human(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k" if n >= 1000 else str(n)


def valid(m: dict | None) -> bool:
    """A figure with errors in it compares nothing."""
    return bool(m) and m["n"] > 0 and m["ok"] == m["n"]


def table(result: dict) -> str:
    lines = [
        "| workload | clients | kefu n | kefu p50 / p95 / p99 ms | kefu req/s | peer n | peer p50 / p95 / p99 ms "
        "| peer req/s | peer ÷ kefu (p95) | kefu ÷ peer (req/s) |",
        "| --- | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for row in result.get("http", []):
        k, p = row.get("kefu"), row.get("peer")

        def cells(m):
            if not m:
                return ["—", "—", "—"]
            if m.get("timed_out") or m["n"] == 0:
                return (
                    ["1", "no answer within 300 s (hey's timeout)", "—"]
                    if m.get("timed_out")
                    else ["0", "no answer", "—"]
                )
            bad = m["n"] - m["ok"]
            errs = f" ({bad} errors: {m['codes']})" if bad else ""
            return [
                str(m["n"]),
                f"{fmt_ms(m['p50'])} / {fmt_ms(m['p95'])} / {fmt_ms(m['p99'])}{errs}",
                f"{m['rps']:.1f}",
            ]

        kc = cells(k) if k else ["—", "no HTTP equivalent: timed in-process below", "—"]
        pc = cells(p) if p else ["—", row.get("peer_note", "no equivalent"), "—"]
        lines.append(
            f"| {row['name']} | {row['clients']} | "
            + " | ".join(kc)
            + " | "
            + " | ".join(pc)
            + " | "
            + (ratio(k["p95"], p["p95"]) if valid(k) and valid(p) else "—")
            + " | "
            + (ratio(k["rps"], p["rps"], True) if valid(k) and valid(p) else "—")
            + " |"
        )
    return "\n".join(lines)


def inproc_table(result: dict) -> str:
    ip = result["inproc"]
    ms = ip["month_summary"]
    cd = ip["check_deadlines"]
    peer_report = next((r.get("peer") for r in result.get("http", []) if r["name"].startswith("month KPI")), None)
    lines = ["| kefu, in-process | figure | goal | peer |", "| --- | --- | --- | --- |"]
    lines.append(
        f"| month_summary({ms['month']}): {ms['tickets']:,} tickets, {ms['departments']} departments | "
        f"median {statistics.median(ms['times_s']) * 1000:.0f} ms, max {max(ms['times_s']) * 1000:.0f} ms "
        f"({len(ms['times_s'])} runs) | ≤ 1 s | "
        + (
            f"queue-by-status report page (all time, no on-time rate, over HTTP): p50 {fmt_ms(peer_report['p50'])} ms"
            if peer_report
            else "—"
        )
        + " |"
    )
    lines.append(
        f"| check_deadlines: {cd['due']:,} promises due among {cd['open_tickets']:,} open tickets | "
        f"first pass {cd['first_pass_s'] * 1000:.0f} ms ({cd['recorded']:,} breaches recorded); "
        f"second pass {cd['second_pass_s'] * 1000:.0f} ms ({cd['second_recorded']} recorded) | ≤ 1 s | "
        "no equivalent (helpdesk's escalate_tickets raises priority after N days; no per-step promises) |"
    )
    return "\n".join(lines)


GOALS = [
    # (label, issue, workload name prefix, clients, metric, limit, higher is better, times the peer)
    ("agent list, API: p95 ≤ 50 ms", 5, "open tickets, API", 1, "p95", 50, False, None),
    ("agent list, HTML board: p95 ≤ 50 ms", 5, "open tickets, HTML board", 1, "p95", 50, False, None),
    ("agent list, HTML board, 8 clients: p95 ≤ 50 ms", 5, "open tickets, HTML board", 8, "p95", 50, False, None),
    ("agent list, HTML board, 8 clients: p95 ≤ 100 ms", 19, "open tickets, HTML board", 8, "p95", 100, False, None),
    ("ticket page, API: p95 ≤ 50 ms", 5, "one ticket, API", 1, "p95", 50, False, None),
    ("ticket timeline, API: p95 ≤ 50 ms", 5, "its timeline, API", 1, "p95", 50, False, None),
    ("ticket page, HTML: p95 ≤ 50 ms", 5, "ticket page with timeline, HTML", 1, "p95", 50, False, None),
    (f"search '{dataset.COMMON_WORD}': p95 ≤ 100 ms", 5, f"search '{dataset.COMMON_WORD}'", 1, "p95", 100, False, None),
    (f"search '{dataset.RARE_PHRASE}': p95 ≤ 100 ms", 5, f"search '{dataset.RARE_PHRASE}'", 1, "p95", 100, False, None),
    ("API creation, 8 clients: ≥ 500/s", 5, "create ticket (API)", 8, "rps", 500, True, None),
    ("API creation, 8 clients: ≥ 300/s and ≥ 5× the peer", 19, "create ticket (API)", 8, "rps", 300, True, 5),
    ("API creation, 8 clients: p99 ≤ 100 ms", 5, "create ticket (API)", 8, "p99", 100, False, None),
]


def goals_table(result: dict, watch: dict | None) -> str:
    """The goals of issue 5 (every workload) and of issue 19 (intake and the board under 8 clients)."""
    lines = [
        "| goal | issue | kefu | met | peer | kefu vs peer (goal ≥ 5×) |",
        "| --- | ---: | ---: | :---: | ---: | ---: |",
    ]
    for label, issue, prefix, clients, metric, limit, higher, times_peer in GOALS:
        row = next(
            (r for r in result.get("http", []) if r["name"].startswith(prefix) and r["clients"] == clients), None
        )
        if not row or not row.get("kefu"):
            continue
        k, p = row["kefu"], row.get("peer")
        unit = "/s" if metric == "rps" else " ms"
        value = k[metric]
        met = (value >= limit if higher else value <= limit) and valid(k)
        if times_peer is not None:  # and so many times the peer's figure, in the same run
            met = met and bool(p) and valid(p) and p[metric] > 0 and value / p[metric] >= times_peer
        peer_cell = f"{p[metric]:.1f}{unit}" if p and valid(p) else row.get("peer_note", "—") if not p else "no answer"
        vs = ratio(k[metric], p[metric], higher) if p and valid(p) and valid(k) else "—"
        lines.append(
            f"| {label} | {issue} | {fmt_ms(value) if metric != 'rps' else f'{value:.1f}'}{unit} | "
            f"{'yes' if met else '**no**'} | {peer_cell} | {vs} |"
        )
    ms = result["inproc"]["month_summary"]
    med = statistics.median(ms["times_s"])
    lines.append(
        f"| month KPI summary: ≤ 1 s | 5 | {med * 1000:.0f} ms | {'yes' if med <= 1 else '**no**'} | "
        "report page, see below | — |"
    )
    if watch and watch.get("steps"):
        top = max(watch["steps"], key=lambda s: s["open"])
        if "clustered_pass_s" in top:
            lines.append(
                f"| check_deadlines, {top['open']:,} open, {top['clustered_due']:,} due, made together: ≤ 1 s | 5 | "
                f"{top['clustered_pass_s']:.2f} s | {'yes' if top['clustered_pass_s'] <= 1 else '**no**'} | "
                "no equivalent | — |"
            )
        lines.append(
            f"| check_deadlines, {top['open']:,} open, {top['due']:,} due, spread evenly (worst case): ≤ 1 s | 5 | "
            f"{top['first_pass_s']:.2f} s | {'yes' if top['first_pass_s'] <= 1 else '**no**'} | no equivalent | — |"
        )
    return "\n".join(lines)


def watch_table(watch: dict) -> str:
    lines = [
        "| open tickets | load (s) | due (1 %) | pass recording them: made together (consecutive rows) | "
        "the same number spread evenly (worst case) | idle pass (nothing due) | 100 due, same pass |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for st in watch["steps"]:
        together = (
            f"{st['clustered_pass_s'] * 1000:.0f} ms ({st['clustered_recorded']:,} recorded)"
            if "clustered_pass_s" in st
            else "—"
        )
        lines.append(
            f"| {st['open']:,} | {st['load_s']} | {st['due']:,} ({st['recorded']:,} recorded) | {together} | "
            f"{st['first_pass_s'] * 1000:.0f} ms | {st['second_pass_s'] * 1000:.0f} ms | "
            f"{st['fixed_pass_s'] * 1000:.0f} ms ({st['fixed_recorded']} recorded) |"
        )
    return "\n".join(lines)


def growth_table(results: list[dict]) -> str:
    runs = sorted(results, key=lambda r: r["tickets"])
    head = (
        "| workload | clients | "
        + " | ".join(f"kefu @ {human(r['tickets'])}" for r in runs)
        + " | "
        + " | ".join(f"peer @ {human(r['tickets'])}" for r in runs)
        + " |"
    )
    lines = [
        "p95 in ms as the client saw it (creation: req/s).",
        "",
        head,
        "| --- | ---: |" + " ---: |" * (2 * len(runs)),
    ]
    for i, row in enumerate(runs[0].get("http", [])):
        cells = []
        for side in ("kefu", "peer"):
            for r in runs:
                m = r["http"][i].get(side) if i < len(r.get("http", [])) else None
                if not m:
                    cells.append("—")
                elif not valid(m):
                    cells.append("no answer" if m["n"] == 0 else "errors")
                elif row["name"].startswith("create"):
                    cells.append(f"{m['rps']:.0f}/s")
                else:
                    cells.append(fmt_ms(m["p95"]))
        lines.append(f"| {row['name']} | {row['clients']} | " + " | ".join(cells) + " |")
    lines.append(
        "| month_summary, in-process (median ms) | 1 | "
        + " | ".join(f"{statistics.median(r['inproc']['month_summary']['times_s']) * 1000:.0f}" for r in runs)
        + " |"
        + " — |" * len(runs)
    )
    lines.append(
        "| load time (s) | | "
        + " | ".join(str(r["kefu_load"]["total_s"]) for r in runs)
        + " | "
        + " | ".join(str(r.get("peer_load", {}).get("total_s", "—")) for r in runs)
        + " |"
    )
    return "\n".join(lines)


def size_section(result: dict) -> list[str]:
    kl, pl = result["kefu_load"], result.get("peer_load")
    parts = [
        f"## {result['tickets']:,} tickets",
        "",
        f"Run {result['started'][11:16]} → {result['finished'][11:16]} UTC; load average at start "
        f"{result['loadavg_start'][0]:.2f}, at end {result['loadavg_end'][0]:.2f}; data anchored at {result['anchor'][:16]}.",
        "",
        "| side | tickets | timeline rows | deadline rows | customers | load (s) |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        f"| kefu | {kl['tickets']:,} | {kl['events']:,} | {kl['deadlines']:,} | {kl['customers']:,} | "
        f"{kl['total_s']} (archive {kl['archive_s']}, tickets+events+deadlines {kl['tickets_events_deadlines_s']}, "
        f"indexes {kl['indexes_s']}, analyze {kl['analyze_s']}) |",
    ]
    if pl:
        parts.append(
            f"| django-helpdesk | {pl['tickets']:,} | {pl['events']:,} (follow-ups) | — | — (submitter e-mail) | "
            f"{pl['total_s']} (tickets+follow-ups {pl['tickets_events_s']}, indexes {pl['indexes_s']}) |"
        )
    parts += [
        "",
        "The two loads run side by side (one core each), so each time is with the other running."
        + (
            f" Then both databases vacuumed and analysed, and a checkpoint ({result['settle_s']} s), before any request:"
            " the state of a database in service, not of one just loaded."
            if "settle_s" in result
            else ""
        ),
        "",
        table(result),
        "",
        inproc_table(result),
        "",
    ]
    return parts


def write_report(
    kind: str, results: list[dict], watch: dict | None, mach: dict, argv: list[str], label: str = ""
) -> Path:
    RESULTS.mkdir(exist_ok=True)
    name = "postgresql" if kind == "postgres" else "sqlite"
    stem = f"{results[0]['started'][:10]}-{name}{'-' + label if label else ''}"
    (RESULTS / f"{stem}.json").write_text(
        json.dumps(
            {"machine": mach, "argv": argv, "runs": results, "watcher": watch},
            ensure_ascii=False,
            indent=1,
            default=str,
        )
    )
    top = max(results, key=lambda r: r["tickets"])
    sizes = " / ".join(f"{r['tickets']:,}" for r in sorted(results, key=lambda r: r["tickets"]))
    parts = [
        f"# Benchmark: kefu vs django-helpdesk — {top['db_version']}, {sizes} tickets",
        "",
        f"**Machine:** {mach['cores']} cores ({mach['cpu']}), {mach['memory_gib']} GiB memory, Linux {mach['kernel']}, "
        f"Python {mach['python']}.  ",
        "**Load average** at the start and end of each size is given below: the machine may be shared, and other "
        "work running at the same time inflates every figure, both sides alike.  ",
        f'**Command:** `make bench BENCH_ARGS="{" ".join(shlex.quote(a) for a in argv)}"` at kefu commit {top.get("commit", "?")}.  ',
        f"**Peer:** django-helpdesk {' on Django '.join(top.get('peer_version', ['not run']))}, in its own "
        "virtual environment (bench/peer/.venv), its own database on the same server.  ",
        f"**Servers:** gunicorn on 127.0.0.1, {top.get('workers', SERVE_WORKERS)} sync workers each side, DEBUG off; the load tool is `hey` "
        "(bounded request counts, a warm-up run first, not counted). Latencies are as the client saw them.",
        "",
        f"## Goals at {top['tickets']:,} tickets",
        "",
        goals_table(top, watch),
        "",
    ]
    if len(results) > 1:
        parts += ["## Growth", "", growth_table(results), ""]
    if watch and watch.get("steps"):
        parts += [
            "## The deadline pass at scale (`check_deadlines`)",
            "",
            "A database of its own: open tickets with two pending promises each; before each timed pass, "
            f"{watch['due_percent']:g} % of the open tickets get a promise a minute overdue. The idle pass "
            "finds nothing; the last column re-arms exactly 100 due at every size: its time stays flat "
            "while the open work grows, so a pass costs what is due, not what is open.",
            "",
            watch_table(watch),
            "",
        ]
    for r in sorted(results, key=lambda r: r["tickets"]):
        parts += size_section(r)
    ip = top["inproc"]
    parts += [
        "Ratios: above 1× means kefu is faster. The peer's count is lowered where its requests are so "
        "slow that the full count would not fit the time budget (--peer-budget); where even three would "
        "not, its single probe request is the figure (n = 1).",
        "",
        f"## Query plans at {top['tickets']:,} tickets",
        "",
    ]
    for label, sp in ip["search"].items():
        parts += [
            f"### Search, {label}: `{sp['query']}` ({sp['count']:,} matches) — the page query",
            "",
            "```",
            sp["plan"],
            "```",
            "",
            "The count query:",
            "",
            "```",
            sp["count_plan"],
            "```",
            "",
        ]
    parts += ["### The open-ticket list (`status=in_progress`), page query", "", "```", ip["list_plan"], "```", ""]
    path = RESULTS / f"{stem}.md"
    path.write_text("\n".join(parts))
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--tickets",
        default="100000",
        help="size(s), comma-separated (default 100000: 1,000,000 does not fit 20 minutes on 2 cores)",
    )
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument(
        "--requests",
        type=int,
        default=100,
        help="requests per workload (x4 for 8-client creation, x2 for the 8-client board; default 100)",
    )
    ap.add_argument(
        "--watch-sizes",
        default="10000,100000",
        help="open tickets for the check_deadlines pass, comma-separated (1 %% due); empty to skip",
    )
    ap.add_argument("--peer-budget", type=float, default=20, help="seconds the peer may take per workload")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument(
        "--db-name", default="kefu_bench", help="database name (the peer's gets _peer, the deadline pass's _watch)"
    )
    ap.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    ap.add_argument("--port", type=int, default=8100)
    ap.add_argument("--peer-port", type=int, default=8101)
    ap.add_argument("--workers", type=int, default=SERVE_WORKERS, help="sync workers each side (as scripts/serve)")
    ap.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (without database name)",
    )
    ap.add_argument(
        "--label",
        default="",
        help="added to the report's name (<date>-<database>-<label>.md), so a "
        "second run on the same day does not replace the first",
    )
    argv = sys.argv[1:]
    args = ap.parse_args()
    # A TERM (a timeout, a Ctrl-C from a wrapper) unwinds like an exception: the servers stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = [int(s.replace("_", "")) for s in args.tickets.split(",")]
    watch_sizes = [int(s.replace("_", "")) for s in args.watch_sizes.split(",") if s.strip()]
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    WORK.mkdir(exist_ok=True)
    ensure_hey()
    run([str(KEFU_PY), "manage.py", "compile_translations"], capture=True)
    run([str(KEFU_PY), "manage.py", "collectstatic", "--noinput", "-v0"], capture=True)
    tz = ZoneInfo(os.environ.get("KEFU_TIME_ZONE", "Asia/Shanghai"))
    mach = machine()
    t0 = time.monotonic()
    for kind in kinds:
        results = []
        for size in sizes:
            # The data's "now": this size's start, to the minute; open tickets and due promises are relative to it.
            anchor = datetime.now(tz).replace(second=0, microsecond=0) - timedelta(minutes=1)
            results.append(bench_one(kind, size, args, anchor))
            print()
            print(f"== {results[-1]['db_version']}, {size:,} tickets")
            print(table(results[-1]))
            print(inproc_table(results[-1]))
            print()
        watch = None
        if watch_sizes:
            log(f"{kind}: check_deadlines at {', '.join(f'{n:,}' for n in watch_sizes)} open tickets")
            url = fresh_database(kind, f"{args.db_name}_watch", args.pg)
            env = {"DATABASE_URL": url, "KEFU_VAR_DIR": str(WORK / "var"), "KEFU_LOG_LEVEL": "WARNING"}
            run([str(KEFU_PY), "manage.py", "migrate", "--noinput", "-v0"], env=env)
            watch = run_json(
                [str(KEFU_PY), "bench/side_kefu.py", "watcher", "--sizes", ",".join(map(str, watch_sizes))], env=env
            )
            if not args.keep:
                drop_database(kind, f"{args.db_name}_watch", args.pg)
            print(watch_table(watch))
        path = write_report(kind, results, watch, mach, argv, args.label)
        print()
        print(f"== report: {path.relative_to(ROOT)}")
        print(goals_table(max(results, key=lambda r: r["tickets"]), watch))
        print()
    log(f"done in {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
