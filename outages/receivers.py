"""Outages take part in intake through tickets.signals (connected in OutagesConfig.ready)."""

from outages.services import link_ticket


def on_ticket_recorded(sender, *, ticket, **kwargs) -> None:
    link_ticket(ticket)  # C6: a request during a planned outage is shown with it
