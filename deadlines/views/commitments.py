"""Commitment targets and calendars, in the console for the manager and the administrator (the
Django admin is the administrator's alone). Supervisors and quality inspectors may read them.

Editing a target never touches a promise already made: a version that has set deadlines is kept
and the edit becomes the next version, for new tickets only (deadlines.services.revise_policy).
"""

from datetime import date, time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import InvalidInput
from core.web import done, form_error, handles_domain_errors, render_screen
from deadlines.access import can_edit_commitments, require_edit_commitments, require_read_commitments
from deadlines.calendar_actions import delete_calendar, enter_days, remove_day, save_calendar
from deadlines.forms import CalendarDayForm, CalendarForm, CommitmentForm
from deadlines.models import BusinessCalendar, CalendarDay, CommitmentPolicy
from deadlines.national_holidays import confirm_offered, offered_days
from deadlines.selectors import calendar_days, calendar_years, calendars, commitment_table, policy_history
from deadlines.services import retire_commitment, set_commitment
from tickets.models import RequestSubtype
from tickets.vocabulary import Category

# ── commitment targets ───────────────────────────────────────────────────────────────────────


@require_GET
@handles_domain_errors
def commitments(request: HttpRequest) -> HttpResponse:
    require_read_commitments(request.user)
    category = request.GET.get("category", "")
    if category and category not in Category.values:
        raise InvalidInput(_("Unknown category."), fields={"category": _("Unknown category.")})
    subtype = None
    if request.GET.get("subtype"):
        subtype = RequestSubtype.objects.filter(code=request.GET["subtype"]).first()
        if subtype is None:
            raise InvalidInput(_("Unknown sub-type."), fields={"subtype": _("Unknown sub-type.")})
        category = subtype.category
    retired = request.GET.get("retired") in ("1", "on", "true")
    initial = {}
    editing = None
    if request.GET.get("edit"):
        editing = (
            CommitmentPolicy.objects.filter(pk=request.GET["edit"]).first() if request.GET["edit"].isdigit() else None
        )
        if editing is not None:
            initial = {
                "category": editing.category,
                "subtype": editing.subtype_id,
                "channel": editing.channel,
                "priority": editing.priority,
                "grade": editing.grade,
                "kind": editing.kind,
                "hours": editing.minutes // 60,
                "minutes": editing.minutes % 60,
                "calendar": editing.calendar_id,
                "warn_percent": editing.warn_percent,
            }
    elif category:
        initial = {"category": category, "subtype": subtype.pk if subtype else None}
    context = {
        "policies": commitment_table(category=category or None, include_retired=retired, subtype=subtype),
        "subtype": subtype,
        "categories": Category.choices,
        "category": category,
        "retired": retired,
        "form": CommitmentForm(initial=initial),
        "editing": editing,
        "can_edit": can_edit_commitments(request.user),
        "section": "commitments",
    }
    return render_screen(request, "deadlines/commitments.html", context)


@require_POST
@handles_domain_errors
def commitment_set(request: HttpRequest) -> HttpResponse:
    require_edit_commitments(request.user)
    form = CommitmentForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    data = form.cleaned_data
    policy = set_commitment(
        category=data["category"],
        subtype=data["subtype"],
        channel=data["channel"] or "",
        priority=data["priority"] or "",
        grade=data["grade"] or "",
        kind=data["kind"],
        minutes=data["total_minutes"],
        calendar=data["calendar"],
        warn_percent=data["warn_percent"],
        actor=request.user,
    )
    messages.success(
        request,
        _("Saved as version %(version)s: %(policy)s. Tickets already recorded keep their deadlines.")
        % {"version": policy.version, "policy": policy},
    )
    return done(request, f"{reverse('commitments')}?category={policy.category}")


@require_POST
@handles_domain_errors
def commitment_retire(request: HttpRequest, pk: int) -> HttpResponse:
    require_edit_commitments(request.user)
    policy = get_object_or_404(CommitmentPolicy, pk=pk, is_active=True)
    retire_commitment(policy, actor=request.user)
    messages.success(request, _("%(policy)s no longer applies to new tickets.") % {"policy": policy})
    return done(request, f"{reverse('commitments')}?category={policy.category}")


