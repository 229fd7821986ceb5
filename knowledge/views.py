"""Knowledge in the console: the articles (search, write, publish, an answer becoming one), the
suggestions beside the request being typed, the price list, and a ticket's charges."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import INTAKE_ROLES, LEAD_ROLES
from core.errors import InvalidInput
from core.web import done, handles_domain_errors, paginate, render_screen, with_messages
from knowledge import actions
from knowledge.models import ArticleCategory, ArticleState, ServiceItem
from knowledge.selectors import price_list, search_articles, suggest_articles, ticket_charges, visible_articles
from tickets.access import get_ticket_for_staff


def _context(request: HttpRequest) -> dict:
    return {
        "categories": ArticleCategory.choices,
        "states": ArticleState.choices,
        "is_lead": request.user.role in LEAD_ROLES,
        "may_write": request.user.role in INTAKE_ROLES,
    }


@require_GET
@handles_domain_errors
def article_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "")
    page = paginate(request, search_articles(request.user, q, category=category))
    context = {**_context(request), "page": page, "q": q, "category": category}
    return render_screen(request, "knowledge/list.html", context, partial="results")


@require_GET
@handles_domain_errors
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(visible_articles(request.user), pk=pk)
    return render_screen(request, "knowledge/detail.html", {**_context(request), "article": article})


@require_POST
@handles_domain_errors
def article_save(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    article = actions.save_article(
        title=request.POST.get("title", ""),
        body=request.POST.get("body", ""),
        category=request.POST.get("category", ""),
        state=request.POST.get("state", ArticleState.DRAFT),
        actor=request.user,
        pk=pk,
    )
    messages.success(request, _("Article saved."))
    return done(request, reverse("article-detail", args=[article.pk]))


@require_POST
@handles_domain_errors
def article_from_ticket(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    article = actions.article_from_ticket(ticket, actor=request.user)
    messages.success(request, _("The answer is saved as a draft article for a supervisor to publish."))
    return done(request, reverse("article-detail", args=[article.pk]))


@require_GET
@handles_domain_errors
def suggest(request: HttpRequest) -> HttpResponse:
    """Beside the request being typed (intake) or the answer being written (ticket page)."""
    text = request.GET.get("content", "")[:2000]
    context = {"suggestions": suggest_articles(request.user, text), "insert": request.GET.get("insert", "")}
    return render_screen(request, "knowledge/suggest.html", context, partial="suggest")


# ---- price list ---------------------------------------------------------------------------


@require_GET
@handles_domain_errors
def items(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "items": price_list(today),
        "history": ServiceItem.objects.order_by("code", "-version")[:300],
        "is_lead": request.user.role in LEAD_ROLES,
        "today": today,
    }
    return render_screen(request, "knowledge/items.html", context)


def _date(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            _("Please correct the marked fields."), fields={field: _("Use a date like 2026-12-01.")}
        ) from None


@require_POST
@handles_domain_errors
def item_save(request: HttpRequest) -> HttpResponse:
    item = actions.save_service_item(
        code=request.POST.get("code", ""),
        name=request.POST.get("name", ""),
        paid=request.POST.get("paid", "") in ("on", "true", "1"),
        price=request.POST.get("price", "") or "0",
        unit=request.POST.get("unit", ""),
        effective_from=_date(request.POST.get("effective_from", ""), "effective_from"),
        note=request.POST.get("note", ""),
        actor=request.user,
    )
    messages.success(
        request, _("Price of %(name)s saved (version %(version)s).") % {"name": item.name, "version": item.version}
    )
    return done(request, reverse("service-items"))


# ---- a ticket's charges -------------------------------------------------------------------


def _charges_panel(request: HttpRequest, ticket) -> HttpResponse:
    charges, total = ticket_charges(ticket)
    context = {
        "ticket": ticket,
        "charges": charges,
        "total": total,
        "items": price_list(actions.work_date_of(ticket)),
        "may_charge": ticket.status in actions.CHARGEABLE and actions._may_charge(ticket, request.user),
    }
    return render_screen(request, "knowledge/charges.html", context, partial="charges")


@require_GET
@handles_domain_errors
def charges(request: HttpRequest, number: str) -> HttpResponse:
    return _charges_panel(request, get_ticket_for_staff(request.user, number))


@require_POST
@handles_domain_errors
def charge_add(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    actions.record_charge(
        ticket, item=request.POST.get("item", ""), quantity=request.POST.get("quantity", ""), actor=request.user
    )
    messages.success(request, _("Item recorded."))
    return with_messages(request, _charges_panel(request, get_ticket_for_staff(request.user, number)))


@require_POST
@handles_domain_errors
def charge_remove(request: HttpRequest, number: str, charge_id: int) -> HttpResponse:
    ticket = get_ticket_for_staff(request.user, number)
    actions.remove_charge(ticket, charge_id, actor=request.user)
    messages.success(request, _("Item removed."))
    return with_messages(request, _charges_panel(request, get_ticket_for_staff(request.user, number)))


# ---- the portal's public articles ---------------------------------------------------------


@require_GET
def portal_articles(request: HttpRequest) -> HttpResponse:
    """Public articles for customers (safety knowledge, frequent questions, fees), no login."""
    q = request.GET.get("q", "").strip()[:100]
    articles = search_articles(None, q)[:50]
    return render_screen(request, "knowledge/portal.html", {"articles": articles, "q": q})
