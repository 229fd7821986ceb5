"""The administrator's staff screen (G1-G3): who works here, in which role and department, who
reports to whom; a joiner is added, a leaver deactivated (never deleted) and their open tickets
handed to someone else from the same page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.actions import create_staff, require_people_admin
from accounts.models import INTAKE_ROLES, Department, Role, Staff
from accounts.upkeep import open_work_of, update_staff
from core.errors import DomainError, InvalidInput, NotFound
from core.web import handles_domain_errors, paginate, render_screen
from tickets.actions import transfer_ticket
from tickets.models import Ticket

LIST_TEMPLATE = "staffing/list.html"
EDIT_TEMPLATE = "staffing/edit.html"


def _choices() -> dict:
    return {
        "roles": Role.choices,
        "departments": Department.objects.filter(is_active=True),
        "superiors": Staff.objects.filter(is_active=True).order_by("work_number"),
    }


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def staff_list(request: HttpRequest) -> HttpResponse:
    require_people_admin(request.user)
    error = None
    if request.method == "POST":
        p = request.POST
        try:
            staff = create_staff(
                actor=request.user,
                username=p.get("username", ""),
                password=p.get("password", ""),
                name=p.get("name", ""),
                work_number=p.get("work_number", ""),
                role=p.get("role", ""),
                department=p.get("department") or None,
                phone=p.get("phone", ""),
                superior=p.get("superior") or None,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("%(name)s can now log in.") % {"name": staff.display_name})
            return redirect("staff-list")
    show = request.GET.get("show", "active")
    people = Staff.objects.select_related("department", "superior").order_by("work_number")
    people = people.filter(is_active=(show != "left"))
    context = {"page": paginate(request, people), "show": show, "error": error, "values": request.POST, **_choices()}
    return render_screen(request, LIST_TEMPLATE, context, status=error.status if error else 200)


def _staff(username: str) -> Staff:
    staff = Staff.objects.select_related("department", "superior").filter(username=username[:150]).first()
    if staff is None:
        raise NotFound()
    return staff


@require_http_methods(["GET", "POST"])
@handles_domain_errors
def staff_edit(request: HttpRequest, username: str) -> HttpResponse:
    require_people_admin(request.user)
    staff = _staff(username)
    error = None
    if request.method == "POST":
        p = request.POST
        if "is_active" in p:
            changes = {"is_active": p["is_active"] == "true"}
        else:
            changes = {
                "name": p.get("name", ""),
                "role": p.get("role", ""),
                "department": p.get("department") or None,
                "superior": p.get("superior") or None,
                "phone": p.get("phone", ""),
            }
        try:
            staff = update_staff(staff, actor=request.user, changes=changes)
        except DomainError as exc:
            error = exc
        else:
            if changes.get("is_active") is False:
                messages.success(
                    request, _("%(name)s is deactivated; their logins are ended.") % {"name": staff.display_name}
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("staff-edit", username=staff.username)
    context = {
        "person": staff,
        "error": error,
        "open_work": [] if staff.is_active else open_work_of(staff),
        "new_owners": Staff.objects.filter(is_active=True, role__in=INTAKE_ROLES),
        **_choices(),
    }
    return render_screen(request, EDIT_TEMPLATE, context, status=error.status if error else 200)


@require_POST
@handles_domain_errors
def reassign(request: HttpRequest, username: str) -> HttpResponse:
    """A leaver's ticket to a new first-contact owner, or a leaver's report to a new superior."""
    require_people_admin(request.user)
    leaver = _staff(username)
    ref, to = request.POST.get("ref", "")[:40], request.POST.get("to", "")[:150]
    new = Staff.objects.filter(username=to, is_active=True).first()
    if new is None:
        raise InvalidInput(_("Choose who takes it over."), fields={"to": _("Required.")})
    if request.POST.get("kind") == "report":
        report = Staff.objects.filter(username=ref, superior=leaver).first()
        if report is None:
            raise NotFound()
        update_staff(report, actor=request.user, changes={"superior": new.username})
    else:
        ticket = Ticket.objects.filter(number=ref, owner=leaver).first()
        if ticket is None:
            raise NotFound()
        transfer_ticket(ticket, owner=new, actor=request.user)
    messages.success(request, _("%(ref)s handed to %(name)s.") % {"ref": ref, "name": new.display_name})
    return redirect("staff-edit", username=leaver.username)
