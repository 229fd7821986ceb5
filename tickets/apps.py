from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Work orders")

    def ready(self):
        from accounts.upkeep import OPEN_WORK
        from tickets.open_work import open_tickets_of

        if open_tickets_of not in OPEN_WORK:
            OPEN_WORK.append(open_tickets_of)
