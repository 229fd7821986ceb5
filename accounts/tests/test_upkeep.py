"""Staff upkeep (G1-G3): POST staff with a superior, PATCH staff/{username}, deactivating a leaver."""

import pytest
from django.urls import reverse

from accounts.models import ApiToken, Staff
from kefu.apitest import ApiClient, error_of

URL = "/api/v1/staff"


def _new_staff(**overrides):
    body = {
        "username": "lina",
        "password": "Kefu-2026-secret",
        "name": "李娜",
        "work_number": "KF103",
        "role": "agent",
        "department": "cs",
        "superior": "supervisor",
    }
    body.update(overrides)
    return body


def test_staff_are_created_with_their_superior(world):
    response = ApiClient(world.admin).post(URL, _new_staff())

    assert response.status_code == 201, response.json()
    assert response.json()["superior"] == "supervisor"
    assert Staff.objects.get(username="lina").superior == world.supervisor


@pytest.mark.parametrize(("superior", "message"), [("nobody", "员工不存在。"), ("gone", "此人已离职。")])
def test_an_unknown_or_departed_superior_is_refused(world, superior, message):
    Staff.objects.create(username="gone", name="离职", work_number="X1", is_active=False)

    response = ApiClient(world.admin).post(URL, _new_staff(superior=superior))

    assert response.status_code == 400
    assert error_of(response)["fields"] == {"superior": message}
    assert not Staff.objects.filter(username="lina").exists()


def test_the_manager_changes_role_department_superior_and_phone(world):
    response = ApiClient(world.manager).patch(
        f"{URL}/agent",
        {"name": "孙丽华", "role": "steward", "department": "eng", "superior": "manager", "phone": "139-0000-1111"},
    )

    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["name"], data["role"], data["department"], data["superior"], data["phone"]) == (
        "孙丽华",
        "steward",
        "eng",
        "manager",
        "13900001111",
    )
    assert data["open_work"] == []


def test_null_clears_department_and_superior(world):
    response = ApiClient(world.admin).patch(f"{URL}/agent", {"department": None, "superior": None})

    assert response.status_code == 200
    world.agent.refresh_from_db()
    assert (world.agent.department, world.agent.superior) == (None, None)


def test_deactivating_a_leaver_ends_tokens_and_sessions_and_lists_their_work(world, client, make_ticket):
    ticket = make_ticket()  # owned by the agent
    token = ApiToken.issue(world.agent)
    client.force_login(world.agent)
    assert client.get(reverse("board")).status_code == 200

    response = ApiClient(world.manager).patch(f"{URL}/agent", {"is_active": False})

    assert response.status_code == 200, response.json()
    assert response.json()["is_active"] is False
    assert response.json()["open_work"] == [{"kind": "ticket_owned", "ref": ticket.number, "summary": "厨房水管漏水"}]
    assert not ApiToken.objects.filter(user=world.agent).exists()
    assert ApiClient(token=token).get("/api/v1/tickets").status_code == 401
    assert client.get(reverse("board")).status_code == 302  # back to the login page
    assert Staff.objects.filter(username="agent").exists()  # never deleted


def test_a_supervisor_leaving_lists_the_people_who_report_to_them(world):
    response = ApiClient(world.manager).patch(f"{URL}/supervisor", {"is_active": False})

    refs = {(w["kind"], w["ref"]) for w in response.json()["open_work"]}
    assert ("report", "agent") in refs and ("report", "steward") in refs


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "boss"}, "role"),
        ({"role": None}, "role"),
        ({"name": ""}, "name"),
        ({"department": "nope"}, "department"),
        ({"superior": "nobody"}, "superior"),
        ({"superior": "agent"}, "superior"),  # herself
        ({"phone": "12ab"}, "phone"),
        ({"is_active": "no"}, "is_active"),
        ({"password": "x"}, "password"),
    ],
)
def test_garbage_is_refused_and_nothing_changes(world, body, field):
    response = ApiClient(world.manager).patch(f"{URL}/agent", {"name": "改名", **body})

    assert response.status_code == 400, response.json()
    assert field in {k.split(".")[0] for k in error_of(response)["fields"]}
    world.agent.refresh_from_db()
    assert world.agent.name == "孙丽"


def test_a_reporting_loop_is_refused(world):
    response = ApiClient(world.admin).patch(f"{URL}/manager", {"superior": "agent"})

    assert response.status_code == 400
    assert error_of(response)["fields"] == {"superior": "这会形成循环的汇报关系。"}


def test_nobody_deactivates_themselves(world):
    response = ApiClient(world.manager).patch(f"{URL}/manager", {"is_active": False})

    assert response.status_code == 400
    assert Staff.objects.get(username="manager").is_active


def test_a_manager_cannot_touch_an_administrator(world):
    assert ApiClient(world.manager).patch(f"{URL}/admin", {"phone": "13900001111"}).status_code == 403
    assert ApiClient(world.manager).patch(f"{URL}/agent", {"role": "admin"}).status_code == 403


@pytest.mark.parametrize("persona", ["agent", "supervisor", "engineer"])
def test_other_roles_cannot_change_staff(world, persona):
    response = ApiClient(getattr(world, persona)).patch(f"{URL}/agent2", {"name": "改名"})

    assert response.status_code == 403
    assert Staff.objects.get(username="agent2").name == "周敏"


def test_an_unknown_username_is_404(world):
    assert ApiClient(world.admin).patch(f"{URL}/nobody", {"name": "改名"}).status_code == 404
