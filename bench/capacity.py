"""How many agents one machine serves, and what a second app server adds (issue 19).

    .venv/bin/python bench/capacity.py [--tickets 100000] [--db-name kefu_capacity] [--requests 400]

One PostgreSQL database (loaded with bench/side_kefu.py unless it already holds the tickets),
kefu's gunicorn on 127.0.0.1 as scripts/serve runs it, `hey` on the loopback.

1. **Cost of each request an agent makes at the busiest hour**: for each kind (intake, the board,
   the ticket page, the caller card by phone, keyword search), the CPU time the app server's
   processes and PostgreSQL's processes spent per request (from /proc, so it does not depend on
   what else the machine is doing), with its latency. From those, the agents one machine serves
   with the cores at most half busy (PEAK_MIX says what an agent does in that hour).
2. **Scale-out**: one app server pinned to core 0 (taskset), then a second pinned to core 1 beside
   it, each driven by 8 clients creating tickets; PostgreSQL unpinned, shared. Throughput per server
   and in total, and PostgreSQL's share of the CPU.

Writes bench/results/<date>-capacity[-<label>].md and .json with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import dataset  # noqa: E402
from proc_cpu import TICK, processes  # noqa: E402
from run import (  # noqa: E402
    HOST,
    KEFU_PY,
    RESULTS,
    ROOT,
    SERVE_WORKERS,
    WORK,
    Server,
    ensure_hey,
    hey,
    log,
    run,
    run_json,
    settle,
)

# What one agent does in the busiest hour (a pipe burst, a typhoon): a call every two minutes,
# each looked up by the caller's number and recorded; the board refreshed every 30 s; a ticket
# opened for each call taken and one more for a follow-up; a search every 6 minutes.
PEAK_MIX = {"intake": 30, "caller": 30, "board": 120, "ticket": 60, "search": 10}
# The cores at most half busy: latency stays near the one-client figure (queueing grows fast beyond).
TARGET_UTILISATION = 0.5
DB_NAME = "kefu_capacity"  # set by main()

CREATE = json.dumps(
    {"category": "repair", "channel": "phone", "customer": 1, "content": "3号楼厨房水管漏水，请尽快安排"},
    ensure_ascii=False,
)


def cpu_ticks(pids: set[int] | None) -> dict[str, int]:
    """utime + stime (clock ticks) of the given app-server processes and of PostgreSQL's: the
    backends serving our database and the server's own (WAL writer, checkpointer …), not the
    backends of other databases (tests running beside)."""
    out = {"app": 0, "postgres": 0}
    for pid, ppid, comm, ticks in processes():
        if comm.startswith("postgres"):
            try:
                title = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            backend = "127.0.0.1(" in title or "[local]" in title
            if not backend or f" {DB_NAME} " in title:
                out["postgres"] += ticks
        elif pids is not None and (pid in pids or ppid in pids):  # workers: children of a master
            out["app"] += ticks
    return out


def costed(url, *, n, c, headers, pids, method="GET", body=None) -> dict:
    hey(url, n=max(2 * c, 20), c=c, headers=headers, method=method, body=body)  # warm-up
    before = cpu_ticks(pids)
    result = hey(url, n=n, c=c, headers=headers, method=method, body=body)
    after = cpu_ticks(pids)
    for kind in ("app", "postgres"):
        result[f"cpu_{kind}_ms"] = (after[kind] - before[kind]) * 1000 / TICK / max(1, result["n"])
    return result


def serve(port: int, env: dict, *, workers: int, cpus: str | None = None) -> Server:
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "kefu.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--no-control-socket",
        "--timeout",
        "300",
    ]
    if cpus is not None:
        cmd = ["taskset", "-c", cpus, *cmd]
    return Server(f"capacity-{port}", cmd, env, ROOT, f"http://{HOST}:{port}/healthz")


def ensure_database(args) -> str:
    url = f"{args.pg}/{args.db_name}"
    env = {"DATABASE_URL": url, "KEFU_VAR_DIR": str(WORK / "var"), "KEFU_LOG_LEVEL": "WARNING"}
    exists = subprocess.run(
        ["psql", f"{args.pg}/postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{args.db_name}'"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        run(["psql", f"{args.pg}/postgres", "-qc", f'CREATE DATABASE "{args.db_name}"'])
    run([str(KEFU_PY), "manage.py", "migrate", "--noinput", "-v0"], env=env)
    count = subprocess.run(
        ["psql", url, "-Atc", "SELECT count(*) FROM tickets_ticket"], capture_output=True, text=True
    ).stdout.strip()
    if int(count or 0) < args.tickets:
        log(f"loading {args.tickets:,} tickets into {args.db_name}")
        run(["psql", f"{args.pg}/postgres", "-qc", f'DROP DATABASE "{args.db_name}" WITH (FORCE)'])
        run(["psql", f"{args.pg}/postgres", "-qc", f'CREATE DATABASE "{args.db_name}"'])
        run([str(KEFU_PY), "manage.py", "migrate", "--noinput", "-v0"], env=env)
        anchor = datetime.now(UTC).replace(second=0, microsecond=0).isoformat()
        run_json(
            [str(KEFU_PY), "bench/side_kefu.py", "load", "--tickets", str(args.tickets), "--anchor", anchor], env=env
        )
        settle([url])
    return url


def costs(env: dict, args) -> dict:
    auth = run_json([str(KEFU_PY), "bench/side_kefu.py", "auth"], env=env)
    api = {"Authorization": f"Bearer {auth['token']}"}
    web = {"Cookie": f"sessionid={auth['session']}"}
    port = args.port
    base = f"http://{HOST}:{port}"
    phone = subprocess.run(
        ["psql", env["DATABASE_URL"], "-Atc", "SELECT number FROM customers_customerphone ORDER BY id LIMIT 1"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    kinds = {
        "intake": (f"{base}/api/v1/tickets", api, "POST", CREATE),
        "caller": (f"{base}/api/v1/customers?phone={phone}", api, "GET", None),
        "board": (f"{base}/board/", web, "GET", None),
        "ticket": (f"{base}/tickets/{auth['ticket_number']}/", web, "GET", None),
        "search": (f"{base}/api/v1/tickets?q={urllib.request.quote(dataset.COMMON_WORD)}", api, "GET", None),
    }
    server = serve(port, env, workers=SERVE_WORKERS)
    try:
        pids = {server.proc.pid}
        out = {}
        for name, (url, headers, method, body) in kinds.items():
            for c in (1, 8):
                n = args.requests if c == 8 else max(50, args.requests // 4)
                log(f"{name}, {c} client(s)")
                out[f"{name}/{c}"] = costed(url, n=n, c=c, headers=headers, pids=pids, method=method, body=body)
        return {"token": auth["token"], "figures": out}
    finally:
        server.stop()


def agents(figures: dict, cores: int) -> dict:
    per_agent_ms = sum(
        count * (figures[f"{name}/8"]["cpu_app_ms"] + figures[f"{name}/8"]["cpu_postgres_ms"])
        for name, count in PEAK_MIX.items()
    )
    budget_ms = cores * 3600 * 1000 * TARGET_UTILISATION
    return {"cpu_ms_per_agent_hour": per_agent_ms, "agents": int(budget_ms / per_agent_ms)}


def scale_out(env: dict, token: str, args) -> dict:
    api = {"Authorization": f"Bearer {token}"}
    result = {}
    ports = (args.port + 10, args.port + 11)
    # Each app server on a core of its own, with scripts/serve's workers for one core (1 + 1).
    servers = [serve(ports[0], env, workers=2, cpus="0")]
    try:
        url0 = f"http://{HOST}:{ports[0]}/api/v1/tickets"
        log("scale-out: one app server on core 0")
        result["one"] = costed(
            url0, n=args.requests, c=8, headers=api, pids={servers[0].proc.pid}, method="POST", body=CREATE
        )
        servers.append(serve(ports[1], env, workers=2, cpus="1"))
        url1 = f"http://{HOST}:{ports[1]}/api/v1/tickets"
        for url in (url0, url1):
            hey(url, n=20, c=8, headers=api, method="POST", body=CREATE)
        log("scale-out: two app servers, cores 0 and 1, 8 clients each")
        pids = {s.proc.pid for s in servers}
        before = cpu_ticks(pids)
        started = time.monotonic()
        both: dict[int, dict] = {}

        def drive(i: int, url: str) -> None:
            both[i] = hey(url, n=args.requests, c=8, headers=api, method="POST", body=CREATE)

        threads = [threading.Thread(target=drive, args=(i, u)) for i, u in enumerate((url0, url1))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - started
        after = cpu_ticks(pids)
        total = sum(r["n"] for r in both.values())
        result["two"] = {
            "servers": [both[0], both[1]],
            "rps_total": sum(r["rps"] for r in both.values()),
            "wall_s": wall,
            "cpu_app_ms": (after["app"] - before["app"]) * 1000 / TICK / total,
            "cpu_postgres_ms": (after["postgres"] - before["postgres"]) * 1000 / TICK / total,
        }
        return result
    finally:
        for server in servers:
            server.stop()


def report(data: dict) -> str:
    f = data["figures"]
    lines = [
        f"# Capacity and scale-out ({data['started'][:16]} UTC, commit {data['commit']})",
        "",
        f"PostgreSQL, {data['tickets']:,} tickets, {data['cores']} cores; load average before "
        f"{data['loadavg_start'][0]:.2f}, after {data['loadavg_end'][0]:.2f}. `bench/capacity.py`.",
        "",
        f"## What each request costs (gunicorn, {SERVE_WORKERS} sync workers, as scripts/serve)",
        "",
        "| request | clients | req/s | p50 ms | p95 ms | p99 ms | app CPU ms | PostgreSQL CPU ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, r in f.items():
        name, c = key.split("/")
        lines.append(
            f"| {name} | {c} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
            f"{r['cpu_app_ms']:.2f} | {r['cpu_postgres_ms']:.2f} |"
        )
    a = data["agents"]
    mix = ", ".join(f"{v} {k}" for k, v in PEAK_MIX.items())
    lines += [
        "",
        f"One agent's busiest hour ({mix}) costs {a['cpu_ms_per_agent_hour'] / 1000:.1f} s of CPU (8-client "
        f"figures); {data['cores']} cores at most {TARGET_UTILISATION:.0%} busy serve **{a['agents']:,} agents** at once.",
        "",
        "## Two app servers on one PostgreSQL (8 clients each, creating tickets)",
        "",
        "| | req/s | p99 ms | app CPU ms/req | PostgreSQL CPU ms/req |",
        "| --- | --- | --- | --- | --- |",
    ]
    one, two = data["scale_out"]["one"], data["scale_out"]["two"]
    lines.append(
        f"| one server, core 0 | {one['rps']:.0f} | {one['p99']:.0f} | {one['cpu_app_ms']:.2f} | {one['cpu_postgres_ms']:.2f} |"
    )
    for i, r in enumerate(two["servers"]):
        lines.append(f"| two servers: server {i + 1} (core {i}) | {r['rps']:.0f} | {r['p99']:.0f} | | |")
    lines.append(
        f"| two servers: total | {two['rps_total']:.0f} | | {two['cpu_app_ms']:.2f} | {two['cpu_postgres_ms']:.2f} |"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tickets", type=int, default=100_000)
    ap.add_argument("--db-name", default="kefu_capacity")
    ap.add_argument("--requests", type=int, default=400, help="requests per 8-client figure (a quarter with one)")
    ap.add_argument("--port", type=int, default=8120)
    ap.add_argument("--pg", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    ap.add_argument("--label", default="", help="added to the report's name, as run.py's --label")
    args = ap.parse_args()
    global DB_NAME
    DB_NAME = args.db_name
    if not shutil.which("taskset"):
        raise SystemExit("capacity needs taskset (util-linux)")
    ensure_hey()
    WORK.mkdir(exist_ok=True)
    data = {
        "started": datetime.now(UTC).isoformat(),
        "commit": run(["git", "rev-parse", "--short", "HEAD"], capture=True).strip(),
        "tickets": args.tickets,
        "cores": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
    }
    url = ensure_database(args)
    env = {"DATABASE_URL": url, "KEFU_VAR_DIR": str(WORK / "var"), "KEFU_LOG_LEVEL": "WARNING"}
    measured = costs(env, args)
    data["figures"] = measured["figures"]
    data["agents"] = agents(data["figures"], data["cores"])
    data["scale_out"] = scale_out(env, measured["token"], args)
    data["loadavg_end"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"{datetime.now(UTC):%Y-%m-%d}-capacity{'-' + args.label if args.label else ''}"
    stem.with_suffix(".json").write_text(json.dumps(data, indent=1, ensure_ascii=False))
    text = report(data)
    stem.with_suffix(".md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
