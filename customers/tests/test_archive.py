"""The customer archive (F1-F4): writing it, finding a caller (A4), and its privacy rules (F3)."""

import pytest

from core.errors import Forbidden, InvalidInput
from customers.actions import PremisesIn, create_customer, reveal_customer_phones
from customers.models import Community, Customer, CustomerPhone, PhoneReveal, Premises, format_address
from customers.selectors import confirmation_line, customers_by_phone, search_customers


@pytest.fixture
def wang(world):
    """王建国 of 翠湖苑3号楼2单元501室, entered by the agent as the clerk typed it."""
    return create_customer(
        actor=world.agent,
        name=" 王建国 ",
        gender="male",
        grade="A",
        phones=["138-0013-8000", "+86 138 0013 8000", "(029) 8888-6666"],
        premises=[PremisesIn(community="翠湖苑", building="3", unit="2", room="501")],
    )


def test_a_customer_is_stored_with_normalised_unique_phones_and_premises(world, wang):
    assert (wang.name, wang.gender, wang.grade, wang.created_by) == ("王建国", "male", "A", world.agent)
    assert list(wang.phones.values_list("number", "is_primary")) == [("13800138000", True), ("02988886666", False)]
    assert [p.address for p in wang.premises.all()] == ["翠湖苑3号楼2单元501室"]


def test_a_community_is_shared_not_duplicated(world, wang):
    create_customer(
        actor=world.agent,
        name="李秀英",
        phones=["13700137000"],
        premises=[PremisesIn(community="翠湖苑", building="5")],
    )
    assert list(Community.objects.values_list("name", flat=True)) == ["翠湖苑"]


INVALID = {
    "no name": ("name", {"name": "  "}),
    "name too long": ("name", {"name": "王" * 51}),
    "unknown gender": ("gender", {"gender": "m"}),
    "unknown grade": ("grade", {"grade": "D"}),
    "no phone": ("phones", {"phones": []}),
    "not a phone": ("phones", {"phones": ["13800138000", "call me"]}),
    "note too long": ("note", {"note": "备" * 2001}),
    "address without community": ("premises", {"premises": [PremisesIn(community=" ", building="3")]}),
    "room too long": ("premises", {"premises": [PremisesIn(community="翠湖苑", room="5" * 21)]}),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_it_refuses_an_invalid_customer_and_writes_nothing(case, world):
    field, changes = INVALID[case]
    entry = {"actor": world.agent, "name": "王建国", "phones": ["13800138000"], "gender": "male"}
    entry.update(changes)
    with pytest.raises(InvalidInput) as refused:
        create_customer(**entry)
    assert field in refused.value.fields
    assert not (Customer.objects.exists() or CustomerPhone.objects.exists() or Premises.objects.exists())
    assert not Community.objects.exists()


def test_field_staff_cannot_write_the_archive(world):
    with pytest.raises(Forbidden):
        create_customer(actor=world.engineer, name="王建国", phones=["13800138000"])
    assert not Customer.objects.exists()


# ── identifying the caller (A4) ───────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "caller_id", ["13800138000", "+86 138-0013-8000", "008613800138000", "029-8888-6666", "+86 29 8888 6666"]
)
def test_the_caller_is_found_by_any_spelling_of_their_number(caller_id, wang):
    assert list(customers_by_phone(caller_id)) == [wang]


def test_a_shared_household_number_finds_every_member(world, wang):
    wife = create_customer(actor=world.agent, name="刘芳", gender="female", phones=["029 8888 6666"])
    assert set(customers_by_phone("02988886666")) == {wang, wife}


def test_an_unknown_or_empty_number_finds_nobody(wang):
    assert list(customers_by_phone("13999999999")) == []
    assert list(customers_by_phone("")) == []


@pytest.mark.parametrize("query", ["王建", "翠湖", "8000", "1380013", "6666"])
def test_search_finds_by_name_community_or_part_of_a_number(query, world, wang):
    create_customer(
        actor=world.agent, name="李秀英", phones=["13700137001"], premises=[PremisesIn(community="金色家园")]
    )
    assert list(search_customers(query)) == [wang]


def test_the_confirmation_line_names_the_address_and_the_honorific(world, wang):
    # 您是翠湖苑3号楼2单元501室王先生吗？ — whatever the language, both parts are in it
    line = confirmation_line(wang)
    assert "翠湖苑3号楼2单元501室" in line
    assert wang.honorific in line
    assert wang.honorific in {"王先生", "Mr. 王"}


def test_the_confirmation_line_can_name_another_of_the_customers_premises(world, wang):
    shop = Premises.objects.create(
        customer=wang, community=Community.objects.create(name="金色家园"), building="商铺", room="12号"
    )
    assert "金色家园商铺12号" in confirmation_line(wang, shop)


@pytest.mark.parametrize(
    ("parts", "address"),
    [
        (("翠湖苑", "3", "2", "501"), "翠湖苑3号楼2单元501室"),
        (("翠湖苑", "A座", "", "1201"), "翠湖苑A座1201室"),
        (("翠湖苑", "3号楼", "二单元", "501室"), "翠湖苑3号楼二单元501室"),
        (("翠湖苑", "", "", ""), "翠湖苑"),
    ],
)
def test_addresses_add_suffixes_only_to_bare_numbers(parts, address):
    assert format_address(*parts) == address


# ── revealing a full number (F3) ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("who", ["agent", "steward", "night", "manager"])
def test_revealing_a_customers_numbers_is_attributed(who, world, wang):
    numbers = reveal_customer_phones(wang, actor=getattr(world, who))
    assert numbers == ["13800138000", "02988886666"]
    assert list(PhoneReveal.objects.values_list("customer", "actor")) == [(wang.pk, getattr(world, who).pk)]


def test_every_reveal_is_logged_not_just_the_first(world, wang):
    reveal_customer_phones(wang, actor=world.agent)
    reveal_customer_phones(wang, actor=world.agent)
    assert PhoneReveal.objects.filter(customer=wang, actor=world.agent).count() == 2


@pytest.mark.parametrize("who", ["qa", "admin", "engineer"])
def test_only_customer_service_reveals_archive_numbers(who, world, wang):
    with pytest.raises(Forbidden):
        reveal_customer_phones(wang, actor=getattr(world, who))
    assert not PhoneReveal.objects.exists()
