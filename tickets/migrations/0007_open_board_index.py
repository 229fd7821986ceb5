"""The board's order — open work, urgent first (A7), then newest — read from an index.

Without it each board page sorted every open ticket by the urgency rank: 18 ms of the page query
at 1,000,000 tickets with 4,500 open (a top-N sort over rows read from all over the table), a cost
that grows with the open work; with it the page is the first 50 entries, 0.6 ms. The expression is
tickets.models.URGENT_RANK as Django writes it; PostgreSQL matches it in the ORDER BY and proves
the partial predicate from the query's `status IN (…)`. PostgreSQL only: SQLite cannot match an
expression or a predicate written with bound parameters, so there the index would only cost
writes (tickets/tests/test_views_lists.py checks the plan).
"""

from django.db import migrations

INDEX = "ticket_open_board"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON tickets_ticket "
        "((CASE WHEN (category = 'emergency' OR priority = 'urgent') THEN 0 ELSE 1 END), received_at DESC, id DESC) "
        "WHERE status IN ('accepted', 'dispatched', 'in_progress', 'new', 'on_hold')"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0006_event_indexes_without_duplicates")]
    operations = [migrations.RunPython(create, drop)]
