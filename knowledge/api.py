"""Knowledge API (API.md: GET knowledge, GET service-items, POST tickets/{number}/charges)."""

import datetime
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from core.schemas import StrictIn, Text, reject_unknown_params
from deadlines.models import Deadline
from knowledge import actions
from knowledge.selectors import HAS_CHARGES, price_list, search_articles, ticket_charges
from tickets.access import get_ticket_for_staff
from tickets.schemas import TicketOut

articles_router = Router()
items_router = Router()
charges_router = Router()


class ArticleQuery(Schema):
    q: str = Field("", max_length=100)
    category: str = ""
    page: int = Field(1, ge=1, le=10000)


class ArticleOut(Schema):
    id: int
    title: str
    body: str
    category: str
    state: str


class ArticlePage(Schema):
    items: list[ArticleOut]
    count: int
    page: int
    page_size: int


class ArticleIn(StrictIn):
    title: Text(200, min_length=1)
    body: Text(10000, min_length=1)
    category: Text(10, min_length=1)
    state: Text(10) = "draft"


class ItemQuery(Schema):
    date: datetime.date | None = Field(
        None, description="The price list in force on this day (YYYY-MM-DD); today when omitted."
    )


class ItemOut(Schema):
    code: str
    name: str
    paid: bool
    price: str = Field(description="Yuan as a decimal string, e.g. '30.00'.")
    unit: str
    version: int
    effective_from: date
    effective_to: date | None

    @staticmethod
    def resolve_price(obj) -> str:
        return str(obj.price)


class ItemIn(StrictIn):
    code: Text(30, min_length=1)
    name: Text(100, min_length=1)
    paid: bool
    price: str | int | float = Field(description="Yuan; a decimal string is safest, e.g. '30.00'.")
    unit: Text(20, min_length=1)
    effective_from: date | None = None
    note: Text(200) = ""


class ChargeIn(StrictIn):
    item: Text(30, min_length=1) = Field(description="The service item's code.")
    quantity: str | int | float = Field(description="More than 0, at most two decimals.")
    work_date: date | None = Field(None, description="The day of the work; by default the day it started.")


class ChargeOut(Schema):
    id: int
    item: str
    name: str
    paid: bool
    unit: str
    unit_price: str
    quantity: str
    amount: str
    work_date: date
    recorded_by: str

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.code

    @staticmethod
    def resolve_unit_price(obj) -> str:
        return str(obj.unit_price)

    @staticmethod
    def resolve_quantity(obj) -> str:
        return str(obj.quantity.normalize()) if obj.quantity == obj.quantity.to_integral() else str(obj.quantity)

    @staticmethod
    def resolve_amount(obj) -> str:
        return str(obj.amount)

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return obj.recorded_by.username


class TicketChargesOut(TicketOut):
    charges: list[ChargeOut]
    charges_total: str = Field(description="The sum of the charges' amounts, yuan as a decimal string.")

    @staticmethod
    def resolve_charges(obj) -> list:
        return obj.charge_list

    @staticmethod
    def resolve_charges_total(obj) -> str:
        return str(obj.charges_total)


# ---- knowledge ----------------------------------------------------------------------------


@articles_router.get("", response=ArticlePage, summary="Search the knowledge base (Chinese keywords)")
def article_list(request: HttpRequest, filters: Query[ArticleQuery]):
    reject_unknown_params(request, ArticleQuery)
    size = settings.KEFU_PAGE_SIZE
    qs = search_articles(request.auth, filters.q, category=filters.category)
    start = (filters.page - 1) * size
    return {"items": list(qs[start : start + size]), "count": qs.count(), "page": filters.page, "page_size": size}


@articles_router.post("", response={201: ArticleOut}, summary="Write an article (drafts by agents; leads publish)")
def article_create(request: HttpRequest, payload: ArticleIn):
    return 201, actions.save_article(**payload.model_dump(), actor=request.auth)


@articles_router.put("/{int:article_id}", response=ArticleOut, summary="Change or publish an article")
def article_update(request: HttpRequest, article_id: int, payload: ArticleIn):
    return actions.save_article(**payload.model_dump(), actor=request.auth, pk=article_id)


# ---- the price list -----------------------------------------------------------------------


@items_router.get("", response=list[ItemOut], summary="The price list of paid and free services (有偿/无偿服务)")
def item_list(request: HttpRequest, filters: Query[ItemQuery]):
    reject_unknown_params(request, ItemQuery)
    return list(price_list(filters.date or timezone.localdate()))


@items_router.post("", response={201: ItemOut}, summary="A new item, or a new price from a date (a new version)")
def item_create(request: HttpRequest, payload: ItemIn):
    return 201, actions.save_service_item(**payload.model_dump(), actor=request.auth)


# ---- charges ------------------------------------------------------------------------------


def _with_charges(ticket):
    prefetch_related_objects(
        [ticket], Prefetch("deadlines", queryset=Deadline.objects.order_by("round", "due_at", "id"))
    )
    ticket.charge_list, ticket.charges_total = ticket_charges(ticket)
    return ticket


@charges_router.get("/{number}", response=TicketChargesOut, summary="One ticket, with its charges and their total")
def ticket_detail(request: HttpRequest, number: str):
    """GET tickets/{number} (docs/api.md): the tickets app's answer plus `charges` and
    `charges_total`. kefu/api.py mounts this router before the tickets app's, so this answers;
    whether there are charges comes with the ticket's own query (no query more without them)."""
    return _with_charges(get_ticket_for_staff(request.auth, number, annotate=HAS_CHARGES))


@charges_router.get("/{number}/charges", response=TicketChargesOut, summary="The ticket with its charges")
def charge_list(request: HttpRequest, number: str):
    return _with_charges(get_ticket_for_staff(request.auth, number))


@charges_router.post("/{number}/charges", response={201: TicketChargesOut}, summary="Record an item used on the work")
def charge_create(request: HttpRequest, number: str, payload: ChargeIn):
    ticket = get_ticket_for_staff(request.auth, number)
    actions.record_charge(
        ticket, item=payload.item, quantity=payload.quantity, work_date=payload.work_date, actor=request.auth
    )
    return 201, _with_charges(get_ticket_for_staff(request.auth, number))


@charges_router.delete("/{number}/charges/{int:charge_id}", response=TicketChargesOut, summary="Take back a charge")
def charge_delete(request: HttpRequest, number: str, charge_id: int):
    ticket = get_ticket_for_staff(request.auth, number)
    actions.remove_charge(ticket, charge_id, actor=request.auth)
    return _with_charges(get_ticket_for_staff(request.auth, number))
