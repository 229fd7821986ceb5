"""Keeping the archive current on screen (F1, F2): edit a customer, merge two records of one
household (and an administrator's undo), import a spreadsheet with a dry run first."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_customer_access
from core.errors import DomainError, Forbidden, InvalidInput, NotFound
from core.web import handles_domain_errors, render_screen
from customers.editing import PremisesEdit, require_editor, update_customer
from customers.importing import check_sheet, import_customers
from customers.merging import can_merge, merge_customers, undo_merge
from customers.models import Customer, CustomerMerge, CustomerType, Gender, Grade
from customers.selectors import with_card_data

EDIT_TEMPLATE = "customers/edit.html"
IMPORT_TEMPLATE = "customers/import.html"
BLANK_ADDRESS_ROWS = 2


def _customer(pk: int) -> Customer:
    customer = with_card_data(Customer.objects.filter(pk=pk)).first()
    if customer is None:
        raise NotFound()
    return customer


def _changes(post: QueryDict) -> dict:
    premises = []
    for i, community in enumerate(post.getlist("community")):
        parts = [post.getlist(key)[i] if i < len(post.getlist(key)) else "" for key in ("building", "unit", "room")]
        ids = post.getlist("premises_id")
        pid = ids[i] if i < len(ids) else ""
        if not community.strip() and not any(p.strip() for p in parts):
            continue  # an empty row, or an address cleared to remove it
        premises.append(PremisesEdit(community, *parts, id=int(pid) if pid.isdigit() else None))
    return {
        "name": post.get("name", ""),
        "surname": post.get("surname", ""),
        "gender": post.get("gender", ""),
        "grade": post.get("grade", ""),
        "type": post.get("type", ""),
        "phones": [line for line in post.get("phones", "").replace(",", "\n").splitlines() if line.strip()],
        "premises": premises,
        "note": post.get("note", ""),
    }


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_customer_access(request.user)
    require_editor(request.user)
    customer = _customer(pk)
    error = None
    if request.method == "POST":
        try:
            changes = update_customer(customer, actor=request.user, changes=_changes(request.POST))
        except DomainError as exc:
            error = exc
        else:
            if changes:
                messages.success(request, _("The customer's record is updated."))
            return redirect("customer-detail", pk=pk)
    context = {
        "customer": customer,
        "error": error,
        "values": request.POST if error else None,
        "genders": Gender.choices,
        "grades": Grade.choices,
        "types": CustomerType.objects.all(),
        "blank_rows": range(BLANK_ADDRESS_ROWS),
    }
    return render_screen(request, EDIT_TEMPLATE, context, status=error.status if error else 200)


@require_POST
@handles_domain_errors
def customer_merge(request: HttpRequest, pk: int) -> HttpResponse:
    require_customer_access(request.user)
    survivor = _customer(pk)
    raw = request.POST.get("other", "").strip().lstrip("#")
    other = Customer.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None
    if other is None:
        raise InvalidInput(_("Please correct the marked fields."), fields={"other": _("Unknown customer.")})
    merge_customers(survivor, other, actor=request.user)
    messages.success(request, _("Record #%(id)s is merged into this one.") % {"id": other.pk})
    return redirect("customer-detail", pk=pk)


@require_POST
@handles_domain_errors
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge = CustomerMerge.objects.filter(pk=merge_id).first()
    if merge is None:
        raise NotFound()
    undo_merge(merge, actor=request.user)
    messages.success(request, _("The merge is undone."))
    return redirect("customer-detail", pk=merge.absorbed_id)


def _upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def customer_import(request: HttpRequest) -> HttpResponse:
    """Step 1: upload and check (nothing written); step 2: import the checked file by its token."""
    if not can_merge(request.user):
        raise Forbidden()
    context: dict = {"report": None}
    if request.method == "POST" and request.POST.get("token"):
        token, name = request.POST["token"], request.POST.get("filename", "")
        try:
            stored = _upload_dir() / str(uuid.UUID(token))
            data = stored.read_bytes()
        except (ValueError, OSError):
            raise InvalidInput(
                _("The checked file is gone; upload it again."), fields={"file": _("Upload again.")}
            ) from None
        report = import_customers(data, name, actor=request.user, dry_run=False)
        stored.unlink(missing_ok=True)
        messages.success(request, _("%(count)s customers imported.") % {"count": report.created})
        return redirect(reverse("customer-search"))
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput(_("Choose a file to import."), fields={"file": _("Required.")})
        data = upload.read()
        _rows, report = check_sheet(data, upload.name)
        token = uuid.uuid4()
        (_upload_dir() / str(token)).write_bytes(data)
        context = {"report": report, "token": token, "filename": upload.name}
    return render_screen(request, IMPORT_TEMPLATE, context)
