"""Customer archive API (API.md): intake of customers and caller identification (A4).

Field staff are refused the archive (403); they reach customers only through tickets.
"""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from accounts.access import require_customer_access
from accounts.models import Staff
from core.errors import InvalidInput, NotFound
from core.schemas import reject_unknown_params
from customers.actions import PremisesIn as PremisesData
from customers.actions import create_customer, reveal_customer_phones
from customers.editing import PremisesEdit, update_customer
from customers.importing import import_customers
from customers.merging import merge_customers, undo_merge
from customers.models import Customer, CustomerMerge
from customers.schemas import (
    ChangeOut,
    CustomerIn,
    CustomerOut,
    CustomerPatchIn,
    CustomerQuery,
    ImportOut,
    MergeIn,
    MergeOut,
    PhonesOut,
)
from customers.selectors import customers_by_address, customers_by_phone, search_customers, with_card_data
from tickets.access import visible_tickets
from tickets.schemas import TicketOut
from tickets.selectors import for_list

router = Router()

# Identification answers a few matches; the archive is not for bulk copying (F3).
MAX_MATCHES = 50
# An address said loosely (a room number alone) matches many homes; the best first, a page of them.
ADDRESS_MATCHES = 20


def customer_for_staff(user: Staff, customer_id: int, *, read=with_card_data) -> Customer:
    """The customer by id, for those who may see the archive; unknown ids are 404. `read`: what
    to fetch with it (the card's data unless the caller needs less)."""
    require_customer_access(user)
    customer = next(iter(read(Customer.objects.filter(pk=customer_id)).order_by()[:1]), None)
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


@router.get(
    "",
    response=list[CustomerOut],
    summary="Find customers by exact phone number, by address (best match first) or keyword q",
)
def customer_list(request: HttpRequest, filters: Query[CustomerQuery]):
    reject_unknown_params(request, CustomerQuery)
    require_customer_access(request.auth)
    if filters.phone:
        return list(customers_by_phone(filters.phone)[:MAX_MATCHES])
    if filters.address:
        return customers_by_address(filters.address, limit=ADDRESS_MATCHES)
    if filters.q:
        return list(search_customers(filters.q)[:MAX_MATCHES])
    raise InvalidInput(_("Give a phone number, an address or a keyword."), fields={"phone": _("Required.")})


@router.patch("/{int:customer_id}", response=CustomerOut, summary="Change any field; each change is recorded")
def customer_update(request: HttpRequest, customer_id: int, payload: CustomerPatchIn):
    customer = customer_for_staff(request.auth, customer_id)
    changes = payload.model_dump(exclude_unset=True)
    if "premises" in changes:
        changes["premises"] = [PremisesEdit(**p) for p in changes["premises"]]
    update_customer(customer, actor=request.auth, changes=changes)
    return customer_for_staff(request.auth, customer_id)


@router.get("/{int:customer_id}/history", response=list[ChangeOut], summary="The record's changes, newest first")
def customer_history(request: HttpRequest, customer_id: int):
    customer = customer_for_staff(request.auth, customer_id)
    return list(customer.changes.select_related("actor")[:500])


@router.post("/{int:customer_id}/merge", response={201: MergeOut}, summary="Merge record `other` into this one")
def customer_merge(request: HttpRequest, customer_id: int, payload: MergeIn):
    survivor = customer_for_staff(request.auth, customer_id)
    other = Customer.objects.filter(pk=payload.other).first()
    if other is None:
        raise InvalidInput(_("Please correct the marked fields."), fields={"other": _("Unknown customer.")})
    return Status(201, merge_customers(survivor, other, actor=request.auth))


@router.post("/merges/{int:merge_id}/undo", response=MergeOut, summary="Undo a merge (administrators)")
def customer_merge_undo(request: HttpRequest, merge_id: int):
    merge = CustomerMerge.objects.select_related("actor").filter(pk=merge_id).first()
    if merge is None:
        raise NotFound()
    return undo_merge(merge, actor=request.auth)


@router.post("/import", response={200: ImportOut, 201: ImportOut}, summary="Import an xlsx/csv sheet (all or nothing)")
def customer_import(request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False):
    report = import_customers(file.read(), file.name or "", actor=request.auth, dry_run=dry_run)
    return Status(200 if dry_run else 201, report)


@router.get("/{int:customer_id}", response=CustomerDetailOut, summary="One customer with their recent tickets")
def customer_detail(request: HttpRequest, customer_id: int):
    customer = customer_for_staff(request.auth, customer_id)
    tickets = for_list(visible_tickets(request.auth).filter(customer=customer)).select_related("accepted_by")
    customer.recent_tickets = list(tickets.order_by("-received_at", "-id")[:MAX_MATCHES])
    return customer


@router.post("/{int:customer_id}/reveal-phones", response=PhonesOut, summary="Full numbers; the view is logged")
def customer_reveal_phones(request: HttpRequest, customer_id: int):
    return {"phones": reveal_customer_phones(customer_for_staff(request.auth, customer_id), actor=request.auth)}
