"""Accounts API: tokens, departments, staff (API.md)."""

from django.http import HttpRequest
from ninja import Router, Status

from accounts.actions import create_department, create_staff, obtain_token, require_people_admin, revoke_token
from accounts.models import Department, Staff
from accounts.schemas import (
    DepartmentIn,
    DepartmentOut,
    StaffChangedOut,
    StaffIn,
    StaffOut,
    StaffPatchIn,
    TokenIn,
    TokenOut,
)
from accounts.upkeep import open_work_of, update_staff
from core.errors import NotFound

auth_router = Router()
router = Router()


@auth_router.post("/token", response=TokenOut, auth=None, summary="Obtain a bearer token")
def token(request: HttpRequest, payload: TokenIn):
    return {"token": obtain_token(request, username=payload.username, password=payload.password)}


@auth_router.delete("/token", response={204: None}, summary="Revoke the token of this request")
def token_revoke(request: HttpRequest):
    revoke_token(request.api_token)
    return Status(204, None)


@router.get("/departments", response=list[DepartmentOut])
def department_list(request: HttpRequest):
    return Department.objects.filter(is_active=True).order_by("code")


@router.post("/departments", response={201: DepartmentOut})
def department_create(request: HttpRequest, payload: DepartmentIn):
    return create_department(actor=request.auth, code=payload.code, name=payload.name)


@router.post("/staff", response={201: StaffOut})
def staff_create(request: HttpRequest, payload: StaffIn):
    staff = create_staff(
        actor=request.auth,
        username=payload.username,
        password=payload.password,
        name=payload.name,
        work_number=payload.work_number,
        role=payload.role,
        department=payload.department,
        phone=payload.phone,
        superior=payload.superior,
    )
    return staff


@router.patch("/staff/{username}", response=StaffChangedOut, summary="Change a staff member; deactivate a leaver")
def staff_update(request: HttpRequest, username: str, payload: StaffPatchIn):
    require_people_admin(request.auth)  # before the lookup: no probing which usernames exist
    staff = Staff.objects.filter(username=username[:150]).first()
    if staff is None:
        raise NotFound()
    staff = update_staff(staff, actor=request.auth, changes=payload.model_dump(exclude_unset=True))
    staff.open_work = [] if staff.is_active else open_work_of(staff)
    return staff
