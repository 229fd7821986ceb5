"""Reads of knowledge: who sees which article, the price in force on a day, a ticket's charges."""

from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import LEAD_ROLES, Role, Staff
from knowledge.models import Article, ArticleState, Charge, ServiceItem
from knowledge.search import filter_articles
from tickets.search import tokens


def visible_articles(user: Staff | None) -> QuerySet:
    """Public articles for everyone (the portal too); staff-only ones for staff; drafts for the
    manager and supervisors, who publish them."""
    qs = Article.objects.all()
    if user is None or not user.is_authenticated:
        return qs.filter(state=ArticleState.PUBLIC)
    if user.role in LEAD_ROLES or user.role == Role.ADMIN:
        return qs
    return qs.filter(state__in=(ArticleState.STAFF, ArticleState.PUBLIC))


def search_articles(user: Staff | None, query: str = "", *, category: str = "") -> QuerySet:
    qs = filter_articles(visible_articles(user), query)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("category", "title", "id")


def in_force(day: date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def price_list(day: date) -> QuerySet:
    """Every item with its version in force on `day`."""
    return ServiceItem.objects.filter(in_force(day)).order_by("-paid", "code")


def item_in_force(code: str, day: date) -> ServiceItem | None:
    return ServiceItem.objects.filter(in_force(day), code=code).order_by("-version").first()


# Read with the ticket itself (tickets.access.get_ticket_for_staff's `annotate`): a ticket without
# charges then costs no query for them.
HAS_CHARGES = {"has_charges": Exists(Charge.objects.filter(ticket=OuterRef("pk")))}


def ticket_charges(ticket) -> tuple[list[Charge], Decimal]:
    if getattr(ticket, "has_charges", True) is False:
        return [], Decimal("0.00")
    charges = list(Charge.objects.filter(ticket=ticket).select_related("recorded_by").order_by("recorded_at", "id"))
    return charges, sum((c.amount for c in charges), Decimal("0.00"))


def suggest_articles(user: Staff | None, text: str, *, limit: int = 5) -> list[Article]:
    """Articles sharing the most two-character words with what the caller is saying (J3), for
    the intake screen. Scored in Python over the visible articles' tokens: a knowledge base is
    hundreds of articles, and a request is a sentence, not a keyword to index-search."""
    wanted = set(tokens(text or "")[:400])
    if not wanted:
        return []
    scored = []
    for article in visible_articles(user).exclude(state=ArticleState.DRAFT):
        title = set(tokens(article.title))
        score = len(wanted & set(article.search_tokens.split())) + len(wanted & title)
        if score >= 2:
            scored.append((-score, article.title, article))
    scored.sort(key=lambda row: row[:2])
    return [article for _score, _title, article in scored[:limit]]
