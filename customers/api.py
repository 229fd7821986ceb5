"""Customer archive API (API.md): intake of customers and caller identification (A4).

Field staff are refused the archive (403); they reach customers only through tickets.
"""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from accounts.access import require_customer_access
from accounts.models import Staff
from core.errors import InvalidInput, NotFound
from core.schemas import reject_unknown_params
from customers.actions import PremisesIn as PremisesData
from customers.actions import create_customer, reveal_customer_phones
from customers.models import Customer
from customers.schemas import CustomerIn, CustomerOut, CustomerQuery, PhonesOut
from customers.selectors import customers_by_phone, search_customers, with_card_data
from tickets.access import visible_tickets
from tickets.schemas import TicketOut
from tickets.selectors import for_list

router = Router()

# Identification answers a few matches; the archive is not for bulk copying (F3).
MAX_MATCHES = 50


def customer_for_staff(user: Staff, customer_id: int) -> Customer:
    """The customer by id, for those who may see the archive; unknown ids are 404."""
    require_customer_access(user)
    customer = with_card_data(Customer.objects.filter(pk=customer_id)).first()
    if customer is None:
        raise NotFound()
    return customer


class CustomerDetailOut(CustomerOut):
    tickets: list[TicketOut]

    @staticmethod
    def resolve_tickets(obj) -> list:
        return obj.recent_tickets


@router.post("", response={201: CustomerOut}, summary="Add a customer to the archive")
def customer_create(request: HttpRequest, payload: CustomerIn):
    customer = create_customer(
        actor=request.auth,
        name=payload.name,
        phones=payload.phones,
        gender=payload.gender,
        grade=payload.grade,
        premises=[PremisesData(**p.model_dump()) for p in payload.premises],
        note=payload.note,
    )
    return with_card_data(Customer.objects.filter(pk=customer.pk)).get()


@router.get("", response=list[CustomerOut], summary="Find customers by exact phone number (or keyword q)")
def customer_list(request: HttpRequest, filters: Query[CustomerQuery]):
    reject_unknown_params(request, CustomerQuery)
    require_customer_access(request.auth)
    if filters.phone:
        return list(customers_by_phone(filters.phone)[:MAX_MATCHES])
    if filters.q:
        return list(search_customers(filters.q)[:MAX_MATCHES])
    raise InvalidInput(_("Give a phone number or a keyword."), fields={"phone": _("Required.")})


@router.get("/{int:customer_id}", response=CustomerDetailOut, summary="One customer with their recent tickets")
def customer_detail(request: HttpRequest, customer_id: int):
    customer = customer_for_staff(request.auth, customer_id)
    tickets = for_list(visible_tickets(request.auth).filter(customer=customer)).select_related("accepted_by")
    customer.recent_tickets = list(tickets.order_by("-received_at", "-id")[:MAX_MATCHES])
    return customer


@router.post("/{int:customer_id}/reveal-phones", response=PhonesOut, summary="Full numbers; the view is logged")
def customer_reveal_phones(request: HttpRequest, customer_id: int):
    return {"phones": reveal_customer_phones(customer_for_staff(request.auth, customer_id), actor=request.auth)}
