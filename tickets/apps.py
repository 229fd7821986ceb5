from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Work orders")

    def ready(self):
        from accounts.upkeep import OPEN_WORK
        from tickets.open_work import open_tickets_of

        if open_tickets_of not in OPEN_WORK:
            OPEN_WORK.append(open_tickets_of)
        post_migrate.connect(_keep_search_index, sender=self, dispatch_uid="tickets_search_index")


def _keep_search_index(sender, using, **kwargs):
    """Put back the SQLite search index's triggers if a migration dropped them (Django alters a
    SQLite table by copying it and dropping the old one), and reindex what was written meanwhile."""
    from tickets.search import repair_fts

    repair_fts(connections[using])
