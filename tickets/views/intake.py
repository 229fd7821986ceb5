"""受理 (A1-A4, B1): identify the caller by phone, record the request and, in the same save,
dispatch it. The most used screen of the system: one form, one POST."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Department, Staff
from core.errors import DomainError, InvalidInput
from core.phones import is_valid_phone, normalize_phone
from core.text import MAX_TEXT, clean_text
from core.web import handles_domain_errors, render_screen
from customers.actions import PremisesIn, create_customer
from customers.models import Community, Customer, Gender, Grade, Premises
from customers.selectors import confirmation_line, customers_by_address, customers_by_phone
from tickets.actions import Contact, add_note, create_ticket, dispatch_ticket
from tickets.duplicates import open_same_category, similar_recent
from tickets.models import RequestSubtype, Ticket
from tickets.views.paging import require_intake_role
from tickets.vocabulary import Category, Channel, Priority

TEMPLATE = "tickets/intake.html"
# Categories whose work is booked for a time the customer chooses (预约时间).
APPOINTMENT_CATEGORIES = (Category.REPAIR, Category.SERVICE_REQUEST)
RECENT_TICKETS = 5
NEW_CUSTOMER = "new"
# The shortest number worth looking up: a local landline without its area code.
MIN_LOOKUP_DIGITS = 7
PICK_RE = re.compile(r"^(\d+):(\d*)$")
# Cards shown for an address: a room number said alone can match a household in every building.
ADDRESS_MATCHES = 10


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def intake(request: HttpRequest) -> HttpResponse:
    require_intake_role(request.user)
    if request.method == "GET":
        return _form(request, QueryDict())
    seen = bool(request.POST.get("duplicates_seen"))
    try:
        data = IntakeInput.parse(request.POST)
        if request.POST.get("follow_up"):
            existing = _follow_up(data, request.POST["follow_up"], actor=request.user)
            messages.success(request, _("Added to ticket %(number)s as a follow-up.") % {"number": existing.number})
            return redirect("ticket-detail", number=existing.number)
        if data.customer is not None and not seen:
            # Defect 8: the caller's open work of the same kind comes first; the agent chooses to
            # record a new ticket anyway or to add this call to one of them.
            open_same = open_same_category(data.customer.pk, data.category)
            if open_same:
                return _form(request, request.POST, open_duplicates=open_same)
        ticket = _record(data, actor=request.user)
    except DomainError as exc:
        # Keep everything the agent typed: the caller is still on the line.
        return _form(request, request.POST, error=exc)
    messages.success(request, _("Ticket %(number)s recorded.") % {"number": ticket.number})
    earlier = similar_recent(ticket)
    if earlier:
        messages.warning(
            request,
            _("The same caller made a similar request shortly before: %(numbers)s. Please check it is not a duplicate.")
            % {"numbers": ", ".join(t.number for t in earlier)},
        )
    return redirect("ticket-detail", number=ticket.number)


@require_GET
@handles_domain_errors
def caller(request: HttpRequest) -> HttpResponse:
    """The customer card for the number being typed (A4), as an htmx fragment."""
    require_intake_role(request.user)
    context = caller_context(
        request.GET.get("phone", ""),
        picked=request.GET.get("pick", ""),
        values=request.GET,
        address=request.GET.get("address", "") if request.GET.get("by") == "address" else "",
    )
    return render_screen(request, TEMPLATE, context, partial="caller")


def caller_context(raw_phone: str, *, picked: str = "", values: QueryDict | None = None, address: str = "") -> dict:
    """The caller's cards: by the number typed, or (A4) by the address the caller gives."""
    phone = normalize_phone(raw_phone)
    address = address.strip()[:100]
    if address:
        found = customers_by_address(address, limit=ADDRESS_MATCHES)
        recent = {c.pk: [] for c in found}
        for t in Ticket.objects.filter(customer__in=found).order_by("-received_at", "-id")[: RECENT_TICKETS * 10]:
            if len(recent[t.customer_id]) < RECENT_TICKETS:
                recent[t.customer_id].append(t)
        for c in found:
            c.recent_tickets = recent[c.pk]
        customers, phone = found, ""
    elif not is_valid_phone(phone) or len(phone) < MIN_LOOKUP_DIGITS:
        return {"phone": "", "cards": [], "values": values or QueryDict()}
    else:
        # Intake roles see every ticket (tickets.access.visible_tickets), so no scoping is needed here.
        recent = Ticket.objects.order_by("-received_at", "-id")[:RECENT_TICKETS]
        customers = customers_by_phone(phone).prefetch_related(
            Prefetch("tickets", queryset=recent, to_attr="recent_tickets")
        )
    cards = []
    for customer in customers:
        places = list(customer.premises.all()) or [None]
        matched = getattr(customer, "matched_premises_id", None)
        if matched:  # the home the caller named first
            places.sort(key=lambda p: p is None or p.pk != matched)
        choices = [
            {
                "value": _pick_value(customer, premises),
                "premises": premises,
                "line": confirmation_line(customer, premises),
            }
            for premises in places
        ]
        cards.append({"customer": customer, "choices": choices})
    if not picked and cards:
        picked = cards[0]["choices"][0]["value"]
    return {
        "phone": phone,
        "by_address": address,
        "cards": cards,
        "picked": picked or NEW_CUSTOMER,
        "values": values or QueryDict(),
        # Unknown first and chosen by default: the agent asks rather than the form inventing 先生.
        "genders": sorted(Gender.choices, key=lambda choice: choice[0] != Gender.UNKNOWN),
        "grades": Grade.choices,
        # Communities from the archive, never typed: a typo must not found a new community.
        "communities": list(Community.objects.order_by("name").values_list("name", flat=True)),
    }


