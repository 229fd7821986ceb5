"""服务方案 (B3): the handling department's plan — goal, steps, the person responsible and time
nodes. Each node is a Deadline row (kind `node`), so the watcher warns, records the breach and
escalates it exactly as it does every other promise; doing the node meets it."""

import math
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.moments import check_moment
from core.text import clean_text
from deadlines.models import Deadline, DeadlineKind
from deadlines.services import warning_minutes
from tickets.actions._common import lock
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event
from workorders.access import PLAN_STATUSES, in_handling_department, may_plan
from workorders.models import PlanNode, ServicePlan

MAX_STEPS = 20
MAX_NODES = 20
# A node must leave time to do it: one due within the minute is a typing mistake.
MIN_LEAD = timedelta(minutes=1)


def _check_responsible(ticket: Ticket, responsible: Staff | None) -> Staff:
    if responsible is None:
        raise InvalidInput(_("Name the person responsible."), fields={"responsible": _("Required.")})
    if not responsible.is_active or responsible.department_id != ticket.department_id:
        raise InvalidInput(
            _("The person responsible must be an active member of the department doing the work."),
            fields={"responsible": _("Not a member of this department.")},
        )
    return responsible


def _clean_steps(steps) -> list[str]:
    if steps is None:
        return []
    if not isinstance(steps, list | tuple):
        raise InvalidInput(_("The steps must be a list."), fields={"steps": _("Must be a list.")})
    cleaned = [clean_text(step, "steps", required=False, max_length=200) for step in steps]
    cleaned = [step for step in cleaned if step]
    if len(cleaned) > MAX_STEPS:
        raise InvalidInput(_("At most %(max)s steps.") % {"max": MAX_STEPS}, fields={"steps": _("Too many steps.")})
    return cleaned


def _clean_nodes(nodes, now: datetime) -> list[tuple[str, datetime]]:
    cleaned = []
    for index, node in enumerate(nodes or []):
        title, due_at = node
        field = f"nodes.{index}"
        title = clean_text(title, f"{field}.title", max_length=100)
        if not isinstance(due_at, datetime):
            raise InvalidInput(_("Give each node a due time."), fields={f"{field}.due_at": _("Required.")})
        check_moment(due_at, f"{field}.due_at")
        if due_at < now + MIN_LEAD:
            raise InvalidInput(
                _("A time node must be due in the future."), fields={f"{field}.due_at": _("In the past.")}
            )
        cleaned.append((title, due_at))
    return cleaned


@transaction.atomic
def set_service_plan(
    ticket: Ticket,
    *,
    goal: str,
    responsible: Staff | None,
    actor: Staff,
    steps: list[str] | None = None,
    nodes: list[tuple[str, datetime]] | None = None,
) -> tuple[ServicePlan, bool]:
    """Write or revise the plan; `nodes` (title, due time) are added to it as new promises. A
    node once set stays as the record of what was promised: it is done, or breached, never
    edited. Returns the plan and whether it was new."""
    ticket = lock(ticket)
    if ticket.status not in PLAN_STATUSES:
        raise Conflict(_("A service plan is made while the department has the work."))
    if not may_plan(ticket, actor):
        raise Forbidden(_("Only the department doing the work writes its service plan."))
    now = timezone.now()
    goal = clean_text(goal, "goal", max_length=2000)
    steps = _clean_steps(steps)
    responsible = _check_responsible(ticket, responsible)
    nodes = _clean_nodes(nodes, now)
    plan = ServicePlan.objects.select_for_update().filter(ticket=ticket).first()
    created = plan is None
    if created:
        if not nodes:
            raise InvalidInput(_("Give the plan at least one time node."), fields={"nodes": _("Required.")})
        plan = ServicePlan(ticket=ticket, created_by=actor, created_at=now)
    existing = 0 if created else plan.nodes.count()
    if existing + len(nodes) > MAX_NODES:
        raise InvalidInput(
            _("A plan has at most %(max)s time nodes.") % {"max": MAX_NODES}, fields={"nodes": _("Too many nodes.")}
        )
    plan.goal, plan.steps, plan.responsible, plan.updated_at = goal, steps, responsible, now
    plan.save()
    added = _add_nodes(ticket, plan, nodes, now)
    record_event(
        ticket,
        EventKind.PLAN_SET,
        actor=actor,
        at=now,
        created=created,
        goal=goal,
        responsible=responsible.username,
        responsible_name=responsible.display_name,
        nodes=[{"title": n.title, "due_at": n.deadline.due_at.isoformat()} for n in added],
    )
    return plan, created


