"""Issue 19: statements per API intake and the Python time of 200 in-process intakes.

Run: nice -n 19 .venv/bin/python -m pytest -q -s -p no:cacheprovider bench/intake_statements.py
(DATABASE_URL=... for PostgreSQL; SHOW_SQL=1 lists the statements). Not collected by `make test`."""

import cProfile
import os
import pstats
import statistics

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kefu.apitest import ApiClient

URL = "/api/v1/tickets"


def _known(customer) -> dict:
    return {"category": "repair", "channel": "phone", "customer": customer.pk, "content": "厨房燃气漏气"}


def _new(i: int) -> dict:
    contact = {"name": "王先生", "phone": f"1380013{i:04d}", "address": "幸福路1号"}
    return {"category": "repair", "channel": "phone", "content": "厨房燃气漏气", "contact": contact}


def test_measure(world, customer, transactional_db):
    api = ApiClient(world.agent)
    assert api.post(URL, _known(customer)).status_code == 201  # the day's counter row exists
    out = []
    for label, body in (("archived customer", _known(customer)), ("new caller", _new(1))):
        with CaptureQueriesContext(connection) as queries:
            response = api.post(URL, body)
        assert response.status_code == 201, response.content
        out.append(f"{label}: {len(queries)} statements")
        if os.environ.get("SHOW_SQL"):
            out += ["   " + q["sql"][:150] for q in queries.captured_queries]
    totals = []
    for _ in range(3):
        profile = cProfile.Profile()
        profile.enable()
        for i in range(200):  # half archived customers, half new callers
            assert api.post(URL, _known(customer) if i % 2 else _new(i)).status_code == 201
        profile.disable()
        totals.append(pstats.Stats(profile).total_tt)
        if os.environ.get("PROFILE_OUT"):
            profile.dump_stats(os.environ["PROFILE_OUT"])
    out.append(
        f"200 intakes, cProfile total: {[round(t, 3) for t in totals]}, median {statistics.median(totals):.3f} s"
    )
    print("\n" + "\n".join(out))
