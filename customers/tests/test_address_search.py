"""Find the caller by address (A4): the ways people say it, best match first."""

import pytest
from django.urls import reverse

from customers.addresses import AddressQuery, address_key, parse_address
from customers.models import Community, Premises
from kefu.apitest import ApiClient, error_of
from tests.factories import CustomerFactory

URL = "/api/v1/customers"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("翠湖苑12号楼1单元1502", AddressQuery("翠湖苑", "12", "1", "1502")),
        ("翠湖苑 12-1-1502", AddressQuery("翠湖苑", "12", "1", "1502")),
        ("12栋1502", AddressQuery("", "12", "", "1502")),
        ("1502", AddressQuery("", "", "", "1502")),
        ("１２幢一单元１５０２室", AddressQuery("", "12", "1", "1502")),
        ("三里屯小区3号楼", AddressQuery("三里屯小区", "3", "", "")),
        ("12-1502", AddressQuery("", "12", "", "1502")),
        ("金桂园", AddressQuery("金桂园", "", "", "")),
    ],
)
def test_addresses_are_read_as_people_say_them(text, expected):
    assert parse_address(text) == expected


@pytest.mark.parametrize(
    ("part", "key"), [("12号楼", "12"), ("01单元", "1"), ("1502室", "1502"), ("十二栋", "12"), ("B座", "B")]
)
def test_stored_parts_are_keyed_as_bare_numbers(part, key):
    assert address_key(part) == key


def _home(name, community, building, unit, room):
    customer = CustomerFactory(name=name)
    place = customer.premises.get()
    place.community, _ = Community.objects.get_or_create(name=community)
    place.building, place.unit, place.room = building, unit, room
    place.save()
    return customer


@pytest.fixture
def estate(db):
    return {
        "exact": _home("王建国", "翠湖苑", "12", "1", "1502"),
        "other_unit": _home("李秀英", "翠湖苑", "12号楼", "2单元", "1502室"),
        "other_building": _home("张伟", "翠湖苑", "3", "1", "1502"),
        "elsewhere": _home("刘芳", "金桂园", "12", "1", "1502"),
        "other_room": _home("陈静", "翠湖苑", "12", "1", "1501"),
    }


@pytest.mark.parametrize("text", ["翠湖苑12号楼1单元1502", "翠湖苑 12-1-1502", "翠湖 12-1-1502"])
def test_the_full_address_finds_the_household_first(world, estate, text):
    response = ApiClient(world.agent).get(URL, {"address": text})

    assert response.status_code == 200
    ids = [c["id"] for c in response.json()]
    assert ids[0] == estate["exact"].pk
    # Then the nearer guesses: same community and building, then same community, then elsewhere.
    assert ids[1:] == [estate["other_unit"].pk, estate["other_building"].pk, estate["elsewhere"].pk]
    assert estate["other_room"].pk not in ids


def test_building_and_room_rank_the_buildings_matches_first(world, estate):
    ids = [c["id"] for c in ApiClient(world.agent).get(URL, {"address": "12栋1502"}).json()]

    assert set(ids[:3]) == {estate["exact"].pk, estate["other_unit"].pk, estate["elsewhere"].pk}
    assert ids[3] == estate["other_building"].pk


def test_a_room_alone_finds_every_household_with_that_room(world, estate):
    ids = [c["id"] for c in ApiClient(world.agent).get(URL, {"address": "1502"}).json()]

    assert sorted(ids) == sorted(c.pk for k, c in estate.items() if k != "other_room")


def test_a_merged_record_is_not_found_by_address(world, estate):
    estate["other_unit"].merged_into = estate["exact"]
    estate["other_unit"].save()

    ids = [c["id"] for c in ApiClient(world.agent).get(URL, {"address": "翠湖苑12号楼2单元1502"}).json()]

    assert estate["other_unit"].pk not in ids


@pytest.mark.parametrize("text", ["", "   ", "x" * 101])
def test_empty_or_overlong_address_is_refused(world, text):
    response = ApiClient(world.agent).get(URL, {"address": text})

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"


def test_field_staff_cannot_search_by_address(world, estate):
    assert ApiClient(world.engineer).get(URL, {"address": "1502"}).status_code == 403


def test_intake_finds_the_caller_by_address_and_records_without_a_number(client, world, estate):
    client.force_login(world.agent)

    cards = client.get(
        reverse("intake-caller"), {"by": "address", "address": "翠湖苑12-1-1502"}, HTTP_HX_REQUEST="true"
    )

    html = cards.content.decode()
    assert cards.status_code == 200
    first = html.index('data-customer="')
    assert html[first:].startswith(f'data-customer="{estate["exact"].pk}"')
    home = Premises.objects.get(customer=estate["exact"])
    response = client.post(
        reverse("intake"),
        {
            "phone": "",
            "address": "翠湖苑12-1-1502",
            "pick": f"{estate['exact'].pk}:{home.pk}",
            "category": "repair",
            "channel": "phone",
            "content": "卫生间漏水",
        },
    )
    assert response.status_code == 302
    ticket = estate["exact"].tickets.get()
    assert ticket.premises == home
    assert ticket.contact_phone == estate["exact"].phones.first().number
