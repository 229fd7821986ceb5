"""The inspector's screen (日检周检月检抽检): pick someone below you, record the findings."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Staff
from appraisal.access import get_person_for
from appraisal.actions.inspections import record_inspection
from appraisal.models import Inspection, Scorecard
from appraisal.selectors import inspections_by
from appraisal.views._common import people_below
from appraisal.vocabulary import InspectionKind, Severity, track_for
from core.errors import InvalidInput, NotFound
from core.web import handles_domain_errors, render_screen

ROWS = 5


def _findings(post) -> list[dict]:
    findings = []
    for n in range(ROWS):
        category = post.get(f"category_{n}", "").strip()
        if not category:
            continue
        points = post.get(f"points_{n}", "").strip()
        findings.append(
            {
                "category": category,
                "severity": post.get(f"severity_{n}", ""),
                "points": points or None,
                "cause": post.get(f"cause_{n}", ""),
                "note": post.get(f"note_{n}", ""),
            }
        )
    return findings


@handles_domain_errors
def inspect(request: HttpRequest) -> HttpResponse:
    below = people_below(request.user)
    if request.method == "POST":
        person = Staff.objects.filter(username=request.POST.get("staff", "")).first()
        if person is None:
            raise InvalidInput(_("Choose whom you inspect."), fields={"staff": _("Required.")})
        inspection = record_inspection(
            person,
            kind=request.POST.get("kind", ""),
            findings=_findings(request.POST),
            note=request.POST.get("note", ""),
            actor=request.user,
        )
        messages.success(request, _("Inspection recorded."))
        return redirect("appraisal-inspection", inspection_id=inspection.pk)
    chosen = next((p for p in below if p.username == request.GET.get("staff")), None)
    card = None
    if chosen is not None:
        card = Scorecard.objects.in_force(track_for(chosen.role), timezone.localdate().replace(day=1))
    context = {
        "below": below,
        "chosen": chosen,
        "card": card,
        "kinds": InspectionKind.choices,
        "severities": Severity.choices,
        "rows": range(ROWS),
        "recent": inspections_by(request.user, 20),
        "here": "appraisal-inspect",
    }
    return render_screen(request, "appraisal/inspect.html", context)


@handles_domain_errors
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = Inspection.objects.select_related("staff", "inspector").filter(pk=inspection_id).first()
    if inspection is None:
        raise NotFound()
    if inspection.inspector_id != request.user.pk:
        get_person_for(request.user, inspection.staff.username)
    card = Scorecard.objects.in_force(track_for(inspection.staff.role), inspection.month)
    names = {c.code: c.name for c in card.categories.all()} if card else {}
    findings = [(f, names.get(f.category, f.category), names.get(f.cause, f.cause)) for f in inspection.findings.all()]
    return render_screen(request, "appraisal/inspection.html", {"inspection": inspection, "findings": findings})
