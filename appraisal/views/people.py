"""The person's own scorecard (and appeals), a superior's view of someone below them (and the
decisions), and the team overview."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from appraisal.access import get_person_for, is_superior_of
from appraisal.actions.appeals import appeal_deduction, decide_appeal
from appraisal.models import Appeal, Deduction, MonthResult
from appraisal.selectors import reviews_of, scorecard
from appraisal.views._common import month_param, people_below
from appraisal.vocabulary import AppealStatus, month_label, next_month, previous_month
from core.errors import NotFound
from core.web import handles_domain_errors, render_screen


def _render_card(request: HttpRequest, person, *, own: bool) -> HttpResponse:
    month = month_param(request)
    card = scorecard(person, month)
    context = {
        "card": card,
        "person": person,
        "own": own,
        "can_decide": is_superior_of(request.user, person),
        "month": month_label(month),
        "previous": month_label(previous_month(month)),
        "next": month_label(next_month(month)),
        "reviews": reviews_of(person, month),
        "here": "appraisal-mine" if own else "appraisal-team",
        "csrf_input": csrf_input(request),  # made once for the forms of every line
    }
    return render_screen(request, "appraisal/scorecard.html", context)


@require_GET
@handles_domain_errors
def my_scorecard(request: HttpRequest) -> HttpResponse:
    return _render_card(request, request.user, own=True)


@require_GET
@handles_domain_errors
def person_scorecard(request: HttpRequest, username: str) -> HttpResponse:
    person = get_person_for(request.user, username)
    return _render_card(request, person, own=person.pk == request.user.pk)


@require_GET
@handles_domain_errors
def team(request: HttpRequest) -> HttpResponse:
    month = month_param(request)
    below = people_below(request.user)
    results = {r.staff_id: r for r in MonthResult.objects.filter(month=month, staff__in=below)}
    appeals = (
        Appeal.objects.filter(status=AppealStatus.PENDING, appellant__in=below)
        .select_related("deduction", "appellant")
        .order_by("created_at")
    )
    context = {
        "rows": [(person, results.get(person.pk)) for person in below],
        "appeals": appeals,
        "month": month_label(month),
        "previous": month_label(previous_month(month)),
        "next": month_label(next_month(month)),
        "here": "appraisal-team",
    }
    return render_screen(request, "appraisal/team.html", context)


@require_POST
@handles_domain_errors
def appeal(request: HttpRequest, deduction_id: int) -> HttpResponse:
    deduction = Deduction.objects.filter(pk=deduction_id).first()
    if deduction is None:
        raise NotFound()
    appeal_deduction(deduction, reason=request.POST.get("reason", ""), actor=request.user)
    messages.success(request, _("Your appeal has been sent to your superior."))
    return redirect(f"{reverse('appraisal-mine')}?month={month_label(deduction.month)}")


@require_POST
@handles_domain_errors
def decide(request: HttpRequest, appeal_id: int) -> HttpResponse:
    found = Appeal.objects.select_related("deduction", "appellant").filter(pk=appeal_id).first()
    if found is None:
        raise NotFound()
    decide_appeal(
        found, upheld=request.POST.get("upheld") == "1", note=request.POST.get("note", ""), actor=request.user
    )
    messages.success(request, _("The appeal has been decided."))
    url = reverse("appraisal-person", args=[found.appellant.username])
    return redirect(f"{url}?month={month_label(found.deduction.month)}")
