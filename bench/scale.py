"""The in-process figures at a million tickets on PostgreSQL, in one command (`make bench` runs it):
the reports (issue 17: every grouping over a month with 环比/同比 and over a year, the dashboard, the
KPI screen, the ticket spreadsheet's memory), the shift handover and duty/now (issue 14) on the same
data, the address search at 200,000 customers on both databases (issue 12), and the whole company's
appraisal month (issue 16) on a data set of its own.

    .venv/bin/python bench/scale.py [--tickets 1000000] [--pg postgres://postgres@127.0.0.1:5432]

Databases `kefu_reports_bench` and `kefu_appraisal_bench` are created when missing and loaded only
when they do not hold --tickets tickets (a second run reuses them: the loads are minutes). Each part
runs in a process of its own (its own DATABASE_URL); the figures, with the load average before and
after each part, go to bench/results/<date>-scale.json and a table is printed.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def ensure(pg: str, name: str) -> str:
    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{pg}/{name}"


def tickets_in(url: str) -> int:
    with psycopg.connect(url) as conn:
        found = conn.execute("SELECT to_regclass('tickets_ticket')").fetchone()[0]
        return conn.execute("SELECT count(*) FROM tickets_ticket").fetchone()[0] if found else 0


def part(label: str, url: str, *args: str) -> dict | str:
    """One script in its own process; its JSON (the last JSON document it prints) or its text."""
    env = {**os.environ, "DATABASE_URL": url, "KEFU_LOG_LEVEL": "WARNING"}
    if not url:  # SQLite in KEFU_VAR_DIR
        del env["DATABASE_URL"]
    before, started = os.getloadavg()[0], time.perf_counter()
    out = subprocess.run([PY, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    print(f"  {label}: {time.perf_counter() - started:.0f} s", flush=True)
    text = out[out.find("{") :] if "{" in out else out
    try:
        result = json.loads(text)
    except json.JSONDecodeError:
        result = {"output": out.strip()}
    result["loadavg"] = [round(before, 2), round(os.getloadavg()[0], 2)]
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tickets", type=int, default=1_000_000)
    ap.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    args = ap.parse_args()
    out: dict = {
        "date": datetime.now(timezone(timedelta(hours=8))).date().isoformat(),
        "tickets": args.tickets,
        "cores": os.cpu_count(),
    }

    reports = ensure(args.pg, "kefu_reports_bench")
    subprocess.run(
        [PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env={**os.environ, "DATABASE_URL": reports}, check=True
    )
    if tickets_in(reports) != args.tickets:
        print(f"loading {args.tickets:,} tickets into kefu_reports_bench", flush=True)
        with psycopg.connect(reports, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        subprocess.run(
            [PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env={**os.environ, "DATABASE_URL": reports}, check=True
        )
        out["reports_load"] = part("load", reports, "bench/reports_bench.py", "load", "--tickets", str(args.tickets))
    out["reports"] = part("reports", reports, "bench/reports_bench.py", "run")
    out["xlsx"] = part("ticket spreadsheet", reports, "bench/reports_bench.py", "xlsx")
    out["handover"] = part("handover and duty/now", reports, "bench/handover.py", "--repeat", "20")
    address = ensure(args.pg, "kefu_address_bench")
    out["address_postgres"] = part("address search, PostgreSQL", address, "bench/address_search.py")
    sqlite_dir = ROOT / "bench" / ".work" / "address"
    sqlite_dir.mkdir(parents=True, exist_ok=True)
    os.environ["KEFU_VAR_DIR"] = str(sqlite_dir)
    out["address_sqlite"] = part("address search, SQLite", "", "bench/address_search.py")
    del os.environ["KEFU_VAR_DIR"]
    appraisal = ensure(args.pg, "kefu_appraisal_bench")
    out["appraisal"] = part(
        "appraisal month", appraisal, "bench/appraisal_month.py", "--tickets", str(args.tickets), "--requests", "50"
    )

    path = ROOT / "bench" / "results" / f"{out['date']}-scale.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    print(summary(out))
    print(f"figures in {path.relative_to(ROOT)}")


def summary(out: dict) -> str:
    r = out["reports"]
    months = [v["p95_ms"] for k, v in r["month"].items() if k != "period"]
    years = [v["p95_ms"] for k, v in r["year"].items() if k != "period"]
    h = out["handover"]
    lines = [
        f"At {out['tickets']:,} tickets on PostgreSQL ({out['cores']} cores):",
        f"- a month by any grouping, with 环比 and 同比: p95 ≤ {max(months):.0f} ms (goal 500)",
        f"- a year by any grouping: p95 ≤ {max(years):.0f} ms (goal 2,000)",
        f"- the dashboard: p95 {r['dashboard']['p95_ms']:.0f} ms (goal 300)",
        f"- every ticket to xlsx: {out['xlsx'].get('rows', '?'):,} rows, peak RSS {out['xlsx'].get('peak_rss_mb')} MB "
        "(goal 200)",
        f"- the handover of {h['items_listed']} items: median {h['open_handover']['median_ms']} ms, p95 "
        f"{h['open_handover']['p95_ms']} ms (goal 200); duty/now median {h['duty_now']['median_ms']} ms, p95 "
        f"{h['duty_now']['p95_ms']} ms (goal 20)",
        f"- address search at 200,000 customers: PostgreSQL {_address(out['address_postgres'])}; "
        f"SQLite {_address(out['address_sqlite'])} (goal p95 50)",
        f"- appraisal: {out['appraisal'].get('output', '')}",
    ]
    return "\n".join(lines)


def _address(result: dict) -> str:
    ways = result.get("ways") or {}
    if not ways:
        return str(result.get("output", result))[:200]
    return ", ".join(f"{k} p95 {v['p95_ms']} ms" for k, v in ways.items())


if __name__ == "__main__":
    main()
