"""What the major-complaint procedure forbids the ticket actions (D2).

Called from tickets.actions.work.resolve_ticket inside its transaction; imports no ticket action,
so the ticket actions may import it.
"""

from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, Level
from core.errors import Conflict


def check_resolvable(ticket) -> None:
    """A major complaint is resolved only once the manager has accepted it (重大客诉由经理受理)
    and, when compensation was proposed, approved an amount: the department cannot settle with
    the customer on the company's behalf before that."""
    complaint = (
        Complaint.objects.filter(ticket_id=ticket.pk, level=Level.MAJOR)
        .only("accepted_at", "compensation_proposed", "compensation_approved")
        .first()
    )
    if complaint is None:
        return
    if complaint.accepted_at is None:
        raise Conflict(
            _("This major complaint must be accepted by the manager before it is resolved."),
            code="major_not_accepted",
        )
    if complaint.compensation_proposed is not None and complaint.compensation_approved is None:
        raise Conflict(
            _("The manager must approve the compensation before the complaint is resolved."),
            code="compensation_not_approved",
        )
