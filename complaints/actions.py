"""Complaint actions (D1-D4). Each locks the complaint, changes it and writes one `complaint`
event on the ticket's timeline with the step and its values."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Staff
from complaints.access import require_complaint_staff, require_manager
from complaints.models import Case, Complaint, Criterion, Level, MajorReason, Severity, Target
from core.errors import Conflict, Forbidden, InvalidInput
from core.text import clean_text
from tickets.models import EventKind, Status, Ticket
from tickets.search import token_text
from tickets.timeline import record_event
from tickets.vocabulary import Category

MAX_AMOUNT = Decimal("1000000")


def _amount(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT or amount != round(amount, 2):
        raise InvalidInput(_("Enter an amount in yuan, e.g. 200 or 150.50."), fields={field: _("Not an amount.")})
    return amount


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("ticket").get(pk=complaint.pk)


def _event(complaint: Complaint, step: str, actor: Staff, at, **data) -> None:
    record_event(complaint.ticket, EventKind.COMPLAINT, actor=actor, at=at, step=step, **data)


def grade(criteria_ids: list[int]) -> tuple[list[int], bool]:
    """The criteria that hold, and whether the complaint is valid: every active required one holds."""
    active = {c.pk: c for c in Criterion.objects.filter(is_active=True)}
    unknown = [i for i in criteria_ids if i not in active]
    if unknown:
        raise InvalidInput(_("Unknown criterion."), fields={"criteria": _("Unknown criterion.")})
    met = sorted(set(criteria_ids))
    required = {pk for pk, c in active.items() if c.required}
    return met, required <= set(met)


@transaction.atomic
def register_complaint(
    ticket: Ticket,
    *,
    target: str,
    severity: str,
    criteria: list[int],
    actor: Staff,
    department: Department | None = None,
    staff: Staff | None = None,
) -> Complaint:
    """Record or correct what the complaint is about, how serious, and whether it counts (D1, D2)."""
    require_complaint_staff(actor)
    if ticket.category != Category.COMPLAINT:
        raise InvalidInput(_("Only a complaint can be graded."), fields={"ticket": _("Not a complaint.")})
    if target not in Target.values:
        raise InvalidInput(_("Choose who is complained about."), fields={"target": _("Not an allowed value.")})
    if severity not in Severity.values:
        raise InvalidInput(_("Choose the severity."), fields={"severity": _("Not an allowed value.")})
    if target == Target.DEPARTMENT and department is None:
        raise InvalidInput(_("Choose the department complained about."), fields={"department": _("Required.")})
    if target == Target.STAFF and staff is None:
        raise InvalidInput(_("Choose the staff member complained about."), fields={"staff": _("Required.")})
    met, valid = grade(criteria)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    now = timezone.now()
    complaint, created = Complaint.objects.get_or_create(ticket=ticket, defaults={"target": target, "created_at": now})
    complaint.target = target
    complaint.target_department = department if target == Target.DEPARTMENT else (staff.department if staff else None)
    complaint.target_staff = staff if target == Target.STAFF else None
    complaint.severity = severity
    complaint.criteria_met = met
    complaint.is_valid = valid
    complaint.updated_at = now
    complaint.save()
    complaint.ticket = ticket
    _event(
        complaint,
        "registered" if created else "regraded",
        actor,
        now,
        target=target,
        target_name=_target_name(complaint),
        severity=severity,
        valid=valid,
    )
    return complaint


def _target_name(complaint: Complaint) -> str:
    if complaint.target == Target.STAFF and complaint.target_staff_id:
        return f"{complaint.target_staff.display_name} {complaint.target_staff.work_number}"
    if complaint.target == Target.DEPARTMENT and complaint.target_department_id:
        return complaint.target_department.name
    return ""


@transaction.atomic
def make_major(
    complaint: Complaint, *, reason: str, actor: Staff, compensation: object = None, note: str = ""
) -> Complaint:
    """The owner hands it to the major-complaint procedure: it involves compensation or the
    owner cannot resolve it. It waits for the manager's acceptance (D2)."""
    require_complaint_staff(actor)
    if reason not in MajorReason.values:
        raise InvalidInput(_("Say why the complaint is major."), fields={"reason": _("Not an allowed value.")})
    amount = _amount(compensation, "compensation")
    if reason == MajorReason.COMPENSATION and amount is None:
        raise InvalidInput(_("Enter the compensation proposed."), fields={"compensation": _("Required.")})
    note = clean_text(note, "note", required=False, max_length=500)
    complaint = _lock(complaint)
    if complaint.ticket.status == Status.CLOSED:
        raise Conflict(_("The complaint is closed."))
    if complaint.is_major:
        raise Conflict(_("This complaint is already major."), code="already_major")
    if complaint.ticket.owner_id != actor.pk and not actor.is_lead:
        raise Forbidden(_("Only the owner or a lead may escalate this complaint."))
    now = timezone.now()
    complaint.level = Level.MAJOR
    complaint.major_reason = reason
    complaint.compensation_proposed = amount
    complaint.updated_at = now
    complaint.save(update_fields=["level", "major_reason", "compensation_proposed", "updated_at"])
    _event(
        complaint,
        "major",
        actor,
        now,
        reason=reason,
        compensation=str(amount) if amount is not None else None,
        note=note,
    )
    return complaint


