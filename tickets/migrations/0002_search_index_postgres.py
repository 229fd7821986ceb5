"""GIN index over the bigram tsvector (tickets/search.py), on PostgreSQL only.

The expression must match the one in tickets.search.filter_keyword exactly, or the planner
will not use the index.
"""

from django.db import migrations

INDEX = "ticket_search_tokens_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON tickets_ticket "
        "USING gin (to_tsvector('simple'::regconfig, search_tokens))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
