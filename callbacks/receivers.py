"""Callbacks take part in the ticket actions through tickets.signals (connected in CallbacksConfig.ready)."""

from callbacks.rules import schedule_callback


def on_work_finished(sender, *, ticket, at, **kwargs) -> None:
    schedule_callback(ticket, at=at)  # E1: the customer's verdict is asked next