def _pick_value(customer: Customer, premises: Premises | None) -> str:
    return f"{customer.pk}:{premises.pk if premises else ''}"


def _form(
    request: HttpRequest, values: QueryDict, *, error: DomainError | None = None, open_duplicates=()
) -> HttpResponse:
    context = {
        "open_duplicates": open_duplicates,
        # The caller card's variables at the top level: the page and its fragment share them.
        **caller_context(
            values.get("phone", ""),
            picked=values.get("pick", ""),
            values=values,
            # A caller found by address keeps their cards when the form comes back with an error.
            address="" if values.get("phone", "").strip() else values.get("address", ""),
        ),
        "error": error,
        "categories": [(str(i), value, label) for i, (value, label) in enumerate(Category.choices, start=1)],
        "appointment_categories": [str(c) for c in APPOINTMENT_CATEGORIES],
        # Every active sub-type; static/js/kefu.js offers those of the chosen category.
        "subtypes": list(RequestSubtype.objects.filter(is_active=True).order_by("category", "position", "id")),
        "channels": Channel.choices,
        "priorities": Priority.choices,
        "departments": Department.objects.filter(is_active=True),
    }
    return render_screen(request, TEMPLATE, context, status=error.status if error else 200)


@dataclass
class IntakeInput:
    """The POST, parsed into types. Whether the values make sense is the actions' call."""

    phone: str
    category: str
    channel: str
    subtype: str
    priority: str
    content: str
    contact_name: str = ""
    appointment_at: datetime | None = None
    # Back-entry (补录) from the paper form of the system-failure plan: the time the call came in.
    received_at: datetime | None = None
    customer: Customer | None = None
    premises: Premises | None = None
    new_customer: dict = field(default_factory=dict)
    dispatch_to: Department | None = None
    dispatch_note: str = ""

    @classmethod
    def parse(cls, post: QueryDict) -> "IntakeInput":
        parsed = cls(
            phone=post.get("phone", "").strip(),
            category=post.get("category", ""),
            channel=post.get("channel", Channel.PHONE),
            subtype=post.get("subtype", "").strip(),
            priority=post.get("priority", ""),
            content=post.get("content", ""),
            contact_name=post.get("contact_name", ""),
            appointment_at=_parse_local_datetime(post.get("appointment_at", ""), "appointment_at"),
            received_at=_parse_local_datetime(post.get("received_at", ""), "received_at"),
            dispatch_note=post.get("dispatch_note", ""),
        )
        pick = post.get("pick", "")
        # A caller picked from an address search (A4) may have withheld their number.
        by_address = bool(post.get("address", "").strip()) and pick not in ("", NEW_CUSTOMER)
        if not parsed.phone and not by_address:
            raise InvalidInput(_("Please enter the caller's phone number."), fields={"phone": _("Required.")})
        if pick == NEW_CUSTOMER:
            address = PremisesIn(*(post.get(f"new_{part}", "") for part in ("community", "building", "unit", "room")))
            parsed.new_customer = {
                "name": post.get("new_name", ""),
                "gender": post.get("new_gender") or Gender.UNKNOWN,
                "grade": post.get("new_grade", Grade.C),
                # The address may wait for a later call; create_customer checks whatever is given.
                "premises": [address] if address.community.strip() else [],
            }
        elif pick:
            parsed.customer, parsed.premises = _picked(pick)
            if not parsed.phone:
                # Found by address (A4) while the number is withheld: call back on the one on file.
                first = parsed.customer.phones.order_by("-is_primary", "id").first()
                parsed.phone = first.number if first else ""
        else:
            raise InvalidInput(_("Look up the caller by phone first."), fields={"phone": _("Not looked up.")})
        code = post.get("dispatch_to", "")
        if code:
            parsed.dispatch_to = Department.objects.filter(code=code).first()
            if parsed.dispatch_to is None:
                raise InvalidInput(_("Unknown department."), fields={"dispatch_to": _("Unknown department.")})
        return parsed


