"""Reading the archive: caller identification (A4) and search."""

from django.db.models import Case, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When

from core.db.compiled import Compiled, Param
from core.phones import normalize_phone
from customers.addresses import parse_address
from customers.models import Community, Customer, CustomerPhone, Premises


def with_card_data(qs: QuerySet) -> QuerySet:
    """Everything the customer card shows, in a fixed number of queries."""
    return qs.select_related("customer_type").prefetch_related(
        "phones", Prefetch("premises", queryset=Premises.objects.select_related("community__area__steward"))
    )


# What recording a request reads of an archived customer, compiled once (intake runs them hundreds
# of times a second): the row with its first phone's number, and its first premises with the
# community (the address, the outage check). A customer with premises (nearly every one) is read
# in one statement, its first premises' row with the customer joined; one without, by its own row.
def _first_phone(customer_ref: str):
    return Subquery(
        CustomerPhone.objects.filter(customer=OuterRef(customer_ref))
        .order_by(*CustomerPhone._meta.ordering)
        .values("number")[:1]
    )


_INTAKE_PREMISES = Compiled(
    lambda: (
        Premises.objects.select_related("community", "customer")
        .filter(customer_id=Param("customer", Premises._meta.get_field("customer")))
        .annotate(customer_first_phone=_first_phone("customer_id"))[:1]
    )
)
_INTAKE_CUSTOMER = Compiled(
    lambda: (
        Customer.objects.filter(pk=Param("id", Customer._meta.pk))
        .annotate(first_phone=_first_phone("pk"))
        .order_by()[:1]
    )
)
_FIRST_PREMISES = Compiled(
    lambda: Premises.objects.select_related("community").filter(
        customer_id=Param("customer", Premises._meta.get_field("customer"))
    )[:1]
)


def customer_for_intake(customer_id: int) -> Customer | None:
    """The customer a new request names, or None, with `first_phone` (its first phone's number,
    None without one) and its first premises, which first_premises() then answers without a
    read. The card's data (type, areas, stewards, every phone) is not needed."""
    premises = _INTAKE_PREMISES.first(customer=customer_id)
    if premises is not None:
        customer = premises.customer
        customer.first_phone = premises.customer_first_phone
    else:
        customer = _INTAKE_CUSTOMER.first(id=customer_id)
        if customer is None:
            return None
    customer._first_premises = premises
    return customer


def first_premises(customer: Customer) -> Premises | None:
    """The customer's first premises (Meta.ordering), with its community."""
    if hasattr(customer, "_first_premises"):  # read with the customer by customer_for_intake
        return customer._first_premises
    return _FIRST_PREMISES.first(customer=customer.pk)


def customers_by_phone(phone: str) -> QuerySet:
    number = normalize_phone(phone)
    if not number:
        return Customer.objects.none()
    return with_card_data(Customer.objects.filter(phones__number=number, merged_into__isnull=True).distinct())


def search_customers(query: str) -> QuerySet:
    query = (query or "").strip()[:50]
    qs = Customer.objects.filter(merged_into__isnull=True)
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


# The candidates one address search ranks: enough for a room number said alone in a large estate.
ADDRESS_CANDIDATES = 2000


def customers_by_address(text: str, *, limit: int = 20) -> list[Customer]:
    """A4: customers living at what the caller says, best match first. The most specific part
    said (the room, else the building, else the community) picks candidates through an index;
    the other parts rank them: community, then building, then unit."""
    query = parse_address(text)
    if query.is_empty:
        return []
    # No join to the customer here: it would read every customer to drop the few merged ones.
    places = Premises.objects.all()
    # The community as a subquery in the same statement: 翠湖 finds 翠湖苑 and 翠湖苑2期.
    communities = Community.objects.filter(name__contains=query.community).values("pk") if query.community else None
    if query.room:
        places = places.filter(room_key=query.room)
    elif query.building:
        places = places.filter(building_key=query.building)
        if query.unit:
            places = places.filter(unit_key=query.unit)
    else:
        places = places.filter(community_id__in=communities)
    score = Value(0)
    if communities is not None:
        score = score + Case(When(community_id__in=communities, then=Value(4)), default=Value(0))
    if query.building:
        score = score + Case(When(building_key=query.building, then=Value(2)), default=Value(0))
    if query.unit:
        score = score + Case(When(unit_key=query.unit, then=Value(1)), default=Value(0))
    rows = list(
        places.annotate(score=score)
        .order_by("-score", "customer_id", "id")
        .values_list("customer_id", "id", "score")[:ADDRESS_CANDIDATES]
    )
    order: dict[int, int] = {}
    matched_place: dict[int, int] = {}
    for customer_id, premises_id, _score in rows:
        if customer_id not in order:
            order[customer_id] = len(order)
            matched_place[customer_id] = premises_id
            if len(order) >= 2 * limit:
                break
    customers = with_card_data(Customer.objects.filter(pk__in=list(order), merged_into__isnull=True))
    found = sorted(customers, key=lambda c: order[c.pk])[:limit]
    for c in found:
        c.matched_premises_id = matched_place[c.pk]
    return found