@require_GET
@handles_domain_errors
def commitment_history(request: HttpRequest, pk: int) -> HttpResponse:
    require_read_commitments(request.user)
    policy = get_object_or_404(CommitmentPolicy, pk=pk)
    context = {"policy": policy, "versions": policy_history(policy), "section": "commitments"}
    return render_screen(request, "deadlines/commitment_history.html", context)


# ── calendars: business hours, holidays and make-up days per year ───────────────────────────


@require_GET
@handles_domain_errors
def calendar_screen(request: HttpRequest) -> HttpResponse:
    require_read_commitments(request.user)
    this_year = timezone.localdate().year
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else this_year
    years = sorted(set(calendar_years()) | {this_year, this_year + 1, year})
    editing = None
    if request.GET.get("calendar", "").isdigit():
        editing = BusinessCalendar.objects.filter(pk=request.GET["calendar"]).first()
    calendar_initial = {"weekdays": list("12345"), "day_start": time(8, 30), "day_end": time(17, 30)}
    if editing is not None:
        calendar_initial = {
            "name": editing.name,
            "around_the_clock": editing.around_the_clock,
            "day_start": editing.day_start,
            "day_end": editing.day_end,
            "weekdays": list(editing.weekdays),
        }
    context = {
        "calendars": calendars(),
        "days": calendar_days(year),
        "year": year,
        "years": years,
        "day_form": CalendarDayForm(initial={"first": date(year, 1, 1) if year != this_year else None}),
        "calendar_form": CalendarForm(initial=calendar_initial),
        "editing": editing,
        "can_edit": can_edit_commitments(request.user),
        "section": "calendars",
        # C1: the State Council's schedule, offered for the manager to confirm (national_holidays).
        "offered": offered_days(year),
    }
    return render_screen(request, "deadlines/calendars.html", context)


@require_POST
@handles_domain_errors
def calendar_offer_confirm(request: HttpRequest) -> HttpResponse:
    require_edit_commitments(request.user)
    raw_year = request.POST.get("year", "")
    if not (raw_year.isdigit() and 2000 <= int(raw_year) <= 2100):
        raise InvalidInput(_("Choose a year."), fields={"year": _("Not a year.")})
    days = confirm_offered(int(raw_year), actor=request.user)
    messages.success(request, _("%(count)s days entered.") % {"count": len(days)})
    return done(request, f"{reverse('calendars')}?year={raw_year}")


@require_POST
@handles_domain_errors
def calendar_days_add(request: HttpRequest) -> HttpResponse:
    require_edit_commitments(request.user)
    form = CalendarDayForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    data = form.cleaned_data
    days = enter_days(first=data["first"], last=data["last"], kind=data["kind"], name=data["name"], actor=request.user)
    messages.success(request, _("%(count)s days entered.") % {"count": len(days)})
    return done(request, f"{reverse('calendars')}?year={data['first'].year}")


@require_POST
@handles_domain_errors
def calendar_day_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_edit_commitments(request.user)
    day = get_object_or_404(CalendarDay, pk=pk)
    remove_day(day, actor=request.user)
    messages.success(request, _("%(day)s removed.") % {"day": day})
    return done(request, f"{reverse('calendars')}?year={day.date.year}")


@require_POST
@handles_domain_errors
def calendar_save(request: HttpRequest) -> HttpResponse:
    require_edit_commitments(request.user)
    calendar = None
    if request.POST.get("calendar_id", "").isdigit():
        calendar = get_object_or_404(BusinessCalendar, pk=request.POST["calendar_id"])
    form = CalendarForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    data = form.cleaned_data
    calendar = save_calendar(
        calendar,
        name=data["name"],
        around_the_clock=data["around_the_clock"],
        day_start=data["day_start"],
        day_end=data["day_end"],
        weekdays="".join(data["weekdays"]) or "1234567",
        actor=request.user,
    )
    messages.success(request, _("Calendar %(name)s saved.") % {"name": calendar.name})
    return done(request, reverse("calendars"))


@require_POST
@handles_domain_errors
def calendar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_edit_commitments(request.user)
    calendar = get_object_or_404(BusinessCalendar, pk=pk)
    delete_calendar(calendar, actor=request.user)
    messages.success(request, _("Calendar %(name)s deleted.") % {"name": calendar.name})
    return done(request, reverse("calendars"))
