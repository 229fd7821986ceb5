"""The overdue pass of emergencies, run by the deadline watcher with its own (the worker and
`manage.py check_deadlines`): an activation step past its time and a corrective action past its
date are told once.

Why not Deadline rows: a Deadline belongs to a ticket and is one per (ticket, kind, round),
while an activation may have no ticket and has many steps; a corrective action outlives its
ticket by weeks. The same discipline instead: a partial index on the pending due times
(activation_step_pending, corrective_pending), and a compare-and-set per row
(`UPDATE … SET overdue_at WHERE id = … AND overdue_at IS NULL AND done_at IS NULL` must touch
exactly one row) in the transaction that writes the timeline row and the outbox rows. Two
watchers never both tell; a pass killed halfway leaves the rest for the next; a second pass
finds nothing."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import LEAD_ROLES, Role
from emergency.drills import drill_board
from emergency.duty import on_duty
from emergency.models import ActivationStatus, ActivationStep, CorrectiveAction, Plan
from emergency.notices import EVENT_KIND, tell, tell_about_plan
from tickets.timeline import record_event

BATCH = 200


def check_emergencies(now: datetime) -> int:
    """One pass; returns how many lateness records it wrote."""
    return _overdue_steps(now) + _overdue_actions(now) + _drills_due(now)


def _drills_due(now: datetime) -> int:
    """A plan whose drill has fallen due: the customer-service manager is told once per due date."""
    told = 0
    for row in drill_board(timezone.localdate(now)):
        if row.is_due and row.plan.drill_reminded_for != row.due_on:
            told += _drill_due(row.plan, row.due_on, now)
    return told


@transaction.atomic
def _drill_due(plan: Plan, due_on, now: datetime) -> int:
    claimed = (
        Plan.objects.filter(pk=plan.pk, is_current=True)
        .filter(Q(drill_reminded_for__isnull=True) | ~Q(drill_reminded_for=due_on))
        .update(drill_reminded_for=due_on)
    )
    if claimed != 1:
        return 0
    managers = on_duty(Role.MANAGER, at=now) or on_duty(Role.SUPERVISOR, at=now)
    tell_about_plan(managers, "emergency_drill_due", plan, now=now, day=due_on)
    return 1


def _overdue_steps(now: datetime) -> int:
    told = 0
    while True:
        ids = list(
            ActivationStep.objects.overdue_unrecorded(now).order_by("due_at", "id").values_list("id", flat=True)[:BATCH]
        )
        if not ids:
            return told
        for pk in ids:
            told += _step_overdue(pk, now)


@transaction.atomic
def _step_overdue(pk: int, now: datetime) -> int:
    claimed = ActivationStep.objects.filter(
        pk=pk, done_at__isnull=True, overdue_at__isnull=True, activation__status=ActivationStatus.ACTIVE
    ).update(overdue_at=now)
    if claimed != 1:
        return 0  # done meanwhile, or another watcher took it
    step = ActivationStep.objects.select_related("activation__plan", "activation__ticket", "department").get(pk=pk)
    activation = step.activation
    event = None
    if activation.ticket_id:
        event = record_event(
            activation.ticket,
            EVENT_KIND,
            at=now,
            step="step_overdue",
            activation=activation.pk,
            n=step.n,
            title=step.title,
            due_at=step.due_at.isoformat(),
        )
    # The people who should be doing it, and whoever leads the response.
    people = {p.pk: p for p in on_duty(step.role, at=now, department=step.department)}
    for role in sorted(LEAD_ROLES):
        people.update({p.pk: p for p in on_duty(role, at=now)})
    people.setdefault(activation.started_by_id, activation.started_by)
    tell(
        sorted(people.values(), key=lambda p: p.work_number),
        "emergency_step_overdue",
        activation,
        event=event,
        now=now,
        step=step,
    )
    return 1


def _overdue_actions(now: datetime) -> int:
    told = 0
    while True:
        ids = list(
            CorrectiveAction.objects.filter(done_at__isnull=True, overdue_at__isnull=True, due_at__lte=now)
            .order_by("due_at", "id")
            .values_list("id", flat=True)[:BATCH]
        )
        if not ids:
            return told
        for pk in ids:
            told += _action_overdue(pk, now)


@transaction.atomic
def _action_overdue(pk: int, now: datetime) -> int:
    claimed = CorrectiveAction.objects.filter(pk=pk, done_at__isnull=True, overdue_at__isnull=True).update(
        overdue_at=now
    )
    if claimed != 1:
        return 0
    action = CorrectiveAction.objects.select_related("activation__plan", "activation__ticket", "owner").get(pk=pk)
    activation = action.activation
    event = None
    if activation.ticket_id:
        event = record_event(
            activation.ticket, EVENT_KIND, at=now, step="action_overdue", activation=activation.pk, text=action.text
        )
    people = [action.owner]
    if activation.closed_by_id and activation.closed_by_id != action.owner_id:
        people.append(activation.closed_by)
    tell(people, "emergency_action_overdue", activation, event=event, now=now, action=action)
    return 1
