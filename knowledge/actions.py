"""Writing knowledge: articles (and an answer that worked becoming one), the price list's
versions, and the items charged on a ticket's work."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import INTAKE_ROLES, LEAD_ROLES, Role, Staff
from core import customer_text
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.text import clean_text
from knowledge.models import Article, ArticleCategory, ArticleState, Charge, ServiceItem
from knowledge.search import article_tokens
from knowledge.selectors import item_in_force
from tickets.models import Ticket
from tickets.timeline import record_event
from tickets.vocabulary import Status

CENT = Decimal("0.01")
MAX_QUANTITY = Decimal("9999")
MAX_PRICE = Decimal("99999999")
# Items are recorded while the work goes on or once it is done (and before the case is closed).
CHARGEABLE = frozenset({Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD, Status.RESOLVED})
CHARGED = "charged"  # the timeline kind of a recorded charge (knowledge.timeline words it)


def require_lead(actor: Staff) -> None:
    if not (actor.is_authenticated and actor.role in LEAD_ROLES):
        raise Forbidden()


# ---- articles -----------------------------------------------------------------------------


@transaction.atomic
def save_article(
    *,
    title: str,
    body: str,
    category: str,
    state: str = ArticleState.DRAFT,
    actor: Staff,
    pk: int | None = None,
    source_ticket: Ticket | None = None,
) -> Article:
    """Any customer-service agent may write a draft; the manager and supervisors edit and
    publish. A public article is read by customers, so it passes the forbidden-phrase guard."""
    if not (actor.is_authenticated and actor.role in INTAKE_ROLES):
        raise Forbidden()
    if (pk is not None or state != ArticleState.DRAFT) and actor.role not in LEAD_ROLES:
        raise Forbidden(_("Only the manager or a supervisor may edit or publish articles."))
    errors = {}
    if category not in ArticleCategory.values:
        errors["category"] = _("Unknown category.")
    if state not in ArticleState.values:
        errors["state"] = _("Unknown state.")
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)
    title = clean_text(title, "title", max_length=200)
    body = clean_text(body, "body", max_length=10000)
    if state == ArticleState.PUBLIC:
        customer_text.check(f"{title}\n{body}", field="body", actor=actor)
    article = Article.objects.select_for_update().filter(pk=pk).first() if pk is not None else Article(created_by=actor)
    if article is None:
        raise NotFound()
    article.title, article.body, article.category, article.state = title, body, category, state
    article.search_tokens = article_tokens(title, body)
    article.updated_at = timezone.now()
    if source_ticket is not None:
        article.source_ticket = source_ticket
    article.save()
    return article


def article_from_ticket(ticket: Ticket, *, actor: Staff) -> Article:
    """An answer (or result) that worked becomes a draft article, for a lead to tidy and publish."""
    text = ticket.answer or ticket.result
    if ticket.status not in (Status.RESOLVED, Status.CLOSED) or not text:
        raise Conflict(_("Only an answered or resolved request can become an article."))
    category = ArticleCategory.FAQ if ticket.answer else ArticleCategory.OTHER
    title = " ".join(ticket.content.split())[:60]
    return save_article(title=title, body=text, category=category, actor=actor, source_ticket=ticket)


# ---- the price list -----------------------------------------------------------------------


_FIELD_LABELS = {"quantity": _("The quantity"), "price": _("The price")}


def parse_decimal(value, field: str, *, maximum: Decimal) -> Decimal:
    """Money and quantities as Decimal, never float: '12.5' or 12.5 → Decimal('12.50')."""
    if isinstance(value, bool):
        value = None
    try:
        number = Decimal(str(value).strip()) if value is not None and str(value).strip() else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise InvalidInput(_("Please correct the marked fields."), fields={field: _("Enter a number.")})
    if number < 0:
        raise InvalidInput(
            _("%(field)s cannot be negative.") % {"field": _FIELD_LABELS.get(field, field)},
            fields={field: _("Must not be negative.")},
        )
    if number > maximum:
        raise InvalidInput(_("Please correct the marked fields."), fields={field: _("Too large.")})
    if number != number.quantize(CENT):
        raise InvalidInput(_("Please correct the marked fields."), fields={field: _("At most two decimal places.")})
    return number.quantize(CENT)


@transaction.atomic
def save_service_item(
    *,
    code: str,
    name: str,
    paid: bool,
    price,
    unit: str,
    effective_from: date | None = None,
    note: str = "",
    actor: Staff,
) -> ServiceItem:
    """A new item, or a new version of one from `effective_from` (today when not given): the
    version in force until then ends the day before."""
    require_lead(actor)
    code = (code or "").strip().lower()
    if not code or len(code) > 30 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
        raise InvalidInput(
            _("Please correct the marked fields."), fields={"code": _("Use 1-30 letters, digits, - or _.")}
        )
    name = clean_text(name, "name", max_length=100)
    unit = clean_text(unit, "unit", max_length=20)
    price = parse_decimal(price, "price", maximum=MAX_PRICE)
    if not paid and price != 0:
        raise InvalidInput(_("A free service has no price."), fields={"price": _("Must be 0 for a free service.")})
    start = effective_from or timezone.localdate()
    versions = ServiceItem.objects.select_for_update().filter(code=code).order_by("-version")
    latest = versions.first()
    if latest is not None:
        if start <= latest.effective_from:
            raise Conflict(
                _("A new price must start after %(day)s, when the current one started.")
                % {"day": latest.effective_from},
                fields={"effective_from": _("Too early.")},
            )
        if latest.effective_to is None or latest.effective_to >= start:
            latest.effective_to = start - timedelta(days=1)
            latest.save(update_fields=["effective_to"])
    return ServiceItem.objects.create(
        code=code,
        version=(latest.version + 1) if latest else 1,
        name=name,
        paid=bool(paid),
        price=price,
        unit=unit,
        effective_from=start,
        note=(note or "").strip()[:200],
        created_by=actor,
    )


@transaction.atomic
def retire_service_item(code: str, *, last_day: date, actor: Staff) -> ServiceItem:
    require_lead(actor)
    latest = ServiceItem.objects.select_for_update().filter(code=code).order_by("-version").first()
    if latest is None:
        raise NotFound()
    if last_day < latest.effective_from:
        raise InvalidInput(
            _("The last day cannot be before the price started."), fields={"effective_to": _("Too early.")}
        )
    latest.effective_to = last_day
    latest.save(update_fields=["effective_to"])
    return latest


# ---- charges on a ticket ------------------------------------------------------------------


def _may_charge(ticket: Ticket, actor: Staff) -> bool:
    if actor.role in INTAKE_ROLES:
        return True
    return actor.role == Role.FIELD and actor.department_id is not None and actor.department_id == ticket.department_id


def work_date_of(ticket: Ticket) -> date:
    moment = ticket.started_at or ticket.accepted_at or timezone.now()
    return timezone.localdate(moment)


@transaction.atomic
def record_charge(ticket: Ticket, *, item: str, quantity, actor: Staff, work_date: date | None = None) -> Charge:
    """The engineer records an item used on the work (J3), at the price in force on the work's
    date; the ticket's timeline says so."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not _may_charge(ticket, actor):
        raise Forbidden()
    if ticket.status not in CHARGEABLE:
        raise Conflict(_("Items can be recorded once the work is accepted and until the ticket is closed."))
    quantity = parse_decimal(quantity, "quantity", maximum=MAX_QUANTITY)
    if quantity == 0:
        raise InvalidInput(_("The quantity must be more than 0."), fields={"quantity": _("Must be more than 0.")})
    day = work_date or work_date_of(ticket)
    if day > timezone.localdate() or day.year < 2000:
        raise InvalidInput(_("The work date cannot be in the future."), fields={"work_date": _("Not a possible date.")})
    code = (item or "").strip().lower()
    version = item_in_force(code, day)
    if version is None:
        message = (
            _("The item %(code)s has no price in force on %(day)s.")
            if ServiceItem.objects.filter(code=code).exists()
            else _("There is no service item %(code)s.")
        )
        raise InvalidInput(message % {"code": (item or "")[:30], "day": day}, fields={"item": _("Unknown item.")})
    amount = (version.price * quantity).quantize(CENT, rounding=ROUND_HALF_UP)
    charge = Charge.objects.create(
        ticket=ticket,
        item=version,
        code=version.code,
        name=version.name,
        paid=version.paid,
        unit=version.unit,
        unit_price=version.price,
        quantity=quantity,
        amount=amount,
        work_date=day,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    record_event(
        ticket,
        CHARGED,
        actor=actor,
        at=charge.recorded_at,
        code=version.code,
        name=version.name,
        quantity=str(quantity),
        unit=version.unit,
        unit_price=str(version.price),
        amount=str(amount),
    )
    return charge


@transaction.atomic
def remove_charge(ticket: Ticket, charge_id: int, *, actor: Staff) -> None:
    """A charge entered by mistake is taken back before the ticket is closed; the timeline keeps
    both the entry and its removal."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not _may_charge(ticket, actor):
        raise Forbidden()
    if ticket.status not in CHARGEABLE:
        raise Conflict(_("Items can be recorded once the work is accepted and until the ticket is closed."))
    charge = Charge.objects.filter(ticket=ticket, pk=charge_id).first()
    if charge is None:
        raise NotFound()
    record_event(ticket, "charge_removed", actor=actor, code=charge.code, name=charge.name, amount=str(charge.amount))
    charge.delete()
