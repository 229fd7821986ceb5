"""Request and response shapes of the accounts API."""

from typing import Annotated, Literal

from ninja import Schema
from pydantic import StrictBool, StringConstraints

from accounts.models import Role
from core.schemas import OptionalPhone, StrictIn, Text

RoleValue = Literal[tuple(Role.values)]
# Not stripped: a password may begin or end with a blank. Bounded: hashing a megabyte costs.
Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class TokenIn(StrictIn):
    username: Text(150, min_length=1)
    password: Password


class TokenOut(Schema):
    token: str


class DepartmentIn(StrictIn):
    code: Text(32, min_length=1)
    name: Text(50, min_length=1)


class DepartmentOut(Schema):
    code: str
    name: str
    is_active: bool


class StaffIn(StrictIn):
    username: Text(150, min_length=1)
    password: Password
    name: Text(50, min_length=1)
    work_number: Text(20, min_length=1)
    role: RoleValue
    department: Text(32) | None = None
    phone: OptionalPhone = ""
    superior: Text(150) | None = None


class StaffPatchIn(StrictIn):
    """Only the fields sent change; `department` and `superior` may be null (none)."""

    name: Text(50, min_length=1) = None
    role: RoleValue = None
    department: Text(32) | None = None
    superior: Text(150) | None = None
    phone: OptionalPhone = None
    is_active: StrictBool = None


class OpenWorkOut(Schema):
    kind: str
    ref: str
    summary: str


class StaffOut(Schema):
    username: str
    name: str
    work_number: str
    role: str
    department: str | None
    phone: str
    is_active: bool
    superior: str | None

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.code if obj.department_id else None

    @staticmethod
    def resolve_superior(obj) -> str | None:
        return obj.superior.username if obj.superior_id else None


class StaffChangedOut(StaffOut):
    # A leaver's open work and reports, listed for reassignment (empty while they are active).
    open_work: list[OpenWorkOut] = []
