"""The reports' own benchmark (issue 17): KPI tables by every grouping over a month and a year,
the dashboard, and the ticket spreadsheet's memory, on PostgreSQL at the bench data set's scale.

    DATABASE_URL=postgres://…/kefu_reports_bench python bench/reports_bench.py load --tickets 1000000
    DATABASE_URL=… python bench/reports_bench.py run [--repeat 7]
    DATABASE_URL=… python bench/reports_bench.py xlsx [--limit N]   # RSS of one streamed export

`load` is side_kefu.py's bulk load (bench/dataset.py: three years of tickets up to the anchor) plus
one callback per resolved repair, complaint, emergency and help ticket, with deterministic verdicts
(about 92 % satisfied or basically satisfied), so the satisfaction figures have rows to count.
Prints JSON; bench/README.md keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

ANCHOR = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.get_fixed_timezone(480))

CALLBACKS_SQL = """
INSERT INTO callbacks_callback (kind, ticket_id, round, customer_id, department_id, status, created_at,
    due_at, call_after, attempts, outcome, score, answers, note, done_at, done_by_id, resolved_by_id, created_by_id)
SELECT CASE WHEN t.category = 'complaint' THEN 'complaint' ELSE 'repair' END, t.id, 0, t.customer_id,
    t.department_id,
    CASE WHEN t.status = 'closed' THEN 'done' ELSE 'due' END,
    t.resolved_at, t.resolved_at + interval '2 days', NULL,
    CASE WHEN t.status = 'closed' THEN 1 ELSE 0 END,
    CASE WHEN t.status <> 'closed' THEN ''
         WHEN t.id % 100 < 80 THEN 'satisfied'
         WHEN t.id % 100 < 92 THEN 'basically_satisfied'
         WHEN t.id % 100 < 97 THEN 'unsatisfied'
         ELSE 'unreachable' END,
    CASE WHEN t.status = 'closed' AND t.id % 100 < 97 THEN 5 - (t.id % 100) / 25 ELSE NULL END,
    '{}', '', CASE WHEN t.status = 'closed' THEN t.closed_at ELSE NULL END, NULL, t.accepted_by_id, NULL
FROM tickets_ticket t
WHERE t.resolved_at IS NOT NULL AND t.category IN ('repair', 'complaint', 'emergency', 'help')
"""


def load(n: int) -> dict:
    import side_kefu

    out = side_kefu.load(n, ANCHOR)
    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(CALLBACKS_SQL)
        out["callbacks"] = cur.rowcount
        cur.execute("ANALYZE callbacks_callback")
    out["callbacks_s"] = round(time.perf_counter() - t, 1)
    return out


def _timed(fn, repeat: int) -> dict:
    # One call first, not counted: the first reader of freshly rebuilt figures sets PostgreSQL's hint
    # bits on every page it reads (a year's 400,000 rows: about 2 s once, then ~250 ms).
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1), "max_ms": round(times[-1], 1)}


def run(repeat: int) -> dict:
    from accounts.models import Staff
    from reports import rollup
    from reports.groupings import GROUPINGS
    from reports.models import FiguresDay
    from reports.periods import around
    from reports.selectors import kpi_report
    from tickets.models import Ticket

    out: dict = {"tickets": Ticket.objects.count()}
    # The worker's daily figures, as a running installation has them: every day rebuilt at once
    # (a first start), then one ordinary pass (a batch of the stalest days).
    if FiguresDay.objects.filter(shape=rollup.SHAPE).count() < rollup.DAYS:  # else kept from an earlier run
        t = time.perf_counter()
        out["figures_rows"] = rollup.refresh(force=True)
        out["figures_rebuild_all_s"] = round(time.perf_counter() - t, 1)

    last = ANCHOR.date() - timedelta(days=1)
    t = time.perf_counter()
    rollup.rebuild(last - timedelta(days=rollup.BATCH - 1), last)  # what one pass of the worker does
    out["figures_one_pass_s"] = round(time.perf_counter() - t, 2)
    last_month = around("month", ANCHOR.date().replace(day=1) - timedelta(days=1))
    year = around("year", date(2025, 6, 1))
    out["month"] = {"period": [str(last_month.first), str(last_month.last)]}
    out["year"] = {"period": [str(year.first), str(year.last)]}
    for by in GROUPINGS:
        out["month"][by] = _timed(lambda by=by: kpi_report(last_month, GROUPINGS[by], compare=True), repeat)
        out["year"][by] = _timed(lambda by=by: kpi_report(year, GROUPINGS[by]), max(3, repeat // 2))
    lead = Staff.objects.get(username="bench_lead")
    client = Client()
    client.force_login(lead)
    query = {"from": str(last_month.first), "to": str(last_month.last)}

    def dashboard():
        response = client.get("/reports/", query)
        assert response.status_code == 200, response.status_code

    out["dashboard"] = _timed(dashboard, repeat)

    def api():
        response = client.get("/reports/kpi/", {**query, "by": "staff"})
        assert response.status_code == 200

    out["kpi_screen_by_staff"] = _timed(api, repeat)
    return out


def xlsx(limit: int | None) -> dict:
    """One export of the ticket list (every ticket, or the newest `limit`), streamed to a file:
    the process's peak RSS before and after."""
    from accounts.models import Staff
    from reports.exports import ticket_sheet
    from reports.spreadsheets import write_workbook
    from tickets.access import visible_tickets

    lead = Staff.objects.get(username="bench_lead")
    qs = visible_tickets(lead)
    if limit:
        qs = qs.filter(pk__in=qs.order_by("-received_at").values("pk")[:limit])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    path = Path("/tmp/reports-bench-tickets.xlsx")
    with path.open("wb") as handle:
        rows = write_workbook(handle, [ticket_sheet(qs, ["bench"])])
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": rows,
        "seconds": round(seconds, 1),
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(peak, 1),
        "file_mb": round(path.stat().st_size / 2**20, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["load", "run", "xlsx"])
    ap.add_argument("--tickets", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    if args.command == "load":
        result = load(args.tickets)
    elif args.command == "run":
        result = run(args.repeat)
    else:
        result = xlsx(args.limit)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
