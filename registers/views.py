"""The front-desk registers in the console: one screen per kind (list, record, close), an
entry's page with its history, and the customer-page panel of open entries."""

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import InvalidInput, NotFound
from core.web import done, handles_domain_errors, render_screen
from customers.models import Customer, Premises
from customers.selectors import customers_by_phone
from registers import actions
from registers.access import can_work_registers, require_read
from registers.models import MOVE_IN_STEPS, CardAction, Entry, Kind, MailType, Status
from registers.selectors import describe, entries, history, open_for_customer

CLOSED_SHOWN = 30


def _customer(request: HttpRequest) -> tuple[Customer | None, Premises | None]:
    """The customer by id (from the customer's page) or by phone (typed at the desk)."""
    customer = None
    raw = request.POST.get("customer", "").strip()
    phone = request.POST.get("phone", "").strip()
    if raw:
        customer = Customer.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if customer is None:
            raise InvalidInput(_("There is no customer with this id."), fields={"customer": _("Unknown customer.")})
    elif phone:
        customer = customers_by_phone(phone).first()
        if customer is None:
            raise InvalidInput(_("No customer has this phone number."), fields={"phone": _("Unknown phone.")})
    premises = None
    if customer is not None:
        raw_premises = request.POST.get("premises", "").strip()
        found = customer.premises.select_related("community")
        premises = found.filter(pk=int(raw_premises)).first() if raw_premises.isdigit() else found.first()
    return customer, premises


def _local_datetime(value: str, field: str) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise InvalidInput(_("Use a date and time."), fields={field: _("Not a date and time.")})
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _kind(request: HttpRequest) -> str:
    return actions.kind_of(request.GET.get("kind") or Kind.KEY)


@require_GET
@handles_domain_errors
def register_list(request: HttpRequest) -> HttpResponse:
    require_read(request.user)
    kind = _kind(request)
    now = timezone.now()
    context = {
        "kind": kind,
        "kinds": Kind.choices,
        "open": entries(kind=kind, status=Status.OPEN),
        "closed": entries(kind=kind, status=Status.CLOSED).order_by("-closed_at", "-id")[:CLOSED_SHOWN],
        "can_work": can_work_registers(request.user),
        "card_actions": CardAction.choices,
        "mail_types": MailType.choices,
        "steps": MOVE_IN_STEPS,
        "now": now,
        "customer_id": request.GET.get("customer", ""),
    }
    return render_screen(request, "registers/list.html", context)


@require_POST
@handles_domain_errors
def register_create(request: HttpRequest, kind: str) -> HttpResponse:
    kind = actions.kind_of(kind)
    customer, premises = _customer(request)
    post = request.POST
    data = actions.EntryData(
        customer=customer,
        premises=premises,
        description=post.get("description", ""),
        borrower=post.get("borrower", ""),
        id_checked=post.get("id_checked") == "on",
        due_back_at=_local_datetime(post.get("due_back_at", ""), "due_back_at"),
        named_person=post.get("named_person", ""),
        card_number=post.get("card_number", ""),
        card_action=post.get("card_action", ""),
        fee=post.get("fee", ""),
        mail_type=post.get("mail_type", ""),
        tracking_number=post.get("tracking_number", ""),
        place=post.get("place", ""),
    )
    entry = actions.open_entry(kind, data, actor=request.user)
    if entry.claim_code:
        messages.success(request, _("Recorded. Claim code: %(code)s") % {"code": entry.claim_code})
    else:
        messages.success(request, _("Recorded."))
    return done(request, reverse("registers") + f"?kind={kind}")


def _entry(pk: int) -> Entry:
    entry = entries().select_related("recorded_by", "closed_by").filter(pk=pk).first()
    if entry is None:
        raise NotFound()
    return entry


@require_POST
@handles_domain_errors
def register_close(request: HttpRequest, pk: int) -> HttpResponse:
    entry = actions.close_entry(
        _entry(pk), actor=request.user, by=request.POST.get("by", ""), note=request.POST.get("note", "")
    )
    messages.success(request, _("Closed."))
    return done(request, reverse("registers") + f"?kind={entry.kind}")


@require_POST
@handles_domain_errors
def register_told(request: HttpRequest, pk: int) -> HttpResponse:
    entry = actions.tell_customer(_entry(pk), actor=request.user)
    messages.success(request, _("Noted: the customer was told."))
    return done(request, reverse("registers") + f"?kind={entry.kind}")


@require_POST
@handles_domain_errors
def register_step(request: HttpRequest, pk: int) -> HttpResponse:
    entry = actions.check_step(_entry(pk), request.POST.get("step", ""), actor=request.user)
    return done(request, reverse("register-entry", args=[entry.pk]))


@require_POST
@handles_domain_errors
def authorisation_create(request: HttpRequest) -> HttpResponse:
    customer, premises = _customer(request)
    if customer is None:
        raise InvalidInput(_("Choose the customer."), fields={"customer": _("Required.")})
    valid_until = parse_date(request.POST.get("valid_until", "") or "") if request.POST.get("valid_until") else None
    actions.add_authorisation(
        customer,
        actor=request.user,
        premises=premises,
        reference=request.POST.get("reference", ""),
        authorised=request.POST.get("authorised", ""),
        valid_until=valid_until,
    )
    messages.success(request, _("The key authorisation is on file."))
    return done(request, reverse("registers") + "?kind=key")


@require_GET
@handles_domain_errors
def register_entry(request: HttpRequest, pk: int) -> HttpResponse:
    require_read(request.user)
    entry = _entry(pk)
    context = {
        "entry": entry,
        "events": [(e, describe(e)) for e in history(entry)],
        "can_work": can_work_registers(request.user),
        "now": timezone.now(),
    }
    return render_screen(request, "registers/entry.html", context)


@require_GET
@handles_domain_errors
def customer_panel(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The customer page's panel of open entries (loaded by htmx from the page's hook)."""
    require_read(request.user)
    context = {"entries": open_for_customer(customer_id), "customer_id": customer_id, "now": timezone.now()}
    return render(request, "registers/customer_panel.html", context)
