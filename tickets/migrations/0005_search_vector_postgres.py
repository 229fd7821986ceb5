"""Keyword search on PostgreSQL reads a stored tsvector instead of computing one per row.

The common-word search ("漏气", in 2 % of tickets) is answered by walking the newest tickets
until a page of matches is found; with the GIN index on the expression, each row walked had its
tsvector recomputed from search_tokens (about 20 µs a row: 40-60 ms a page at 100,000 tickets,
bench/README.md). A generated column is computed once, when the row is written, so the walk
only tests it. The GIN index moves to the column; tickets.search.filter_keyword queries it.
Nothing in Django knows the column: PostgreSQL fills it on every INSERT and UPDATE. (Changing
the type of search_tokens would first need this column dropped.) SQLite is untouched.
"""

from django.db import migrations

OLD_INDEX = "ticket_search_tokens_gin"
INDEX = "ticket_search_vector_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE tickets_ticket ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_tokens)) STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON tickets_ticket USING gin (search_vector)")
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON tickets_ticket "
        "USING gin (to_tsvector('simple'::regconfig, search_tokens))"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("ALTER TABLE tickets_ticket DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0004_event_kinds_for_callbacks_and_late_reports")]
    operations = [migrations.RunPython(create, drop)]