def _picked(value: str) -> tuple[Customer, Premises | None]:
    """The card's radio value "customer_id:premises_id" (premises empty when none is on file)."""
    match = PICK_RE.match(value)
    customer = Customer.objects.filter(pk=match[1]).first() if match else None
    premises = None
    if customer is not None and match[2]:
        premises = Premises.objects.select_related("community").filter(pk=match[2]).first()
    if customer is None or (match[2] and premises is None):
        raise InvalidInput(_("Choose the caller from the card."), fields={"pick": _("Not on the card.")})
    return customer, premises


def _parse_local_datetime(raw: str, name: str) -> datetime | None:
    """<input type=datetime-local> sends 2026-03-01T09:30 in the agent's (the company's) time."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(_("The time is not valid."), fields={name: _("Not a time.")}) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _record(data: IntakeInput, *, actor: Staff) -> Ticket:
    """A new caller's archive entry, the ticket and its dispatch: all or nothing."""
    with transaction.atomic():
        customer, premises = data.customer, data.premises
        unknown_community = customer is None and _unknown_community(data.new_customer)
        if customer is None:
            customer = create_customer(actor=actor, phones=[data.phone], **data.new_customer)
            premises = customer.premises.select_related("community").first()
        ticket = create_ticket(
            actor=actor,
            category=data.category,
            subtype=data.subtype or None,
            channel=data.channel,
            priority=data.priority,
            content=data.content,
            customer=customer,
            premises=premises,
            contact=Contact(name=data.contact_name, phone=data.phone),
            appointment_at=data.appointment_at,
            received_at=data.received_at,
        )
        if unknown_community:
            # After the request's own checks, which are what the agent is typing now; the
            # transaction takes the customer (and the community a typo would found) back.
            raise InvalidInput(
                _("Choose the community from the archive."),
                fields={"new_community": _("Not a community of the archive.")},
            )
        if data.dispatch_to is not None:
            ticket = dispatch_ticket(ticket, department=data.dispatch_to, actor=actor, note=data.dispatch_note)
    return ticket


def _follow_up(data: IntakeInput, number: str, *, actor: Staff) -> Ticket:
    """This call added to the caller's open ticket `number` as a note, instead of a new ticket."""
    existing = Ticket.objects.filter(number=number[:24]).first()
    if existing is None or data.customer is None or existing.customer_id != data.customer.pk or not existing.is_open:
        raise InvalidInput(
            _("Choose one of the caller's open tickets."), fields={"follow_up": _("Not an open ticket of this caller.")}
        )
    content = clean_text(data.content, "content", max_length=MAX_TEXT - 40)  # room for the words before it
    channel = Channel(data.channel).label if data.channel in Channel.values else Channel.PHONE.label
    text = _("Follow-up call (%(channel)s): %(content)s") % {"channel": channel, "content": content}
    return add_note(existing, text=text, actor=actor)


def _unknown_community(new_customer: dict) -> bool:
    """Intake picks communities from the archive: a typed name (金贵园 for 金桂园) founds none."""
    names = [p.community.strip() for p in new_customer.get("premises", []) if p.community.strip()]
    return bool(names) and Community.objects.filter(name__in=names).count() != len(set(names))
