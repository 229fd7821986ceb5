"""The request sub-types under each category (A2), kept by the manager beside the commitments
they may carry: add, rename, reorder, deactivate. Readers of the commitments may look."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.web import done, handles_domain_errors, render_screen
from deadlines.access import can_edit_commitments, require_edit_commitments, require_read_commitments
from tickets.actions import add_subtype, move_subtype, rename_subtype, set_subtype_active
from tickets.models import RequestSubtype
from tickets.vocabulary import Category


def _back() -> str:
    # No #fragment: htmx's redirect to the same page with only a fragment would scroll, not reload.
    return reverse("subtypes")


@require_GET
@handles_domain_errors
def subtypes(request: HttpRequest) -> HttpResponse:
    require_read_commitments(request.user)
    rows = RequestSubtype.objects.annotate(
        commitment_count=Count("policies", filter=Q(policies__is_active=True))
    ).order_by("category", "position", "id")
    by_category = {value: [] for value in Category.values}
    for row in rows:
        by_category[row.category].append(row)
    context = {
        "groups": [(value, label, by_category[value]) for value, label in Category.choices],
        "categories": Category.choices,
        "can_edit": can_edit_commitments(request.user),
        "section": "subtypes",
    }
    return render_screen(request, "deadlines/subtypes.html", context)


@require_POST
@handles_domain_errors
def subtype_add(request: HttpRequest) -> HttpResponse:
    require_edit_commitments(request.user)
    subtype = add_subtype(
        actor=request.user,
        category=request.POST.get("category", ""),
        name=request.POST.get("name", ""),
        code=request.POST.get("code", ""),
    )
    messages.success(request, _("Sub-type %(name)s added.") % {"name": subtype})
    return done(request, _back())


@require_POST
@handles_domain_errors
def subtype_rename(request: HttpRequest, pk: int) -> HttpResponse:
    require_edit_commitments(request.user)
    subtype = rename_subtype(
        get_object_or_404(RequestSubtype, pk=pk), actor=request.user, name=request.POST.get("name", "")
    )
    messages.success(request, _("Saved: %(name)s.") % {"name": subtype})
    return done(request, _back())


@require_POST
@handles_domain_errors
def subtype_active(request: HttpRequest, pk: int) -> HttpResponse:
    require_edit_commitments(request.user)
    active = request.POST.get("active") == "1"
    subtype = set_subtype_active(get_object_or_404(RequestSubtype, pk=pk), actor=request.user, active=active)
    if active:
        messages.success(request, _("%(name)s is offered again for new requests.") % {"name": subtype})
    else:
        messages.success(
            request,
            _("%(name)s is no longer offered for new requests; tickets recorded under it keep it.") % {"name": subtype},
        )
    return done(request, _back())


@require_POST
@handles_domain_errors
def subtype_move(request: HttpRequest, pk: int) -> HttpResponse:
    require_edit_commitments(request.user)
    move_subtype(get_object_or_404(RequestSubtype, pk=pk), actor=request.user, up=request.POST.get("up") == "1")
    return done(request, _back())
