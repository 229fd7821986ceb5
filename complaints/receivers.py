"""Complaints take part in the ticket actions through tickets.signals (connected in ComplaintsConfig.ready)."""

from complaints.rules import check_resolvable
from tickets.models import Category


def on_resolving(sender, *, ticket, **kwargs) -> None:
    if ticket.category == Category.COMPLAINT:
        check_resolvable(ticket)  # D2: a major complaint waits for the manager
