"""PostgreSQL's times are parsed by datetime.fromisoformat when the server wrote them in UTC
(core/db/postgresql, issue 19); the rest, and every value out of range, the way they were before."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader

from core.moments import STORED_MAX, STORED_MIN

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's loader")


def read(text: str) -> datetime:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", [text])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-12-04 13:00:00.123456+00", datetime(2026, 12, 4, 13, 0, 0, 123456, tzinfo=UTC)),
        ("2026-12-04 13:00:00+00", datetime(2026, 12, 4, 13, 0, tzinfo=UTC)),
        ("2026-12-04 13:00:00.5+00", datetime(2026, 12, 4, 13, 0, 0, 500000, tzinfo=UTC)),
        ("2026-12-04 21:00:00+08", datetime(2026, 12, 4, 13, 0, tzinfo=UTC)),  # written back in UTC
        ("2000-02-29 00:00:00+00", datetime(2000, 2, 29, tzinfo=UTC)),
        ("8999-12-31 23:59:59+00", datetime(8999, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("0999-06-01 00:00:00+00", STORED_MIN),
        ("9999-12-31 23:59:59.999999+00", STORED_MAX),
        ("0001-01-01 00:00:00+00 BC", STORED_MIN),
        ("infinity", STORED_MAX),
        ("-infinity", STORED_MIN),
    ],
)
def test_times_are_read_as_stored(db, text, expected):
    value = read(text)
    assert value == expected
    assert value.utcoffset().total_seconds() == 0


def test_a_session_in_another_zone_reads_as_djangos_own_loader_does(db):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TIME ZONE 'Asia/Shanghai'")  # the server writes +08 now
    ours = read("2026-12-04 13:00:00+00")
    with connection.cursor() as cursor:
        register_tzloader(connection.timezone, cursor.cursor)  # Django's stock loader
        cursor.execute("SELECT %s::timestamptz", ["2026-12-04 13:00:00+00"])
        djangos = cursor.fetchone()[0]
    assert ours == djangos
