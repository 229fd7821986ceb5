"""Activating a plan, checking its steps off and closing it with the after-action report.

Each action locks what it changes, writes the ticket's timeline row (kind `emergency`, a step
code and its values, worded when shown) in the same transaction, and leaves the messages in the
notification outbox, which the worker delivers after commit."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import Conflict, InvalidInput, NotFound
from core.text import clean_text
from emergency import access
from emergency.duty import on_duty
from emergency.models import Activation, ActivationStatus, ActivationStep, CorrectiveAction, Plan
from emergency.notices import EVENT_KIND, tell
from tickets.models import Status, Ticket
from tickets.timeline import record_event

NOTE_MAX = 500
# A clock a little ahead of the server's is not a time in the future.
CLOCK_SKEW = timedelta(minutes=5)
# How far back an alarm may be entered afterwards (the system was down, say).
MAX_BACK_ENTRY = timedelta(days=30)


def current_plan(code: str) -> Plan:
    plan = Plan.objects.current().filter(code=str(code or "").strip()).first()
    if plan is None:
        raise NotFound(_("No emergency plan has this code."), code="unknown_plan")
    return plan


def _alert_list(plan: Plan, actor: Staff, at: datetime) -> list[Staff]:
    """The people of the plan's roles on duty: each step's role and each level of the
    notification tree that names a role, each person once; not the person activating."""
    wanted = {(s.role, s.department_id): s.department for s in plan.steps.select_related("department")}
    for notice in plan.notices.select_related("department"):
        if notice.role:
            wanted[(notice.role, notice.department_id)] = notice.department
    people: dict[int, Staff] = {}
    for (role, _department_id), department in sorted(wanted.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        for person in on_duty(role, at=at, department=department):
            if person.pk != actor.pk:
                people.setdefault(person.pk, person)
    return sorted(people.values(), key=lambda p: p.work_number)


@transaction.atomic
def activate_plan(
    plan: Plan,
    *,
    actor: Staff,
    ticket: Ticket | None = None,
    note: str = "",
    called_at: datetime | None = None,
) -> Activation:
    """Start `plan` now, from an emergency ticket or on its own: the steps get their due times,
    the people on duty in the plan's roles are alerted."""
    access.require(access.can_activate(actor))
    note = clean_text(note, "note", required=False, max_length=NOTE_MAX)
    now = timezone.now()
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_current:
        raise Conflict(_("This version of the plan has been replaced; use the current one."), code="plan_replaced")
    if ticket is not None:
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.status == Status.CLOSED:
            raise Conflict(_("The ticket is closed."), code="ticket_closed")
        if Activation.objects.filter(ticket=ticket, plan__code=plan.code, status=ActivationStatus.ACTIVE).exists():
            raise Conflict(_("This plan is already running for this ticket."), code="already_active")
        called_at = ticket.received_at
    elif called_at is None:
        called_at = now
    elif called_at > now + CLOCK_SKEW or called_at < now - MAX_BACK_ENTRY:
        raise InvalidInput(
            _("The alarm time must lie within the last 30 days and not in the future."),
            fields={"called_at": _("Not a possible time.")},
        )
    activation = Activation.objects.create(
        plan=plan, ticket=ticket, called_at=min(called_at, now), started_at=now, started_by=actor, note=note
    )
    ActivationStep.objects.bulk_create(
        ActivationStep(
            activation=activation,
            n=step.n,
            title=step.title,
            role=step.role,
            department_id=step.department_id,
            minutes=step.minutes,
            due_at=now + timedelta(minutes=step.minutes),
        )
        for step in plan.steps.all()
    )
    people = _alert_list(plan, actor, now)
    activation.alerted = [{"username": p.username, "name": p.display_name, "role": p.role} for p in people]
    activation.save(update_fields=["alerted"])
    event = None
    if ticket is not None:
        event = record_event(
            ticket,
            EVENT_KIND,
            actor=actor,
            at=now,
            step="activated",
            activation=activation.pk,
            plan=plan.code,
            plan_name=plan.name,
            version=plan.version,
            alerted=[p.display_name for p in people],
        )
    tell(people, "emergency_activated", activation, event=event, now=now)
    return activation


def get_activation(pk: int, *, for_update: bool = False) -> Activation:
    qs = Activation.objects.select_related("plan", "ticket", "started_by")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No activation has this number."), code="unknown_activation")
    return found


