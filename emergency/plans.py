"""The plan library: writing a plan and its next versions, and which plan a ticket suggests."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Role, Staff
from core.errors import InvalidInput
from core.text import clean_text
from emergency import access
from emergency.models import Plan, PlanKind, PlanNotice, PlanResource, PlanStep, ResourceKind
from tickets.models import Ticket
from tickets.vocabulary import Category

MAX_STEP_MINUTES = 7 * 24 * 60


@dataclass
class StepIn:
    title: str
    role: str
    minutes: int
    department: str = ""  # code


@dataclass
class PlanIn:
    """A plan's terms as written: the same shape for the first version and every revision."""

    code: str
    kind: str
    name: str
    steps: list[StepIn]
    scope: str = ""
    category: str = Category.EMERGENCY
    keywords: str = ""
    drill_every_days: int = 180
    resources: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, name, detail)
    notices: list[tuple[int, str, str, int]] = field(default_factory=list)  # (level, role, who, minutes)
    revision_note: str = ""


def current_plans() -> QuerySet:
    return Plan.objects.current().prefetch_related(
        Prefetch("steps", queryset=PlanStep.objects.select_related("department"))
    )


@transaction.atomic
def write_plan(data: PlanIn, *, actor: Staff | None) -> Plan:
    """A new plan, or the next version of the plan with this code (the old version is kept for
    the activations and drills run under it)."""
    if actor is not None:
        access.require(access.can_lead(actor))
    _check(data)
    departments = Department.objects.in_bulk(field_name="code")
    for i, step in enumerate(data.steps, start=1):
        if step.department and step.department not in departments:
            raise InvalidInput(
                _("Step %(i)s: unknown department %(code)s.") % {"i": i, "code": step.department},
                fields={f"steps.{i}.department": _("Unknown department.")},
            )
    old = Plan.objects.select_for_update().filter(code=data.code, is_current=True).first()
    version = (Plan.objects.filter(code=data.code).aggregate(v=Max("version"))["v"] or 0) + 1
    if old is not None:
        old.is_current = False
        old.save(update_fields=["is_current"])
    plan = Plan.objects.create(
        code=data.code,
        version=version,
        kind=data.kind,
        name=data.name,
        scope=data.scope,
        category=data.category,
        keywords=data.keywords,
        drill_every_days=data.drill_every_days,
        revision_note=data.revision_note,
        created_at=timezone.now(),
        created_by=actor,
    )
    PlanStep.objects.bulk_create(
        PlanStep(
            plan=plan,
            n=n,
            title=s.title,
            role=s.role,
            minutes=s.minutes,
            department=departments.get(s.department) if s.department else None,
        )
        for n, s in enumerate(data.steps, start=1)
    )
    PlanResource.objects.bulk_create(
        PlanResource(plan=plan, order=i, kind=kind, name=name, detail=detail)
        for i, (kind, name, detail) in enumerate(data.resources, start=1)
    )
    PlanNotice.objects.bulk_create(
        PlanNotice(plan=plan, level=level, role=role, who=who, minutes=minutes)
        for level, role, who, minutes in data.notices
    )
    return plan


def _check(data: PlanIn) -> None:
    data.code = (data.code or "").strip()
    if not data.code or len(data.code) > 40 or not data.code.replace("_", "").replace("-", "").isalnum():
        raise InvalidInput(_("The code is letters, digits, - and _ only."), fields={"code": _("Not a code.")})
    if data.kind not in PlanKind.values:
        raise InvalidInput(_("Choose the kind of emergency."), fields={"kind": _("Not an allowed value.")})
    data.name = clean_text(data.name, "name", max_length=100)
    data.scope = clean_text(data.scope, "scope", required=False)
    data.keywords = clean_text(data.keywords, "keywords", required=False, max_length=300)
    data.revision_note = clean_text(data.revision_note, "revision_note", required=False, max_length=200)
    if data.category and data.category not in Category.values:
        raise InvalidInput(_("Unknown ticket category."), fields={"category": _("Not an allowed value.")})
    if not (1 <= data.drill_every_days <= 3 * 366):
        raise InvalidInput(_("Drill at least every three years."), fields={"drill_every_days": _("Out of range.")})
    if not data.steps:
        raise InvalidInput(_("A plan needs at least one step."), fields={"steps": _("Required.")})
    for i, step in enumerate(data.steps, start=1):
        step.title = clean_text(step.title, f"steps.{i}.title", max_length=200)
        if step.role not in Role.values:
            raise InvalidInput(
                _("Step %(i)s: choose a role.") % {"i": i}, fields={f"steps.{i}.role": _("Unknown role.")}
            )
        if not isinstance(step.minutes, int) or not (1 <= step.minutes <= MAX_STEP_MINUTES):
            raise InvalidInput(
                _("Step %(i)s: the minutes allowed must be 1 to 10080.") % {"i": i},
                fields={f"steps.{i}.minutes": _("Out of range.")},
            )
    resources = []
    for kind, name, detail in data.resources:
        if kind not in ResourceKind.values:
            raise InvalidInput(_("Unknown kind of resource."), fields={"resources": _("Not an allowed value.")})
        resources.append(
            (
                kind,
                clean_text(name, "resources", max_length=100),
                clean_text(detail, "resources", required=False, max_length=200),
            )
        )
    data.resources = resources
    notices = []
    for level, role, who, minutes in data.notices:
        if role and role not in Role.values:
            raise InvalidInput(_("Unknown role."), fields={"notices": _("Unknown role.")})
        if not (1 <= level <= 9) or not (0 <= minutes <= MAX_STEP_MINUTES):
            raise InvalidInput(
                _("A level of the notification tree is 1 to 9, within 0 to 10080 minutes."),
                fields={"notices": _("Out of range.")},
            )
        if not role and not (who or "").strip():
            raise InvalidInput(_("Say whom each level tells."), fields={"notices": _("Required.")})
        notices.append((level, role, clean_text(who, "notices", required=False, max_length=100), minutes))
    data.notices = notices


def suggest_plan(ticket: Ticket) -> Plan | None:
    """The plan the ticket's category and words point to: among the plans of its category, the
    one whose keywords occur most often in the content (none when no keyword occurs)."""
    text = ticket.content or ""
    best, best_hits = None, 0
    for plan in Plan.objects.current().filter(category=ticket.category).order_by("code"):
        hits = sum(text.count(word) for word in plan.keyword_list)
        if hits > best_hits:
            best, best_hits = plan, hits
    return best
