"""子工单 (B5): one request split into sub-orders for several departments (工程部 repairs the pipe,
保洁绿化部 cleans up). Each sub-order is a ticket of its own, recorded and dispatched by the one
intake and dispatch actions, so it has its own promises, status and timeline; the parent is
resolved only when every sub-order is (workorders.receivers.on_resolving)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Staff
from core.db.compiled import Compiled, Param
from core.errors import Conflict, Forbidden
from core.text import clean_text
from tickets.actions import Contact, create_ticket, dispatch_ticket
from tickets.actions._common import lock
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event
from tickets.vocabulary import OPEN_STATUSES
from workorders.access import is_suborder, may_split
from workorders.models import SubOrder

MAX_SUBORDERS = 20
FINISHED = (Status.RESOLVED, Status.CLOSED)


@transaction.atomic
def split_ticket(
    parent: Ticket,
    *,
    department: Department,
    content: str,
    actor: Staff,
    assignee: Staff | None = None,
    note: str = "",
) -> Ticket:
    """Split a sub-order off `parent` for `department` and dispatch it there at once. The parent's
    first-contact owner owns the sub-order too (首问负责制: one person answers for the request)."""
    parent = lock(parent)
    if parent.status not in OPEN_STATUSES:
        raise Conflict(_("Only an open request can be split into sub-orders."))
    if is_suborder(parent):
        raise Conflict(_("A sub-order is not split again: split its parent request."))
    if not may_split(parent, actor):
        raise Forbidden(_("Only customer-service staff split a request into sub-orders."))
    content = clean_text(content, "content")
    if SubOrder.objects.filter(parent=parent).count() >= MAX_SUBORDERS:
        raise Conflict(_("A request has at most %(max)s sub-orders.") % {"max": MAX_SUBORDERS})
    owner = parent.owner if parent.owner.is_active and parent.owner.takes_requests else actor
    # The same kind of request (its sub-type's commitments too), unless the sub-type was retired since.
    subtype = parent.subtype if parent.subtype_id and parent.subtype.is_active else None
    child = create_ticket(
        actor=owner,
        category=parent.category,
        channel=parent.channel,
        content=content,
        customer=parent.customer,
        premises=parent.premises,
        contact=Contact(name=parent.contact_name, phone=parent.contact_phone, address=parent.contact_address),
        priority=parent.priority,
        subtype=subtype.code if subtype else None,
    )
    now = timezone.now()
    SubOrder.objects.create(parent=parent, child=child, created_by=actor, created_at=now)
    record_event(child, EventKind.SUBORDER_OF, actor=actor, at=now, parent=parent.number)
    child = dispatch_ticket(child, department=department, actor=actor, note=note, assignee=assignee)
    record_event(
        parent,
        EventKind.SUBORDER,
        actor=actor,
        at=now,
        child=child.number,
        department=department.code,
        department_name=department.name,
    )
    return child


def open_suborders(parent: Ticket) -> list[str]:
    """The numbers of the parent's sub-orders whose work is not finished."""
    return list(
        SubOrder.objects.filter(parent=parent)
        .exclude(child__status__in=FINISHED)
        .order_by("id")
        .values_list("child__number", flat=True)
    )


def check_parent_resolvable(parent: Ticket) -> None:
    numbers = open_suborders(parent)
    if numbers:
        raise Conflict(
            _("Sub-orders %(numbers)s are not finished: the request is resolved when every sub-order is.")
            % {"numbers": "、".join(numbers)},
            code="suborders_open",
        )


def report_to_parent(child: Ticket, *, at) -> None:
    """A sub-order's work is done: the parent's timeline says so, with the sub-order's number."""
    link = SubOrder.objects.select_related("parent").filter(child=child).first()
    if link is None:
        return
    record_event(
        link.parent,
        EventKind.SUBORDER_DONE,
        at=at,
        child=child.number,
        department=child.department.code if child.department_id else None,
        department_name=child.department.name if child.department_id else "",
        remaining=len(open_suborders(link.parent)),
    )


# Read on every ticket page: compiled once (core.db.compiled).
_PARENT_LINK = Compiled(
    lambda: SubOrder.objects.select_related("parent").filter(
        child_id=Param("ticket", SubOrder._meta.get_field("child"))
    )
)
_CHILD_LINKS = Compiled(
    lambda: SubOrder.objects.filter(parent_id=Param("ticket", SubOrder._meta.get_field("parent"))).select_related(
        "child__department", "child__assignee"
    )
)


def family(ticket: Ticket) -> dict:
    """What the ticket page and the API show: the parent (for a sub-order) and the sub-orders."""
    link = _PARENT_LINK.first(ticket=ticket.pk)
    children = [link.child for link in _CHILD_LINKS.all(ticket=ticket.pk)]
    return {"parent": link.parent if link else None, "suborders": children}