@transaction.atomic
def accept_major(complaint: Complaint, *, actor: Staff) -> Complaint:
    """The manager takes the major complaint on (重大客诉由经理受理)."""
    require_manager(actor)
    complaint = _lock(complaint)
    if not complaint.is_major:
        raise Conflict(_("Only a major complaint needs the manager's acceptance."), code="not_major")
    if complaint.accepted_at is not None:
        return complaint
    now = timezone.now()
    complaint.accepted_by = actor
    complaint.accepted_at = now
    complaint.updated_at = now
    complaint.save(update_fields=["accepted_by", "accepted_at", "updated_at"])
    _event(complaint, "accepted", actor, now)
    return complaint


@transaction.atomic
def approve_compensation(complaint: Complaint, *, amount: object, actor: Staff) -> Complaint:
    require_manager(actor)
    value = _amount(amount, "amount")
    if value is None:
        raise InvalidInput(_("Enter the compensation approved."), fields={"amount": _("Required.")})
    complaint = _lock(complaint)
    if complaint.awaiting_acceptance or not complaint.is_major:
        raise Conflict(_("Accept the major complaint before approving compensation."), code="not_accepted")
    now = timezone.now()
    complaint.compensation_approved = value
    complaint.compensation_approved_by = actor
    complaint.updated_at = now
    complaint.save(update_fields=["compensation_approved", "compensation_approved_by", "updated_at"])
    _event(
        complaint,
        "compensation_approved",
        actor,
        now,
        amount=str(value),
        proposed=str(complaint.compensation_proposed or ""),
    )
    return complaint


@transaction.atomic
def write_case(
    complaint: Complaint, *, title: str, situation: str, cause: str, solution: str, tags: str = "", actor: Staff
) -> Case:
    """A resolved complaint goes into the case library (D4)."""
    require_complaint_staff(actor)
    title = clean_text(title, "title", max_length=100)
    situation = clean_text(situation, "situation")
    cause = clean_text(cause, "cause")
    solution = clean_text(solution, "solution")
    tags = clean_text(tags, "tags", required=False, max_length=200)
    complaint = _lock(complaint)
    if complaint.ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise Conflict(_("Only a resolved complaint can be written up as a case."), code="not_resolved")
    now = timezone.now()
    case = Case.objects.create(
        complaint=complaint,
        title=title,
        situation=situation,
        cause=cause,
        solution=solution,
        tags=tags,
        search_tokens=token_text(title, situation, cause, solution, tags),
        created_by=actor,
        created_at=now,
    )
    _event(complaint, "case_written", actor, now, case=case.pk, title=title)
    return case
