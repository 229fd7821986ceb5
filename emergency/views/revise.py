"""Revising a plan on its page: the manager edits the text and saves the next version. Steps,
resources and the notification tree are written one per line, fields split by |, so the sheet
reads like the paper plan it replaces."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.errors import InvalidInput
from core.web import done, handles_domain_errors
from emergency import access
from emergency.actions import current_plan
from emergency.models import Plan, ResourceKind
from emergency.plans import PlanIn, StepIn, write_plan

SEPARATOR = "|"


@require_POST
@handles_domain_errors
def revise(request: HttpRequest, code: str) -> HttpResponse:
    access.require(access.can_lead(request.user))
    plan = write_plan(plan_from_post(current_plan(code), request.POST), actor=request.user)
    messages.success(request, _("Version %(version)s of the plan is in force.") % {"version": plan.version})
    return done(request, reverse("emergency:plan", args=[plan.code]))


def sheet(plan: Plan) -> dict[str, str]:
    """The plan as the revision form shows it."""
    roles = dict(Role.choices)
    kinds = dict(ResourceKind.choices)
    return {
        "steps": "\n".join(
            f"{s.title} | {roles[s.role]} | {s.minutes}" + (f" | {s.department.code}" if s.department_id else "")
            for s in plan.steps.select_related("department")
        ),
        "resources": "\n".join(f"{kinds[r.kind]} | {r.name} | {r.detail}" for r in plan.resources.all()),
        "notices": "\n".join(
            f"{n.level} | {roles[n.role] if n.role else ''} | {n.who} | {n.minutes}" for n in plan.notices.all()
        ),
    }


def plan_from_post(plan: Plan, post: QueryDict) -> PlanIn:
    return PlanIn(
        code=plan.code,
        kind=plan.kind,
        name=post.get("name", ""),
        scope=post.get("scope", ""),
        category=plan.category,
        keywords=post.get("keywords", ""),
        drill_every_days=_number(post.get("drill_every_days", ""), "drill_every_days"),
        steps=[_step(i, parts) for i, parts in _lines(post.get("steps", ""), "steps", 3, 4)],
        resources=[_resource(i, parts) for i, parts in _lines(post.get("resources", ""), "resources", 2, 3)],
        notices=[_notice(i, parts) for i, parts in _lines(post.get("notices", ""), "notices", 4, 4)],
        revision_note=post.get("revision_note", ""),
    )


def _lines(text: str, field: str, least: int, most: int):
    for i, line in enumerate((line for line in text.splitlines() if line.strip()), start=1):
        parts = [part.strip() for part in line.split(SEPARATOR)]
        if not least <= len(parts) <= most:
            raise InvalidInput(
                _("Line %(i)s: write %(least)s to %(most)s parts separated by |.")
                % {"i": i, "least": least, "most": most},
                fields={field: _("Line %(i)s is not in the form shown.") % {"i": i}},
            )
        yield i, parts + [""] * (most - len(parts))


def _code(value: str, choices, field: str, i: int, *, blank: bool = False) -> str:
    """A code, written as the code or as its label."""
    if blank and not value:
        return ""
    for code, label in choices:
        if value in (code, str(label)):
            return code
    raise InvalidInput(
        _("Line %(i)s: %(value)s is not one of the choices.") % {"i": i, "value": value},
        fields={field: _("Line %(i)s is not in the form shown.") % {"i": i}},
    )


def _number(value: str, field: str, i: int = 0) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        message = _("Line %(i)s: a whole number is needed.") % {"i": i} if i else _("A whole number is needed.")
        raise InvalidInput(message, fields={field: _("Not a number.")}) from None


def _step(i: int, parts: list[str]) -> StepIn:
    title, role, minutes, department = parts
    return StepIn(title, _code(role, Role.choices, "steps", i), _number(minutes, "steps", i), department)


def _resource(i: int, parts: list[str]) -> tuple[str, str, str]:
    kind, name, detail = parts
    return _code(kind, ResourceKind.choices, "resources", i), name, detail


def _notice(i: int, parts: list[str]) -> tuple[int, str, str, int]:
    level, role, who, minutes = parts
    return (
        _number(level, "notices", i),
        _code(role, Role.choices, "notices", i, blank=True),
        who,
        _number(minutes, "notices", i),
    )