def _add_nodes(ticket: Ticket, plan: ServicePlan, nodes: list[tuple[str, datetime]], now: datetime) -> list[PlanNode]:
    if not nodes:
        return []
    # Deadline.seq keeps each node's promise apart from the others of its round.
    last = Deadline.objects.filter(ticket=ticket, kind=DeadlineKind.NODE).aggregate(m=Max("seq"))["m"] or 0
    added = []
    for offset, (title, due_at) in enumerate(nodes, start=1):
        minutes = max(1, math.ceil((due_at - now).total_seconds() / 60))
        deadline = Deadline.objects.create(
            ticket=ticket,
            kind=DeadlineKind.NODE,
            round=ticket.reopen_count,
            seq=last + offset,
            allowed_minutes=minutes,
            started_at=now,
            due_at=due_at,
            warn_at=now + timedelta(minutes=warning_minutes(minutes)),
            # On hold every clock stands still: this one starts when the work resumes.
            paused_at=now if ticket.status == Status.ON_HOLD else None,
        )
        added.append(PlanNode.objects.create(plan=plan, seq=last + offset, title=title, deadline=deadline))
    return added


def may_complete_node(ticket: Ticket, user: Staff) -> bool:
    return ticket.status in PLAN_STATUSES and (in_handling_department(ticket, user) or may_plan(ticket, user))


@transaction.atomic
def complete_node(ticket: Ticket, seq: int, *, actor: Staff, note: str = "") -> PlanNode:
    """Node `seq` (1, 2, … as the plan numbers them) is done: its promise is met, on time or
    late as the clock says."""
    ticket = lock(ticket)
    node = PlanNode.objects.select_for_update().select_related("deadline").filter(seq=seq, plan__ticket=ticket).first()
    if node is None:
        raise NotFound(_("This plan has no such time node."))
    if ticket.status not in PLAN_STATUSES:
        raise Conflict(_("Time nodes are done while the department has the work."))
    if not may_complete_node(ticket, actor):
        raise Forbidden(_("Only the department doing the work marks its time nodes done."))
    if node.done_at is not None or node.deadline.met_at is not None:
        raise Conflict(_("This time node is settled already."))
    note = clean_text(note, "note", required=False, max_length=500)
    now = timezone.now()
    node.done_at, node.done_by, node.note = now, actor, note
    node.save(update_fields=["done_at", "done_by", "note"])
    Deadline.objects.filter(pk=node.deadline_id, met_at__isnull=True).update(met_at=now, paused_at=None)
    record_event(
        ticket,
        EventKind.NODE_DONE,
        actor=actor,
        at=now,
        node=node.seq,
        title=node.title,
        due_at=node.deadline.due_at.isoformat(),
        late=now > node.deadline.due_at,
        note=note,
    )
    return node


def settle_nodes(ticket: Ticket, *, at: datetime) -> int:
    """Resolving ends the work, and the plan's open nodes with it, as it settles the ticket's
    other steps (deadlines.services.MET_BY_STEP): a node not yet due is met, one already
    breached keeps its breach and stops escalating."""
    return Deadline.objects.filter(ticket=ticket, kind=DeadlineKind.NODE, met_at__isnull=True).update(
        met_at=at, paused_at=None
    )
