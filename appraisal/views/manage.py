"""The manager's screens: the month's results (compute, confirm, export for payroll), the
scorecards and the rules."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from appraisal.access import require_manager
from appraisal.actions.months import confirm_month
from appraisal.actions.scorecards import change_rule, revise_scorecard
from appraisal.api import xlsx_response
from appraisal.compute import compute_month
from appraisal.export import month_workbook
from appraisal.models import MonthConfirmation, MonthRun, Rule, Scorecard
from appraisal.selectors import month_results
from appraisal.sources import SOURCES
from appraisal.views._common import month_param
from appraisal.vocabulary import Track, month_label, next_month, parse_month, previous_month
from core.errors import Forbidden, NotFound
from core.web import handles_domain_errors, render_screen

CATEGORY_ROWS = 12


def _require_results_reader(user) -> None:
    if user.role not in (Role.MANAGER, Role.ADMIN):
        raise Forbidden()


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def months(request: HttpRequest) -> HttpResponse:
    _require_results_reader(request.user)
    month = month_param(request, previous_month(timezone.localdate().replace(day=1)))
    if request.method == "POST":
        require_manager(request.user)
        outcome = compute_month(month)
        if outcome.skipped:
            messages.info(request, _("This month is confirmed: nothing was recomputed."))
        else:
            messages.success(request, _("Computed %(people)s scorecards.") % {"people": outcome.people})
        return redirect(f"{reverse('appraisal-months')}?month={month_label(month)}")
    context = {
        "results": month_results(month),
        "month": month_label(month),
        "previous": month_label(previous_month(month)),
        "next": month_label(next_month(month)),
        "confirmation": MonthConfirmation.objects.filter(month=month).select_related("confirmed_by").first(),
        "run": MonthRun.objects.filter(month=month).first(),
        "over": month < timezone.localdate().replace(day=1),
        "here": "appraisal-months",
    }
    return render_screen(request, "appraisal/months.html", context)


@require_POST
@handles_domain_errors
def confirm(request: HttpRequest, month: str) -> HttpResponse:
    first = parse_month(month)
    confirm_month(first, actor=request.user)
    messages.success(request, _("%(month)s confirmed: the month is frozen.") % {"month": month_label(first)})
    return redirect(f"{reverse('appraisal-months')}?month={month_label(first)}")


@require_GET
@handles_domain_errors
def export(request: HttpRequest, month: str) -> HttpResponse:
    _require_results_reader(request.user)
    first = parse_month(month)
    return xlsx_response(month_workbook(first), f"appraisal-{month_label(first)}.xlsx")


def _rows(post) -> list[dict]:
    rows = []
    for n in range(CATEGORY_ROWS):
        code = post.get(f"code_{n}", "").strip()
        if not code:
            continue
        rows.append(
            {
                "code": code,
                "name": post.get(f"name_{n}", ""),
                "max": post.get(f"max_{n}", ""),
                "general": post.get(f"general_{n}", ""),
                "serious": post.get(f"serious_{n}", ""),
                "is_cause": post.get(f"cause_{n}") == "1",
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def scorecards(request: HttpRequest) -> HttpResponse:
    _require_results_reader(request.user)
    this_month = timezone.localdate().replace(day=1)
    if request.method == "POST":
        card = revise_scorecard(
            request.POST.get("track", ""),
            categories=_rows(request.POST),
            effective_from=parse_month(request.POST.get("effective_from", ""), "effective_from"),
            actor=request.user,
        )
        messages.success(
            request,
            _("Version %(version)s saved, in force from %(month)s.")
            % {"version": card.version, "month": month_label(card.effective_from)},
        )
        return redirect("appraisal-scorecards")
    current = [(track, label, Scorecard.objects.in_force(track, this_month)) for track, label in Track.choices]
    context = {
        "current": current,
        "history": Scorecard.objects.select_related("created_by").order_by("track", "-version"),
        "rows": range(CATEGORY_ROWS),
        "this_month": month_label(this_month),
        "is_manager": request.user.role == Role.MANAGER,
        "here": "appraisal-scorecards",
    }
    return render_screen(request, "appraisal/scorecards.html", context)


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def rules(request: HttpRequest) -> HttpResponse:
    _require_results_reader(request.user)
    if request.method == "POST":
        rule = (
            Rule.objects.filter(pk=request.POST.get("rule") or 0).first()
            if request.POST.get("rule", "").isdigit()
            else None
        )
        if rule is None:
            raise NotFound()
        change_rule(
            rule,
            points=request.POST.get("points", ""),
            category=request.POST.get("category", ""),
            threshold=request.POST.get("threshold") or None,
            cap=request.POST.get("cap") or None,
            is_active=request.POST.get("is_active") == "1",
            actor=request.user,
        )
        messages.success(request, _("Rule saved; the next computation applies it."))
        return redirect("appraisal-rules")
    this_month = timezone.localdate().replace(day=1)
    cards = {t: Scorecard.objects.in_force(t, this_month) for t in Track.values}
    rows = [
        (rule, SOURCES.get(rule.source), cards.get(rule.track))
        for rule in Rule.objects.all().order_by("track", "kind", "source")
    ]
    context = {"rows": rows, "is_manager": request.user.role == Role.MANAGER, "here": "appraisal-rules"}
    return render_screen(request, "appraisal/rules.html", context)