@transaction.atomic
def check_step(activation: Activation, n: int, *, actor: Staff, note: str = "") -> ActivationStep:
    """Check step `n` off: the time and the person are recorded; a step is done once."""
    activation = get_activation(activation.pk, for_update=True)
    step = ActivationStep.objects.select_for_update().filter(activation=activation, n=n).first()
    if step is None:
        raise NotFound(_("This plan has no step %(n)s.") % {"n": n}, code="unknown_step")
    access.require(access.can_check_off(actor, activation, step))
    note = clean_text(note, "note", required=False, max_length=NOTE_MAX)
    if step.done_at is not None:
        raise Conflict(_("This step has already been checked off."), code="step_done")
    if not activation.is_active:
        raise Conflict(_("This activation is closed."), code="activation_closed")
    now = timezone.now()
    step.done_at, step.done_by, step.note = now, actor, note
    step.save(update_fields=["done_at", "done_by", "note"])
    if activation.ticket_id:
        record_event(
            activation.ticket,
            EVENT_KIND,
            actor=actor,
            at=now,
            step="step_done",
            activation=activation.pk,
            n=step.n,
            title=step.title,
            note=note,
            minutes=int((now - activation.called_at).total_seconds() // 60),
        )
    return step


@dataclass
class ActionIn:
    """A corrective action of the report as entered."""

    text: str
    owner: str  # username
    due_on: date | None


@transaction.atomic
def close_activation(
    activation: Activation,
    *,
    actor: Staff,
    cause: str,
    went_well: str,
    to_improve: str = "",
    actions: list[ActionIn] = (),
) -> Activation:
    """Close with the after-action report: the cause, what went well, what to improve and the
    corrective actions, each with an owner and a date."""
    access.require(access.can_lead(actor))
    cause = clean_text(cause, "cause", max_length=2000)
    went_well = clean_text(went_well, "went_well", max_length=2000)
    to_improve = clean_text(to_improve, "to_improve", required=False, max_length=2000)
    activation = get_activation(activation.pk, for_update=True)
    if not activation.is_active:
        raise Conflict(_("This activation is closed."), code="activation_closed")
    rows = _corrective_actions(actions, activation)
    open_steps = activation.steps.filter(done_at__isnull=True).count()
    if open_steps:
        raise Conflict(
            _("%(count)s steps are not checked off yet; check them off (with a note if they did not apply) first.")
            % {"count": open_steps},
            code="steps_open",
        )
    now = timezone.now()
    activation.status = ActivationStatus.CLOSED
    activation.closed_at, activation.closed_by = now, actor
    activation.cause, activation.went_well, activation.to_improve = cause, went_well, to_improve
    activation.save(update_fields=["status", "closed_at", "closed_by", "cause", "went_well", "to_improve"])
    for row in rows:
        row.activation = activation
    CorrectiveAction.objects.bulk_create(rows)
    event = None
    if activation.ticket_id:
        event = record_event(
            activation.ticket,
            EVENT_KIND,
            actor=actor,
            at=now,
            step="closed",
            activation=activation.pk,
            actions=len(rows),
            minutes=int((now - activation.called_at).total_seconds() // 60),
        )
    for row in rows:
        tell([row.owner], "emergency_action_assigned", activation, event=event, now=now, action=row)
    return activation


def _corrective_actions(actions: list[ActionIn], activation: Activation) -> list[CorrectiveAction]:
    rows = []
    owners = Staff.objects.filter(is_active=True, username__in=[a.owner for a in actions]).in_bulk(
        field_name="username"
    )
    first_day = timezone.localdate(activation.started_at)
    for i, action in enumerate(actions, start=1):
        field = f"actions.{i}"
        text = clean_text(action.text, f"{field}.text", max_length=300)
        owner = owners.get(action.owner)
        if owner is None:
            raise InvalidInput(
                _("Corrective action %(i)s: choose its owner from the staff.") % {"i": i},
                fields={f"{field}.owner": _("Unknown staff member.")},
            )
        if action.due_on is None or action.due_on < first_day or action.due_on > first_day + timedelta(days=366):
            raise InvalidInput(
                _("Corrective action %(i)s: give a date within a year of the incident.") % {"i": i},
                fields={f"{field}.due_on": _("Not a possible date.")},
            )
        end_of_day = timezone.make_aware(datetime.combine(action.due_on, time(23, 59, 59)))
        rows.append(CorrectiveAction(text=text, owner=owner, due_on=action.due_on, due_at=end_of_day))
    return rows


@transaction.atomic
def complete_action(action: CorrectiveAction, *, actor: Staff, note: str = "") -> CorrectiveAction:
    """The owner (or a lead) reports a corrective action done."""
    action = (
        CorrectiveAction.objects.select_for_update(of=("self",)).select_related("activation__ticket").get(pk=action.pk)
    )
    access.require(actor.pk == action.owner_id or access.can_lead(actor))
    note = clean_text(note, "note", required=False, max_length=NOTE_MAX)
    if action.done_at is not None:
        raise Conflict(_("This corrective action is already done."), code="action_done")
    now = timezone.now()
    action.done_at, action.done_by, action.done_note = now, actor, note
    action.save(update_fields=["done_at", "done_by", "done_note"])
    if action.activation.ticket_id:
        record_event(
            action.activation.ticket,
            EVENT_KIND,
            actor=actor,
            at=now,
            step="action_done",
            activation=action.activation_id,
            text=action.text,
            note=note,
        )
    return action
