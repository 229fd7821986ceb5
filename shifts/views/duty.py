"""Who is on duty (the header), the month's roster, rotations, adjustments and swaps."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import INTAKE_ROLES, LEAD_ROLES, Role, Staff
from core.errors import InvalidInput, NotFound
from core.web import done, handles_domain_errors, render_screen
from deadlines.models import CalendarDay, DayKind
from shifts import actions, selectors
from shifts.actions.roster import _month
from shifts.models import RosterEntry, ShiftTemplate, SwapRequest, SwapStatus


@require_GET
def duty_header(request: HttpRequest) -> HttpResponse:
    """The top bar's fragment: on duty now and next, and what waits for the reader from a handover."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    now = timezone.now()
    context = {
        "now_on": list(selectors.duty_entries(at=now)),
        "next_on": selectors.next_duty(at=now),
        "pending": selectors.pending_for(request.user).count(),
        "carried": len(selectors.still_open(list(selectors.carried_items(request.user)))),
    }
    return render(request, "shifts/header_fragment.html", context)


def _staff(username: str, field: str) -> Staff:
    person = Staff.objects.filter(username=username).first()
    if person is None:
        raise InvalidInput(
            _("There is no staff member %(username)s.") % {"username": username[:50]},
            fields={field: _("Unknown staff.")},
        )
    return person


@require_GET
@handles_domain_errors
def roster(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    month = request.GET.get("month") or today.strftime("%Y-%m")
    first, last = _month(month)
    rows = selectors.month_roster(first, last)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    grid: dict[int, dict] = {}
    people: dict[int, Staff] = {}
    for entry in rows:
        people[entry.staff_id] = entry.staff
        grid.setdefault(entry.staff_id, {})[entry.day] = entry
    weekdays = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    off = _days_off(days)
    heads = [(day, weekdays[day.weekday()], off.get(day, "")) for day in days]
    table = [
        (people[pk], [(grid[pk].get(day), off.get(day, "")) for day in days])
        for pk in sorted(people, key=lambda p: people[p].work_number)
    ]
    is_lead = request.user.role in LEAD_ROLES or request.user.role == Role.ADMIN
    context = {
        "month": month,
        "previous": (first - timedelta(days=1)).strftime("%Y-%m"),
        "following": (last + timedelta(days=1)).strftime("%Y-%m"),
        "heads": heads,
        "today": today,
        "table": table,
        "templates": ShiftTemplate.objects.filter(is_active=True),
        "staff": Staff.objects.filter(is_active=True, role__in=list(INTAKE_ROLES) + [Role.FIELD]).order_by(
            "work_number"
        ),
        "is_lead": is_lead,
        "swaps": SwapRequest.objects.select_related(
            "requester", "colleague", "entry__template", "colleague_entry__template"
        )
        .filter(status=SwapStatus.PENDING)
        .order_by("asked_at"),
        "my_entries": RosterEntry.objects.filter(staff=request.user, day__gte=today)
        .select_related("template")
        .order_by("day")[:14],
        "weekdays": weekdays,
    }
    return render_screen(request, "shifts/roster.html", context)


def _days_off(days: list) -> dict:
    """The month's days off, for shading the roster: "holiday" for a public holiday, "weekend" for
    a Saturday or Sunday that is not a make-up working day (调休), from the holiday table the
    business calendars use (deadlines.CalendarDay)."""
    kinds = dict(CalendarDay.objects.filter(date__range=(days[0], days[-1])).values_list("date", "kind"))
    off = {}
    for day in days:
        if kinds.get(day) == DayKind.HOLIDAY:
            off[day] = "holiday"
        elif day.weekday() >= 5 and kinds.get(day) != DayKind.WORKDAY:
            off[day] = "weekend"
    return off


@require_POST
@handles_domain_errors
def roster_rotation(request: HttpRequest) -> HttpResponse:
    month = request.POST.get("month", "")
    templates = {t.code: t for t in ShiftTemplate.objects.filter(is_active=True)}
    rotation = {}
    for username in request.POST.getlist("staff"):
        person = _staff(username, "staff")
        week = []
        for n in range(7):
            code = request.POST.get(f"d{n}", "")
            if code and code not in templates:
                raise InvalidInput(_("Unknown shift."), fields={f"d{n}": _("Unknown shift.")})
            week.append(templates.get(code))
        rotation[person] = week
    if not rotation:
        raise InvalidInput(_("Choose the people this rotation is for."), fields={"staff": _("Required.")})
    created = actions.apply_rotation(actor=request.user, month=month, rotation=rotation)
    messages.success(request, _("%(count)s shifts entered.") % {"count": created})
    return done(request, reverse("roster") + f"?month={month}")


@require_POST
@handles_domain_errors
def roster_day(request: HttpRequest) -> HttpResponse:
    day = parse_date(request.POST.get("day", "") or "")
    if day is None:
        raise InvalidInput(_("Choose a day."), fields={"day": _("Required.")})
    code = request.POST.get("shift", "")
    template = ShiftTemplate.objects.filter(code=code, is_active=True).first() if code else None
    if code and template is None:
        raise InvalidInput(_("Unknown shift."), fields={"shift": _("Unknown shift.")})
    actions.set_roster_day(
        actor=request.user, staff=_staff(request.POST.get("staff", ""), "staff"), day=day, template=template
    )
    messages.success(request, _("The roster is changed."))
    return done(request, reverse("roster") + f"?month={day:%Y-%m}")


@require_POST
@handles_domain_errors
def swap_ask(request: HttpRequest) -> HttpResponse:
    day = parse_date(request.POST.get("day", "") or "")
    entry = RosterEntry.objects.filter(staff=request.user, day=day).first() if day else None
    if entry is None:
        raise InvalidInput(_("You have no shift that day."), fields={"day": _("No shift.")})
    colleague = _staff(request.POST.get("colleague", ""), "colleague")
    other_day = parse_date(request.POST.get("colleague_day", "") or "")
    other = RosterEntry.objects.filter(staff=colleague, day=other_day).first() if other_day else None
    actions.ask_swap(
        actor=request.user,
        entry=entry,
        colleague=colleague,
        colleague_entry=other,
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, _("Swap asked: the supervisor decides."))
    return done(request, reverse("roster"))


@require_POST
@handles_domain_errors
def swap_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    swap = SwapRequest.objects.filter(pk=pk).first()
    if swap is None:
        raise NotFound()
    if decision == "approve":
        actions.approve_swap(swap, actor=request.user)
        messages.success(request, _("Swap approved."))
    else:
        actions.reject_swap(swap, actor=request.user)
        messages.success(request, _("Swap rejected."))
    return done(request, reverse("roster"))
