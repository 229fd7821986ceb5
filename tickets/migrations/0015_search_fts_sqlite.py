"""Keyword search on SQLite reads an FTS5 index of search_tokens instead of LIKE over the text.

LIKE '%消防栓被盗%' can use no index, so a rare phrase read every ticket: p95 306 ms at 100,000
tickets (bench/README.md). The FTS5 table indexes the bigram tokens PostgreSQL's GIN index holds
(migration 0005), triggers keep it in step with every write, and the existing rows are indexed
here ('rebuild'). PostgreSQL is untouched. tickets.search holds the statements, because
tickets.apps runs the same installation after every migrate: a later migration that alters
tickets_ticket on SQLite copies it to a new table and drops the triggers with the old one.
"""

from django.db import migrations

from tickets.search import drop_fts, install_fts


def create(apps, schema_editor):
    install_fts(schema_editor.connection)


def drop(apps, schema_editor):
    drop_fts(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0014_event_kind_callback_assigned")]
    operations = [migrations.RunPython(create, drop)]
