"""Keeping the archive current (F1, F2): PATCH customers/{id}, each change attributable."""

import pytest
import time_machine

from customers.models import Area, Community, CustomerChange, CustomerType, Premises
from kefu.apitest import ApiClient, error_of
from notifications.models import Notification
from notifications.templates import render
from tests.factories import CustomerFactory

URL = "/api/v1/customers"


@pytest.fixture
def official(db):
    return CustomerType.objects.create(name="政府官员", service_tip="态度和蔼、用语谨慎")


@time_machine.travel("2026-11-23 10:00 +0800", tick=False)
def test_an_agent_changes_name_grade_and_type_and_each_change_is_recorded(world, customer, official):
    response = ApiClient(world.agent).patch(
        f"{URL}/{customer.pk}", {"name": "王建华", "grade": "A", "type": "政府官员", "note": "独居老人"}
    )

    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["name"] == "王建华"
    assert data["honorific"] == "王先生"
    assert data["grade"] == "A"
    assert data["type"] == "政府官员"
    assert data["service_tip"] == "态度和蔼、用语谨慎"
    changes = {c.field: c for c in CustomerChange.objects.filter(customer=customer)}
    assert set(changes) == {"name", "grade", "type", "note"}
    assert (changes["name"].old, changes["name"].new) == ("王建国", "王建华")
    assert (changes["grade"].old, changes["grade"].new) == ("B", "A")
    assert (changes["type"].old, changes["type"].new) == (None, "政府官员")
    assert changes["grade"].actor == world.agent
    history = ApiClient(world.agent).get(f"{URL}/{customer.pk}/history").json()
    grade = next(h for h in history if h["field"] == "grade")
    assert grade == {
        "id": changes["grade"].pk,
        "kind": "edited",
        "field": "grade",
        "old": "B",
        "new": "A",
        "actor": "agent",
        "at": "2026-11-23T10:00:00+08:00",
        "merge": None,
    }


def test_nothing_changed_writes_no_history(world, customer):
    response = ApiClient(world.agent).patch(f"{URL}/{customer.pk}", {"name": "王建国", "grade": "B"})

    assert response.status_code == 200
    assert not CustomerChange.objects.exists()


def test_phones_are_replaced_the_first_is_primary_and_history_is_masked(world, customer):
    response = ApiClient(world.agent).patch(f"{URL}/{customer.pk}", {"phones": ["139 1111 2222", "13800138000"]})

    assert response.status_code == 200
    assert response.json()["phones"] == ["139****2222", "138****8000"]
    assert list(customer.phones.values_list("number", "is_primary")) == [
        ("13911112222", True),
        ("13800138000", False),
    ]
    history = ApiClient(world.agent).get(f"{URL}/{customer.pk}/history").json()
    assert history[0]["old"] == ["138****8000"]
    assert history[0]["new"] == ["139****2222", "138****8000"]


def test_premises_are_corrected_in_place_by_id_and_new_ones_added(world, customer):
    home = customer.premises.get()
    body = {
        "premises": [
            {"id": home.pk, "community": "翠湖苑", "building": "12", "unit": "1", "room": "1502"},
            {"community": "金桂园", "building": "3", "unit": "", "room": "201"},
        ]
    }
    response = ApiClient(world.agent).patch(f"{URL}/{customer.pk}", body)

    assert response.status_code == 200, response.json()
    assert [p["address"] for p in response.json()["premises"]] == ["翠湖苑12号楼1单元1502室", "金桂园3号楼201室"]
    home.refresh_from_db()
    assert (home.building_key, home.unit_key, home.room_key) == ("12", "1", "1502")
    change = CustomerChange.objects.get(field="premises")
    assert change.new[1] == {"community": "金桂园", "building": "3", "unit": "", "room": "201"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"grade": "S"}, "grade"),
        ({"gender": "x"}, "gender"),
        ({"type": "外星人"}, "type"),
        ({"phones": []}, "phones"),
        ({"phones": ["12ab"]}, "phones"),
        ({"premises": [{"community": "", "room": "1"}]}, "premises"),
        ({"premises": [{"id": 999999, "community": "翠湖苑"}]}, "premises"),
        ({"note": "x" * 2001}, "note"),
        ({"favourite_colour": "red"}, "favourite_colour"),
    ],
)
def test_garbage_is_refused_in_chinese_and_nothing_is_written(world, customer, body, field):
    response = ApiClient(world.agent).patch(f"{URL}/{customer.pk}", {"grade": "A", **body})

    assert response.status_code == 400, response.json()
    error = error_of(response)
    assert field in {key.split(".")[0] for key in error["fields"]}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    customer.refresh_from_db()
    assert customer.grade == "B"
    assert not CustomerChange.objects.exists()


@pytest.mark.parametrize("persona", ["engineer", "qa"])
def test_only_customer_service_and_admins_edit(world, customer, persona):
    response = ApiClient(getattr(world, persona)).patch(f"{URL}/{customer.pk}", {"grade": "A"})

    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.grade == "B"


def test_unknown_customer_is_404(world):
    assert ApiClient(world.agent).patch(f"{URL}/999999", {"grade": "A"}).status_code == 404


def test_the_area_steward_is_told_of_a_grade_change(world, customer):
    Area.objects.create(name="翠湖苑片区", steward=world.steward)
    Community.objects.filter(name="翠湖苑").update(area=Area.objects.get())

    ApiClient(world.agent).patch(f"{URL}/{customer.pk}", {"grade": "A"})

    message = Notification.objects.get(staff=world.steward, channel="inapp")
    subject, body = render(message)
    assert subject == "王先生 现为 A级客户"
    assert "由 B级客户 调整为 A级客户" in body
    assert Notification.objects.filter(template="customer_grade_changed").count() == 1


def test_address_keys_are_kept_when_premises_are_saved(customer):
    home = Premises.objects.get(customer=customer)
    home.building, home.room = "十二栋", "0502室"
    home.save(update_fields=["building", "room"])

    home.refresh_from_db()
    assert (home.building_key, home.room_key) == ("12", "502")


def test_a_merged_record_cannot_be_edited(world, customer):
    other = CustomerFactory(name="王建国", gender="male")
    other.merged_into = customer
    other.save()

    response = ApiClient(world.agent).patch(f"{URL}/{other.pk}", {"grade": "A"})

    assert response.status_code == 409
    assert error_of(response)["code"] == "merged"
