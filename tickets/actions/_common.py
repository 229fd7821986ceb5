from tickets.models import Ticket


def lock(ticket: Ticket) -> Ticket:
    """Re-read the row under a lock: the state we check is the state we change."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)
