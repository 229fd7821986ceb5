"""Time the archive import (issue 12, point 1): N rows of a csv or xlsx sheet, checked and then
written all or nothing, through customers.importing as the API and the screen call it.

    KEFU_VAR_DIR=/tmp/kefu-import .venv/bin/python bench/archive_import.py --rows 50000 [--xlsx]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kefu_import .venv/bin/python bench/archive_import.py

The customers of earlier runs are deleted first, so every run imports into an empty archive.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from accounts.models import Role, Staff  # noqa: E402
from customers.importing import import_customers  # noqa: E402
from customers.models import Community, Customer, CustomerChange, CustomerPhone, Premises  # noqa: E402

HEADER = ["小区", "楼", "单元", "房号", "姓名", "性别", "电话", "等级", "备注"]


def sheet(n: int) -> list[list[str]]:
    rows = []
    for i in range(n):
        community = f"小区{i // 20_000 + 1}"
        building, unit, floor, room = i // 400 % 50 + 1, i // 200 % 2 + 1, i // 8 % 25 + 1, i % 8 + 1
        rows.append([community, str(building), str(unit), f"{floor}{room:02d}", "王建国", "男", f"138{i:08d}", "B", ""])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--xlsx", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        for model in (CustomerChange, Premises, CustomerPhone, Customer, Community):
            cur.execute(f'DELETE FROM "{model._meta.db_table}"')
    actor = Staff.objects.filter(username="bench-manager").first() or Staff.objects.create(
        username="bench-manager", name="经理", work_number="BENCH-M", role=Role.MANAGER
    )
    rows = sheet(args.rows)
    if args.xlsx:
        book = Workbook(write_only=True)
        ws = book.create_sheet()
        ws.append(HEADER)
        for r in rows:
            ws.append(r)
        out = io.BytesIO()
        book.save(out)
        data, name = out.getvalue(), "archive.xlsx"
    else:
        data, name = "\n".join(",".join(r) for r in [HEADER, *rows]).encode(), "archive.csv"
    t0 = time.perf_counter()
    dry = import_customers(data, name, actor=actor, dry_run=True)
    t1 = time.perf_counter()
    done = import_customers(data, name, actor=actor, dry_run=False)
    t2 = time.perf_counter()
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "file": name,
                "bytes": len(data),
                "rows": args.rows,
                "refused": len(dry.refused),
                "created": done.created,
                "dry_run_s": round(t1 - t0, 1),
                "import_s": round(t2 - t1, 1),
                "loadavg": os.getloadavg(),
            }
        )
    )


if __name__ == "__main__":
    main()
