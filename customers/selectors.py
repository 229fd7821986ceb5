"""Reading the archive: caller identification (A4) and search."""

from django.db.models import Prefetch, Q, QuerySet

from core.phones import normalize_phone
from customers.models import Customer, Premises


def with_card_data(qs: QuerySet) -> QuerySet:
    """Everything the customer card shows, in a fixed number of queries."""
    return qs.select_related("customer_type").prefetch_related(
        "phones", Prefetch("premises", queryset=Premises.objects.select_related("community__area__steward"))
    )


def customers_by_phone(phone: str) -> QuerySet:
    number = normalize_phone(phone)
    if not number:
        return Customer.objects.none()
    return with_card_data(Customer.objects.filter(phones__number=number).distinct())


def search_customers(query: str) -> QuerySet:
    query = (query or "").strip()[:50]
    qs = Customer.objects.all()
    if query:
        digits = normalize_phone(query)
        condition = Q(name__startswith=query) | Q(premises__community__name__startswith=query)
        if digits and len(digits) >= 4:
            condition |= Q(phones__number__startswith=digits) | Q(phones__number__endswith=digits)
        qs = qs.filter(condition).distinct()
    return with_card_data(qs)


def confirmation_line(customer: Customer, premises: Premises | None = None) -> str:
    """A4: 您是翠湖苑3号楼2单元501室王先生吗？"""
    from django.utils.translation import gettext as _

    premises = premises or next(iter(customer.premises.all()), None)
    address = premises.address if premises else ""
    return _("Are you %(honorific)s of %(address)s?") % {"honorific": customer.honorific, "address": address}
