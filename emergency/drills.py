"""Drills (应急演练): recorded per plan, due again on the plan's cadence. A drill creates no
ticket and no timeline row, so no report, list or KPI of tickets ever counts one."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import InvalidInput
from core.text import clean_text
from emergency import access
from emergency.actions import CLOCK_SKEW
from emergency.models import Drill, Plan

EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.get_fixed_timezone(480))


@transaction.atomic
def record_drill(
    plan: Plan,
    *,
    actor: Staff,
    held_at: datetime | None,
    participants: list[str],
    findings: str,
    scenario: str = "",
    score: int | None = None,
    ended_at: datetime | None = None,
) -> Drill:
    access.require(access.can_lead(actor))
    now = timezone.now()
    if held_at is None or held_at < EARLIEST or held_at > now + CLOCK_SKEW:
        raise InvalidInput(
            _("Give the time the drill was held (not in the future)."), fields={"held_at": _("Not a possible time.")}
        )
    if ended_at is not None and (
        ended_at < held_at or ended_at > now + CLOCK_SKEW or ended_at - held_at > timedelta(days=2)
    ):
        raise InvalidInput(
            _("The drill must end after it starts, within two days."), fields={"ended_at": _("Not a possible time.")}
        )
    findings = clean_text(findings, "findings")
    scenario = clean_text(scenario, "scenario", required=False)
    if score is not None and not (isinstance(score, int) and 0 <= score <= 100):
        raise InvalidInput(_("The score is 0 to 100."), fields={"score": _("Out of range.")})
    names = [str(u).strip() for u in participants or [] if str(u).strip()]
    if not names:
        raise InvalidInput(_("Name the people who took part."), fields={"participants": _("Required.")})
    people = Staff.objects.filter(is_active=True, username__in=names).in_bulk(field_name="username")
    unknown = [u for u in names if u not in people]
    if unknown:
        raise InvalidInput(
            _("Unknown staff: %(names)s") % {"names": "、".join(unknown[:5])},
            fields={"participants": _("Unknown staff member.")},
        )
    drill = Drill.objects.create(
        plan=plan,
        held_at=held_at,
        ended_at=ended_at,
        scenario=scenario,
        findings=findings,
        score=score,
        recorded_by=actor,
        recorded_at=now,
    )
    drill.participants.set(people.values())
    return drill


@dataclass
class DrillStatus:
    plan: Plan
    last: Drill | None
    due_on: date
    is_due: bool
    days_left: int


def drill_board(today: date | None = None) -> list[DrillStatus]:
    """Each current plan with its last drill (of any version) and when the next one is due: the
    cadence after the last drill; a plan never drilled is due since it was written."""
    today = today or timezone.localdate()
    plans = list(Plan.objects.current().order_by("code"))
    codes = [p.code for p in plans]
    last: dict[str, Drill] = {}
    for drill in Drill.objects.filter(plan__code__in=codes).select_related("plan").order_by("-held_at", "-id"):
        last.setdefault(drill.plan.code, drill)
    first_written = dict(Plan.objects.filter(code__in=codes, version=1).values_list("code", "created_at"))
    rows = []
    for plan in plans:
        drill = last.get(plan.code)
        if drill is not None:
            due_on = timezone.localdate(drill.held_at) + timedelta(days=plan.drill_every_days)
        else:  # due since the plan was written: a fixed date, so its reminder is sent once
            due_on = min(timezone.localdate(first_written.get(plan.code, plan.created_at)), today)
        rows.append(DrillStatus(plan, drill, due_on, due_on <= today, (due_on - today).days))
    return rows
