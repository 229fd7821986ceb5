"""Work orders take part in the ticket actions through tickets.signals (connected in WorkordersConfig.ready)."""

from workorders.plans import settle_nodes
from workorders.suborders import check_parent_resolvable, report_to_parent


def on_resolving(sender, *, ticket, **kwargs) -> None:
    check_parent_resolvable(ticket)  # B5: the request is done when every sub-order is


def on_work_finished(sender, *, ticket, at, **kwargs) -> None:
    settle_nodes(ticket, at=at)
    report_to_parent(ticket, at=at)
