"""客户档案 (F1-F4): search, the customer's card and full service history. Field staff reach
customers only through their tickets, so every view here starts with require_customer_access."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import can_reveal_phone, require_customer_access
from accounts.models import Role
from core.errors import NotFound
from core.web import handles_domain_errors, paginate, render_screen
from customers.actions import reveal_customer_phones
from customers.editing import can_edit_customers
from customers.history import describe
from customers.merging import can_merge
from customers.models import Customer, CustomerMerge
from customers.panels import CUSTOMER_PANELS
from customers.selectors import customers_by_address, search_customers, with_card_data
from tickets.access import visible_tickets
from tickets.selectors import for_list

SEARCH_TEMPLATE = "customers/search.html"
DETAIL_TEMPLATE = "customers/detail.html"
CHANGES_SHOWN = 30


@require_GET
@handles_domain_errors
def customer_search(request: HttpRequest) -> HttpResponse:
    require_customer_access(request.user)
    q = request.GET.get("q", "").strip()[:50]
    address = request.GET.get("address", "").strip()[:100]
    # No query, no list: the archive is looked up one caller at a time, never browsed (F3).
    page = None
    if address:
        page = paginate(request, customers_by_address(address))
    elif q:
        page = paginate(request, search_customers(q))
    context = {"q": q, "address": address, "page": page, "can_import": can_merge(request.user)}
    return render_screen(request, SEARCH_TEMPLATE, context, partial="results")


@require_GET
@handles_domain_errors
def customer_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_customer_access(request.user)
    customer = _customer(pk)
    history = for_list(visible_tickets(request.user).filter(customer=customer)).order_by("-received_at", "-id")
    context = {
        "customer": customer,
        "page": paginate(request, history),
        "can_reveal": can_reveal_phone(request.user),
        "can_edit": can_edit_customers(request.user),
        "can_merge": can_merge(request.user),
        "changes": [{"row": row, **describe(row)} for row in customer.changes.select_related("actor")[:CHANGES_SHOWN]],
        "undoable_merge": (
            CustomerMerge.objects.filter(absorbed=customer, undone_at__isnull=True).first()
            if customer.merged_into_id and request.user.role == Role.ADMIN
            else None
        ),
        "panels": CUSTOMER_PANELS,
    }
    return render_screen(request, DETAIL_TEMPLATE, context, partial="history")


@require_POST
@handles_domain_errors
def reveal_phones(request: HttpRequest, pk: int) -> HttpResponse:
    """F3: the full numbers for this reader; the action records who looked and when."""
    customer = _customer(pk)
    numbers = reveal_customer_phones(customer, actor=request.user)
    # Only ever asked for by the button's htmx request: the fragment whatever the headers say.
    return render(request, f"{DETAIL_TEMPLATE}#revealed-phones", {"customer": customer, "numbers": numbers})


def _customer(pk: int) -> Customer:
    customer = with_card_data(Customer.objects.filter(pk=pk)).first()
    if customer is None:
        raise NotFound()
    return customer
