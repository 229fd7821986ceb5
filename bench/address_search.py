"""Time `GET /api/v1/customers?address=` (A4) at a given archive size (issue 12, point 2).

A measuring script, not a timed test. It loads N customers with their premises (the bench data
set's addresses: N/1000 communities, 30 buildings, 4 units, rooms 101–3304) into a database of
its own, then asks the API for four ways of saying an address, each R times with addresses drawn
from the archive, and prints p50/p95 per way, in process (Django's test client: routing, token,
query, JSON; no HTTP server).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kefu_address \\
        .venv/bin/python bench/address_search.py --customers 200000 --requests 200
    KEFU_VAR_DIR=/tmp/kefu-address .venv/bin/python bench/address_search.py --customers 200000

Without DATABASE_URL it uses SQLite in KEFU_VAR_DIR (kefu.sqlite3). The customers are loaded
once and kept while N stays the same.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")

import django  # noqa: E402

django.setup()

import dataset  # noqa: E402
import fastload  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import ApiToken, Role, Staff  # noqa: E402
from customers.addresses import address_key  # noqa: E402
from customers.models import Community, Customer, CustomerPhone, Premises  # noqa: E402

WAYS = {
    "full (翠湖苑12号楼1单元1502)": lambda c, names: f"{names[c.community]}{c.building}号楼{c.unit}单元{c.room}",
    "dashed (翠湖苑 12-1-1502)": lambda c, names: f"{names[c.community]} {c.building}-{c.unit}-{c.room}",
    "building and room (12栋1502)": lambda c, names: f"{c.building}栋{c.room}",
    "room alone (1502)": lambda c, names: c.room,
}


def load(n: int) -> float:
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for model in (Premises, CustomerPhone, Customer, Community):
            cur.execute(f'DELETE FROM "{model._meta.db_table}"')
    customers = list(dataset.customers(n * 5))
    names = dataset.community_names(dataset.sizes(n * 5)["communities"])
    created = datetime.now(UTC)
    with transaction.atomic():
        fastload.insert(Community, ({"id": i + 1, "name": name} for i, name in enumerate(names)))
        fastload.insert(
            Customer,
            (
                {"id": c.index + 1, "name": c.name, "gender": c.gender, "grade": c.grade, "created_at": created}
                for c in customers
            ),
        )
        fastload.insert(
            CustomerPhone,
            ({"id": c.index + 1, "customer_id": c.index + 1, "number": c.phone, "is_primary": True} for c in customers),
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    loaded = None
    if Customer.objects.count() != args.customers:
        loaded = load(args.customers)
    agent = Staff.objects.filter(username="bench-agent").first() or Staff.objects.create(
        username="bench-agent", name="坐席", work_number="BENCH-1", role=Role.AGENT
    )
    client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(agent)}"})
    customers = list(dataset.customers(args.customers * 5))
    names = dataset.community_names(dataset.sizes(args.customers * 5)["communities"])
    rng = random.Random(12)
    report = {
        "database": connection.vendor,
        "customers": args.customers,
        "load_s": round(loaded, 1) if loaded else None,
        "ways": {},
    }
    for way, say in WAYS.items():
        client.get("/api/v1/customers", {"address": say(customers[0], names)})  # warm
        timings, hits, found_first = [], [], 0
        for _ in range(args.requests):
            c = rng.choice(customers)
            t0 = time.perf_counter()
            response = client.get("/api/v1/customers", {"address": say(c, names)})
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.content
            ids = [row["id"] for row in response.json()]
            hits.append(len(ids))
            found_first += bool(ids) and ids[0] == c.index + 1
        timings.sort()
        report["ways"][way] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
            "max_ms": round(timings[-1], 1),
            "answers_median": statistics.median(hits),
            "asked_customer_first": f"{found_first}/{args.requests}",
        }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
