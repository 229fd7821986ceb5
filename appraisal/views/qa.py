"""The QA screens (质检): draw the month's samples, score a ticket or callback, a review with
its advice, the agent's dispute and its decision."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role, Staff
from appraisal.access import QA_ROLES, get_person_for, require_qa
from appraisal.actions import qa as actions
from appraisal.models import QaCriterion, QaReview, QaSample
from appraisal.views._common import month_param
from appraisal.vocabulary import month_label
from callbacks.models import Callback
from core.errors import InvalidInput, NotFound
from core.web import handles_domain_errors, render_screen
from tickets.access import get_ticket_for_staff


def _int(value: str, field: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise InvalidInput(_("Enter a whole number."), fields={field: _("Must be a whole number.")})
    return int(value)


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def qa_home(request: HttpRequest) -> HttpResponse:
    require_qa(request.user)
    month = month_param(request)
    if request.method == "POST":
        username = request.POST.get("staff", "")
        person = Staff.objects.filter(username=username).first() if username else None
        if username and person is None:
            raise InvalidInput(_("No staff member has this username."), fields={"staff": _("Unknown staff member.")})
        samples = actions.draw_samples(
            month,
            staff=person,
            size=_int(request.POST.get("size", ""), "size"),
            seed=_int(request.POST.get("seed", ""), "seed"),
            actor=request.user,
        )
        messages.success(request, _("Sample drawn with seed %(seed)s.") % {"seed": samples[0].seed if samples else "—"})
        return redirect(f"{request.path}?month={month_label(month)}")
    samples = (
        QaSample.objects.filter(month=month)
        .select_related("staff")
        .prefetch_related("items__ticket")
        .order_by("-created_at")[:30]
    )
    reviewed = set(QaReview.objects.filter(month=month).values_list("ticket_id", "callback_id"))
    context = {
        "month": month_label(month),
        "criteria": QaCriterion.objects.filter(is_active=True),
        "samples": samples,
        "reviewed": reviewed,
        "people": Staff.objects.filter(is_active=True, role__in=actions.SAMPLED_ROLES).order_by("work_number"),
        "reviews": QaReview.objects.filter(month=month).select_related("ticket", "staff", "reviewer")[:50],
        "here": "qa-home",
    }
    return render_screen(request, "appraisal/qa.html", context)


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def review_form(request: HttpRequest, number: str) -> HttpResponse:
    require_qa(request.user)
    ticket = get_ticket_for_staff(request.user, number)
    callback_id = _int(request.POST.get("callback") or request.GET.get("callback", ""), "callback")
    callback = Callback.objects.filter(pk=callback_id, ticket=ticket).first() if callback_id else None
    if callback_id and callback is None:
        raise NotFound()
    criteria = list(QaCriterion.objects.filter(is_active=True))
    if request.method == "POST":
        scores = {}
        for criterion in criteria:
            raw = request.POST.get(f"score_{criterion.code}", "").strip()
            try:
                scores[criterion.code] = float(raw) if "." in raw else int(raw)
            except ValueError:
                scores[criterion.code] = raw
        review = actions.review(
            ticket, scores=scores, advice=request.POST.get("advice", ""), callback=callback, actor=request.user
        )
        messages.success(request, _("Review saved."))
        return redirect("qa-review", review_id=review.pk)
    context = {"ticket": ticket, "callback": callback, "criteria": criteria, "here": "qa-home"}
    return render_screen(request, "appraisal/qa_review_form.html", context)


def _review_for(request: HttpRequest, review_id: int) -> QaReview:
    review = QaReview.objects.select_related("ticket", "staff", "reviewer").filter(pk=review_id).first()
    if review is None:
        raise NotFound()
    if request.user.role not in QA_ROLES:
        get_person_for(request.user, review.staff.username)
    return review


@require_GET
@handles_domain_errors
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review_for(request, review_id)
    names = {c.code: c for c in QaCriterion.objects.all()}
    context = {
        "review": review,
        "lines": [(names.get(code), code, score) for code, score in review.scores.items()],
        "own": review.staff_id == request.user.pk,
        "can_decide": request.user.role in (Role.MANAGER, Role.SUPERVISOR)
        and request.user.pk not in (review.staff_id, review.reviewer_id),
        "month": month_label(review.month),
        "here": "qa-home" if request.user.role in QA_ROLES else "appraisal-mine",
        "today": timezone.localdate(),
    }
    return render_screen(request, "appraisal/qa_review.html", context)


@require_POST
@handles_domain_errors
def review_step(request: HttpRequest, review_id: int, step: str) -> HttpResponse:
    review = _review_for(request, review_id)
    if step == "dispute":
        actions.dispute(review, reason=request.POST.get("reason", ""), actor=request.user)
        messages.success(request, _("Your dispute has been recorded."))
    elif step == "decide":
        actions.decide_dispute(review, upheld=request.POST.get("upheld") == "1", actor=request.user)
        messages.success(request, _("The dispute has been decided."))
    else:
        raise NotFound()
    return redirect("qa-review", review_id=review.pk)
