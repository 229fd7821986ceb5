"""The API's front door: tokens, the error format, departments and staff."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken, Department, Role, Staff
from kefu.apitest import ApiClient, error_of

URL = "/api/v1"


# ---- tokens ---------------------------------------------------------------------------------


def test_it_issues_a_token_for_a_personal_login(world):
    response = ApiClient().post(f"{URL}/auth/token", {"username": "agent", "password": "test-pass-123"})

    assert response.status_code == 200
    token = response.json()["token"]
    assert ApiToken.objects.get(key_hash=ApiToken.hash(token)).user == world.agent
    assert ApiClient(token=token).get(f"{URL}/departments").status_code == 200


def test_token_clients_need_no_csrf_cookie(world, customer):
    response = ApiClient(enforce_csrf_checks=True).post(
        f"{URL}/auth/token", {"username": "agent", "password": "test-pass-123"}
    )
    client = ApiClient(token=response.json()["token"], enforce_csrf_checks=True)

    created = client.post(
        f"{URL}/tickets", {"category": "repair", "channel": "phone", "customer": customer.pk, "content": "漏水"}
    )

    assert created.status_code == 201


def test_it_refuses_a_wrong_password(world):
    response = ApiClient().post(f"{URL}/auth/token", {"username": "agent", "password": "wrong-pass-123"})

    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_it_refuses_an_unknown_user_the_same_way(world):
    response = ApiClient().post(f"{URL}/auth/token", {"username": "nobody", "password": "test-pass-123"})

    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_credentials"


def test_it_refuses_a_token_to_an_inactive_user(world):
    world.agent.is_active = False
    world.agent.save()

    response = ApiClient().post(f"{URL}/auth/token", {"username": "agent", "password": "test-pass-123"})

    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_it_refuses_unknown_fields_when_issuing_a_token(world):
    response = ApiClient().post(f"{URL}/auth/token", {"username": "agent", "password": "test-pass-123", "otp": "1"})

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"
    assert set(error_of(response)["fields"]) == {"otp"}


def test_it_answers_401_without_a_token(world):
    response = ApiClient().get(f"{URL}/tickets")

    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Token abc", "Basic YWdlbnQ6dGVzdA=="])
def test_it_answers_401_with_a_bad_token(world, header):
    response = Client().get(f"{URL}/tickets", headers={"Authorization": header})

    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


def test_a_token_stops_working_when_its_user_is_deactivated(world):
    client = ApiClient(world.agent)
    world.agent.is_active = False
    world.agent.save()

    response = client.get(f"{URL}/tickets")

    assert response.status_code == 401


def test_it_revokes_the_token_of_the_request(world):
    client = ApiClient(world.agent)

    assert client.delete(f"{URL}/auth/token").status_code == 204
    assert client.get(f"{URL}/tickets").status_code == 401


def test_it_records_last_use_at_most_once_a_minute(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = ApiClient(world.agent)
        client.get(f"{URL}/departments")
    token = ApiToken.objects.get()
    assert token.last_used_at == start

    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get(f"{URL}/departments")
    token.refresh_from_db()
    assert token.last_used_at == start

    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        client.get(f"{URL}/departments")
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(minutes=2)


# ---- the error format -------------------------------------------------------------------------


def test_messages_are_chinese_by_default_and_english_on_request(world):
    chinese = ApiClient().get(f"{URL}/tickets")
    english = ApiClient().get(f"{URL}/tickets", headers={"Accept-Language": "en"})

    assert error_of(english)["message"] == "Please log in first."
    assert error_of(chinese)["message"] != "Please log in first."


def test_a_wrong_method_is_a_json_405(world):
    response = ApiClient(world.agent).put(f"{URL}/tickets", {})

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert "POST" in response["Allow"]


@pytest.mark.parametrize("path", ["/no-such-thing", "/", "/tickets/"])
def test_an_unknown_path_is_a_json_404(world, path):
    response = ApiClient(world.agent).get(f"{URL}{path}")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_malformed_json_is_a_400(world):
    response = ApiClient().post(f"{URL}/auth/token", raw='{"username": "agent",')

    assert response.status_code == 400
    assert error_of(response)["code"] == "malformed_json"


def test_a_body_that_is_not_json_is_a_415(world):
    response = ApiClient().post(
        f"{URL}/auth/token", raw="username=agent&password=x", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"
    assert not ApiToken.objects.exists()


def test_a_missing_body_is_a_400(world):
    response = ApiClient().post(f"{URL}/auth/token")

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"


# ---- departments --------------------------------------------------------------------------------


def test_everyone_lists_the_departments(world):
    response = ApiClient(world.engineer).get(f"{URL}/departments")

    assert response.status_code == 200
    assert [d["code"] for d in response.json()] == ["cs", "eng", "security"]
    assert response.json()[1] == {"code": "eng", "name": "工程部", "is_active": True}


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_admin_and_manager_create_departments(world, persona):
    response = ApiClient(getattr(world, persona)).post(f"{URL}/departments", {"code": "green", "name": "绿化部"})

    assert response.status_code == 201
    assert response.json() == {"code": "green", "name": "绿化部", "is_active": True}
    assert Department.objects.filter(code="green", name="绿化部").exists()


@pytest.mark.parametrize("persona", ["agent", "supervisor", "engineer", "qa"])
def test_other_roles_cannot_create_departments(world, persona):
    response = ApiClient(getattr(world, persona)).post(f"{URL}/departments", {"code": "green", "name": "绿化部"})

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"
    assert not Department.objects.filter(code="green").exists()


def test_a_department_code_is_unique(world):
    response = ApiClient(world.admin).post(f"{URL}/departments", {"code": "eng", "name": "另一个工程部"})

    assert response.status_code == 409
    assert error_of(response)["code"] == "duplicate"
    assert "code" in error_of(response)["fields"]


def test_a_department_code_is_letters_and_digits(world):
    response = ApiClient(world.admin).post(f"{URL}/departments", {"code": "绿化 部", "name": "绿化部"})

    assert response.status_code == 400
    assert "code" in error_of(response)["fields"]
    assert Department.objects.count() == 3


# ---- staff ------------------------------------------------------------------------------------


def _new_staff(**overrides):
    body = {
        "username": "lina",
        "password": "Kefu-2026-secret",
        "name": "李娜",
        "work_number": "KF103",
        "role": "agent",
        "department": "cs",
    }
    body.update(overrides)
    return body


def test_the_admin_creates_staff_without_returning_the_password(world):
    response = ApiClient(world.admin).post(f"{URL}/staff", _new_staff())

    assert response.status_code == 201
    assert response.json() == {
        "username": "lina",
        "name": "李娜",
        "work_number": "KF103",
        "role": "agent",
        "department": "cs",
        "phone": "",
        "is_active": True,
        "superior": None,
    }
    staff = Staff.objects.get(username="lina")
    assert staff.check_password("Kefu-2026-secret")
    assert staff.department == world.cs


def test_the_new_login_can_obtain_a_token(world):
    ApiClient(world.manager).post(f"{URL}/staff", _new_staff(role="field", department="eng", work_number="GC102"))

    response = ApiClient().post(f"{URL}/auth/token", {"username": "lina", "password": "Kefu-2026-secret"})

    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["agent", "supervisor", "engineer", "qa", "night"])
def test_other_roles_cannot_create_staff(world, persona):
    response = ApiClient(getattr(world, persona)).post(f"{URL}/staff", _new_staff())

    assert response.status_code == 403
    assert not Staff.objects.filter(username="lina").exists()


def test_a_manager_cannot_create_an_administrator(world):
    response = ApiClient(world.manager).post(f"{URL}/staff", _new_staff(role="admin", department=None))

    assert response.status_code == 403
    assert not Staff.objects.filter(username="lina").exists()


def test_a_work_number_is_unique(world):
    response = ApiClient(world.admin).post(f"{URL}/staff", _new_staff(work_number="KF101"))

    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "duplicate"
    assert set(error["fields"]) == {"work_number"}
    assert not Staff.objects.filter(username="lina").exists()


def test_a_username_is_unique(world):
    response = ApiClient(world.admin).post(f"{URL}/staff", _new_staff(username="agent"))

    assert response.status_code == 409
    assert set(error_of(response)["fields"]) == {"username"}


@pytest.mark.parametrize("password", ["short1", "12345678901", "password123"])
def test_a_weak_password_is_refused_with_django_validators(world, password):
    response = ApiClient(world.admin).post(f"{URL}/staff", _new_staff(password=password))

    assert response.status_code == 400
    assert "password" in error_of(response)["fields"]
    assert not Staff.objects.filter(username="lina").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "密码太短：至少需要 8 个字符。"),
        ("12345678901", "密码只包含数字。"),
        ("password123", "这个密码太常见了。"),
    ],
)
def test_the_password_rules_speak_chinese(world, password, message):
    response = ApiClient(world.admin).post(f"{URL}/staff", _new_staff(password=password))

    assert message in error_of(response)["fields"]["password"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"role": "boss"}, "role"),
        ({"department": "nowhere"}, "department"),
        ({"work_number": "KF 103!"}, "work_number"),
        ({"name": "名" * 51}, "name"),
        ({"name": ""}, "name"),
        ({"phone": "not-a-phone"}, "phone"),
        ({"superior": "nobody"}, "superior"),
    ],
)
def test_bad_staff_input_is_refused_per_field(world, overrides, field):
    count = Staff.objects.count()

    response = ApiClient(world.admin).post(f"{URL}/staff", _new_staff(**overrides))

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"
    assert field in error_of(response)["fields"]
    assert Staff.objects.count() == count


def test_a_missing_field_is_named(world):
    body = _new_staff()
    del body["work_number"]

    response = ApiClient(world.admin).post(f"{URL}/staff", body)

    assert response.status_code == 400
    assert error_of(response)["fields"]["work_number"]


def test_staff_roles_are_the_contract_vocabulary():
    assert set(Role.values) == {"manager", "supervisor", "steward", "agent", "night_duty", "field", "qa", "admin"}


# ---- documentation ------------------------------------------------------------------------------


def test_the_openapi_document_lists_the_contract(world):
    response = Client().get(f"{URL}/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ["/api/v1/auth/token", "/api/v1/tickets", "/api/v1/tickets/{number}/dispatch", "/api/v1/customers"]:
        assert path in paths


def test_the_openapi_document_describes_the_error_answers(world):
    document = Client().get(f"{URL}/openapi.json").json()

    assert set(document["components"]["schemas"]["Error"]["properties"]) == {"error"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "409"):
                assert operation["responses"][status]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }, (method, path, status)


def test_an_error_answer_matches_the_documented_error_schema(world):
    response = ApiClient(world.agent).post(f"{URL}/tickets", {"category": "nonsense"})

    body = error_of(response)
    assert response.status_code == 400
    assert {"code", "message", "fields"} >= set(body) >= {"code", "message"}
    assert all(isinstance(value, str) for value in body["fields"].values())


def test_the_docs_page_uses_local_static_files_only(world, settings):
    # The manifest storage needs collectstatic; the page's references are what we check here.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    response = Client().get(f"{URL}/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert finders.find("ninja/swagger-ui-bundle.js")
    assert finders.find("ninja/swagger-ui.css")
