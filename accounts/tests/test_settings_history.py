"""Staff records and departments keep their history: who changed them, when, old → new. The API
names its caller (a bearer token has no session), the admin its user; a login or a password
change leaves no row (the password hash and the last login are not in the history)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.actions import create_department, create_staff
from accounts.models import Department, Role, Staff
from core.errors import Forbidden
from core.history import attribute, describe
from kefu.apitest import ApiClient

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def token(username: str) -> str:
    return ApiClient().post("/api/v1/auth/token", {"username": username, "password": "test-pass-123"}).json()["token"]


def test_staff_and_departments_made_through_the_api_name_their_creator(world):
    client = ApiClient(token=token("admin"))
    with time_machine.travel(T0, tick=False):
        assert client.post("/api/v1/departments", {"code": "fin", "name": "财务部"}).status_code == 201
        response = client.post(
            "/api/v1/staff",
            {
                "username": "kuaiji",
                "password": "a-long-pass-2026",
                "name": "钱会计",
                "work_number": "CW001",
                "role": "agent",
                "department": "fin",
            },
        )
    assert response.status_code == 201
    department = Department.history.get(code="fin")
    staff = Staff.history.get(username="kuaiji")
    assert (department.history_type, department.history_user, department.history_date) == ("+", world.admin, T0)
    assert (staff.history_type, staff.history_user, staff.history_date, staff.role) == ("+", world.admin, T0, "agent")
    assert not hasattr(staff, "password") and not hasattr(staff, "last_login")


def test_a_changed_staff_record_reads_old_to_new_and_a_login_adds_no_row(client, world):
    agent = Staff.objects.get(pk=world.agent.pk)
    rows = agent.history.count()
    assert client.post(reverse("login"), {"username": "agent", "password": "test-pass-123"}).status_code == 302
    agent.set_password("another-pass-2026")
    agent.save()
    assert agent.history.count() == rows

    agent.role, agent.department = Role.SUPERVISOR, world.eng
    attribute(agent, world.manager).save()

    record = agent.history.order_by("-history_id").first()
    change = describe(record, {})
    assert (change.user, change.action) == (world.manager, "~")
    assert [(c.label, c.old, c.new) for c in change.changes] == [
        ("角色", "客服专员", "客服主管/助理"),
        ("部门", "客服中心", "工程部"),
    ]


def test_the_admin_shows_who_edited_a_department(client, world):
    client.force_login(world.admin)
    response = client.post(
        f"/admin/accounts/department/{world.eng.pk}/change/",
        {"code": "eng", "name": "工程维修部", "head": "", "is_active": "on"},
    )
    assert response.status_code == 302
    record = Department.history.filter(id=world.eng.pk).order_by("-history_id").first()
    assert (record.history_user, record.name, record.prev_record.name) == (world.admin, "工程维修部", "工程部")
    page = client.get(f"/admin/accounts/department/{world.eng.pk}/history/").content.decode()
    assert "工程维修部" in page


@pytest.mark.parametrize("persona", ["supervisor", "agent", "qa"])
def test_refused_creators_write_neither_a_record_nor_its_history(world, persona):
    departments, staff = Department.history.count(), Staff.history.count()
    with pytest.raises(Forbidden):
        create_department(actor=getattr(world, persona), code="fin", name="财务部")
    with pytest.raises(Forbidden):
        create_staff(
            actor=getattr(world, persona),
            username="x1",
            password="a-long-pass-2026",
            name="某",
            work_number="X1",
            role="agent",
        )
    assert (Department.history.count(), Staff.history.count()) == (departments, staff)
    assert not Department.objects.filter(code="fin").exists() and not Staff.objects.filter(username="x1").exists()
