"""Bulk loading for any Django model: COPY on PostgreSQL (psycopg 3), executemany on SQLite.

Used by both sides of the benchmark (kefu's and the peer's own virtual environments). Rows are
dicts keyed by attname (`customer_id`); a column not given takes the field's default. Secondary
indexes are dropped before the load and rebuilt after it, which is what a bulk load should do.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import connection, models
from django.db.models import NOT_PROVIDED


def _columns(model: type[models.Model]):
    cols = []
    for f in model._meta.concrete_fields:
        default = None
        if f.has_default():
            default = f.default() if callable(f.default) and f.default is not NOT_PROVIDED else f.default
        elif getattr(f, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
            default = None
        elif not f.null and isinstance(f, (models.CharField, models.TextField)):
            default = ""
        cols.append((f.attname, f.column, default, f))
    return cols


def _converter(field, vendor: str):
    if isinstance(field, models.JSONField):
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    if vendor == "sqlite" and isinstance(field, models.DateTimeField):
        return lambda v: None if v is None else v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if vendor == "sqlite" and isinstance(field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    return None


def bulk_session() -> None:
    """On PostgreSQL, skip the foreign-key triggers for this session's load (the generated rows
    are consistent by construction, as pg_restore --disable-triggers assumes) when the role may."""
    if connection.vendor != "postgresql":
        return
    from django.db import DatabaseError, transaction

    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        try:
            with transaction.atomic():
                cur.execute("SET session_replication_role = replica")
        except DatabaseError:
            pass  # not a superuser: the triggers run, the load is only slower


def secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's indexes that no constraint owns."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [table],
            )
        else:
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=%s AND sql IS NOT NULL", [table]
            )
        return list(cur.fetchall())


def drop_indexes(tables: list[str]) -> list[tuple[str, str]]:
    saved = []
    with connection.cursor() as cur:
        for table in tables:
            for name, sql in secondary_indexes(table):
                cur.execute(f'DROP INDEX "{name}"')
                saved.append((name, sql))
    return saved


def create_indexes(saved: list[tuple[str, str]]) -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET maintenance_work_mem = '512MB'")
        for _name, sql in saved:
            cur.execute(sql)


def insert(model: type[models.Model], rows: Iterable[dict], *, batch: int = 20_000) -> int:
    """Insert rows (explicit ids included) as fast as the database allows; returns the count."""
    vendor = connection.vendor
    cols = _columns(model)
    convert = [(_converter(f, vendor)) for _a, _c, _d, f in cols]
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for _a, c, _d, _f in cols)

    def tuples():
        for row in rows:
            out = []
            for (attname, _col, default, _f), conv in zip(cols, convert, strict=True):
                v = row.get(attname, default)
                out.append(conv(v) if conv else v)
            yield out

    n = 0
    with connection.cursor() as cur:
        if vendor == "postgresql":
            raw = cur.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for t in tuples():
                    copy.write_row(t)
                    n += 1
        else:
            sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in cols)})'
            raw = cur.cursor
            chunk = []
            for t in tuples():
                chunk.append(t)
                if len(chunk) >= batch:
                    raw.executemany(sql, chunk)
                    n += len(chunk)
                    chunk = []
            if chunk:
                raw.executemany(sql, chunk)
                n += len(chunk)
    return n


def reset_sequences(models_: list[type[models.Model]]) -> None:
    from django.core.management.color import no_style

    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cur.execute(sql)


def analyze() -> None:
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def now_utc() -> datetime:
    return datetime.now(UTC)
