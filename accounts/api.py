"""Accounts API: tokens, departments, staff (API.md)."""

from django.http import HttpRequest
from ninja import Router, Status

from accounts.actions import create_department, create_staff, obtain_token, revoke_token
from accounts.models import Department
from accounts.schemas import DepartmentIn, DepartmentOut, StaffIn, StaffOut, TokenIn, TokenOut

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
    )
    return staff
