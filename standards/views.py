"""Service language in the console: the live check behind static/js/guard.js, the phrase picker,
the call scripts on the intake screen, and the manager's screen of both lists."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import LEAD_ROLES
from core.web import done, handles_domain_errors, render_screen
from standards import actions
from standards.models import ForbiddenPhrase, Phrase, PhraseOverride, Situation
from standards.phrases import VARIABLES
from standards.selectors import call_scripts, filled_phrases
from tickets.access import get_ticket_for_staff

TEMPLATE = "standards/manage.html"
OVERRIDES_SHOWN = 50


def _labels() -> dict:
    """The words static/js/guard.js shows, in the user's language."""
    return {
        "warning": _("Forbidden phrases: the customer must not read these"),
        "advice": _("say instead"),
        "replace": _("Use the advice"),
        "reason": _("Reason to send it anyway (recorded)"),
        "pick": _("Insert a standard phrase…"),
    }


@require_POST
@handles_domain_errors
def check(request: HttpRequest) -> HttpResponse:
    """The live check as the agent types (J1): same answer as POST /api/v1/language/check."""
    hits = actions.check_text(request.POST.get("text", ""))
    return JsonResponse({"ok": not hits, "hits": [hit.as_dict() for hit in hits], "labels": _labels()})


@require_GET
@handles_domain_errors
def picker(request: HttpRequest) -> HttpResponse:
    """The library filled in for this agent (and ticket), for the picker and the /code shortcut."""
    number = request.GET.get("ticket", "")
    ticket = get_ticket_for_staff(request.user, number) if number else None
    return JsonResponse({"phrases": filled_phrases(request.user, ticket=ticket), "labels": _labels()})


@require_GET
@handles_domain_errors
def scripts(request: HttpRequest) -> HttpResponse:
    """Greeting, identity check and closing scripts for the intake screen (E2, J2)."""
    return render_screen(request, "standards/scripts.html", {"scripts": call_scripts(request.user)}, partial="scripts")


def _context(request: HttpRequest, **extra) -> dict:
    is_editor = request.user.role in LEAD_ROLES
    context = {
        "phrases": Phrase.objects.order_by("situation", "position", "code"),
        "forbidden": ForbiddenPhrase.objects.order_by("phrase"),
        "situations": Situation.choices,
        "variables": VARIABLES.items(),
        "is_editor": is_editor,
        "overrides": PhraseOverride.objects.select_related("staff", "ticket")[:OVERRIDES_SHOWN] if is_editor else [],
    }
    context.update(extra)
    return context


@require_GET
@handles_domain_errors
def manage(request: HttpRequest) -> HttpResponse:
    return render_screen(request, TEMPLATE, _context(request))


def _flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name, "") in ("on", "true", "1")


@require_POST
@handles_domain_errors
def forbidden_save(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    row = actions.save_forbidden_phrase(
        phrase=request.POST.get("phrase", ""),
        advice=request.POST.get("advice", ""),
        allowed=request.POST.get("allowed", ""),
        is_active=pk is None or _flag(request, "is_active"),
        actor=request.user,
        pk=pk,
    )
    messages.success(request, _("Forbidden phrase 「%(phrase)s」 saved.") % {"phrase": row.phrase})
    return done(request, reverse("standards") + "#forbidden")


@require_POST
@handles_domain_errors
def forbidden_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(ForbiddenPhrase, pk=pk)
    actions.delete_forbidden_phrase(row.pk, actor=request.user)
    messages.success(request, _("Forbidden phrase 「%(phrase)s」 removed.") % {"phrase": row.phrase})
    return done(request, reverse("standards") + "#forbidden")


@require_POST
@handles_domain_errors
def phrase_save(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    position = request.POST.get("position", "0")
    row = actions.save_phrase(
        code=request.POST.get("code", ""),
        situation=request.POST.get("situation", ""),
        text=request.POST.get("text", ""),
        position=int(position) if position.isdigit() else 0,
        is_active=pk is None or _flag(request, "is_active"),
        actor=request.user,
        pk=pk,
    )
    messages.success(request, _("Standard phrase %(code)s saved.") % {"code": row.code})
    return done(request, reverse("standards"))


@require_http_methods(["POST"])
@handles_domain_errors
def phrase_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Phrase, pk=pk)
    actions.delete_phrase(row.pk, actor=request.user)
    messages.success(request, _("Standard phrase %(code)s removed.") % {"code": row.code})
    return done(request, reverse("standards"))
