"""Keyword search (tickets/search.py): Chinese words without spaces, latin words, numbers — the
same answers on SQLite (an FTS5 index of the bigrams) and PostgreSQL (a bigram tsvector), always
within what the user may see."""

import pytest

from tickets.actions import Contact, dispatch_ticket, resolve_ticket, start_ticket
from tickets.actions.work import accept_ticket
from tickets.search import token_text, tokens
from tickets.selectors import search_tickets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("厨房燃气管道漏气", ["厨房", "房燃", "燃气", "气管", "管道", "道漏", "漏气"]),
        ("漏气", ["漏气"]),
        ("水", ["水"]),
        ("TCL空调不制冷", ["tcl", "空调", "调不", "不制", "制冷"]),
        ("3号楼2单元501室", ["3", "号楼", "2", "单元", "501", "室"]),
        ("漏水！！请尽快，谢谢", ["漏水", "请尽", "尽快", "谢谢"]),
        ("", []),
    ],
)
def test_tokens_are_cjk_bigrams_and_lowercased_words(text, expected):
    assert tokens(text) == expected


def test_token_text_skips_empty_parts():
    assert tokens(token_text("漏气", "", "王建国")) == ["漏气", "王建", "建国"]


@pytest.fixture
def gas_leak(world, make_ticket):
    return make_ticket(category="emergency", content="厨房燃气管道漏气，味道很大")


def found(user, q):
    return list(search_tickets(user, q=q).values_list("content", flat=True))


@pytest.mark.parametrize("q", ["漏气", "管道漏气", "燃气管道", "厨房", " 漏气 "])
def test_a_chinese_word_or_phrase_finds_the_ticket(q, world, gas_leak):
    assert found(world.agent, q) == [gas_leak.content]


@pytest.mark.parametrize("q", ["气漏", "漏水", "管漏气", "燃气漏"])
def test_characters_out_of_order_or_apart_do_not_match(q, world, gas_leak):
    assert found(world.agent, q) == []


def test_all_words_of_a_query_must_match(world, make_ticket, gas_leak):
    make_ticket(content="卫生间水管漏水")
    assert found(world.agent, "厨房 漏气") == [gas_leak.content]
    assert found(world.agent, "卫生间 漏气") == []


@pytest.mark.parametrize("q", ["TCL", "tcl", "Tcl"])
def test_latin_words_match_whatever_the_case(q, world, make_ticket):
    make_ticket(content="TCL空调不制冷")
    make_ticket(content="格力空调漏水")
    assert found(world.agent, q) == ["TCL空调不制冷"]


def test_numbers_in_the_address_are_searchable(world, make_ticket):
    make_ticket(
        customer=None,
        contact=Contact(name="张先生", phone="13800138001", address="翠湖苑5号楼1单元1202室"),
        content="门铃坏了",
    )
    make_ticket(
        customer=None,
        contact=Contact(name="李女士", phone="13800138002", address="翠湖苑6号楼1单元301室"),
        content="门铃坏了",
    )
    assert list(search_tickets(world.agent, q="1202").values_list("contact_name", flat=True)) == ["张先生"]


def test_the_result_of_the_work_is_searchable(world, make_ticket):
    # given a water-heater repair resolved by replacing the ignition needle
    ticket = dispatch_ticket(make_ticket(content="热水器不出热水"), department=world.eng, actor=world.agent)
    ticket = start_ticket(accept_ticket(ticket, actor=world.engineer), actor=world.engineer)
    resolve_ticket(ticket, result="更换点火针", actor=world.engineer)
    # when a colleague later looks for similar work by what was done
    assert found(world.agent, "点火针") == ["热水器不出热水"]


def test_the_archived_customer_is_searchable_when_someone_else_called(world, customer, make_ticket):
    # given 王建国's son called about his father's flat
    make_ticket(contact=Contact(name="王小明", phone="13900139000"), content="阳台渗水")
    # then the ticket is found by the son's name and by the customer's
    assert found(world.agent, "王小明") == ["阳台渗水"]
    assert found(world.agent, "王建国") == ["阳台渗水"]


def test_a_ticket_number_finds_its_ticket(world, make_ticket):
    first = make_ticket(content="楼道灯不亮")
    make_ticket(content="电梯异响")
    assert found(world.agent, first.number) == ["楼道灯不亮"]
    assert found(world.agent, first.number.lower()) == ["楼道灯不亮"]


def test_a_phrase_never_matches_across_two_fields(world, make_ticket):
    # given content ending in 水管 and a caller named 管建华 (管 is a surname)
    make_ticket(customer=None, contact=Contact(name="管建华", phone="13800138003"), content="卫生间水管")
    # then 水管建 — the end of one field glued to the start of the next — is no match
    assert found(world.agent, "水管建") == []
    assert found(world.agent, "管建华") == ["卫生间水管"]


def test_search_stays_within_what_the_user_may_see(world, make_ticket):
    dispatch_ticket(make_ticket(content="燃气表漏气"), department=world.eng, actor=world.agent)
    dispatch_ticket(make_ticket(content="岗亭漏气"), department=world.security, actor=world.agent)
    assert sorted(found(world.agent, "漏气")) == sorted(["燃气表漏气", "岗亭漏气"])
    assert found(world.engineer, "漏气") == ["燃气表漏气"]
    assert found(world.guard, "漏气") == ["岗亭漏气"]


def test_a_query_without_words_matches_nothing_or_everything_sensibly(world, gas_leak):
    # an empty query is no filter; punctuation alone finds nothing
    assert found(world.agent, "") == [gas_leak.content]
    assert found(world.agent, "！？") == []


@pytest.mark.django_db
def test_a_single_chinese_character_finds_the_words_it_starts(world, make_ticket):
    ticket = make_ticket(content="厨房燃气管道漏气")
    other = make_ticket(content="楼道灯不亮")
    found = set(search_tickets(world.agent, q="漏").values_list("pk", flat=True))
    assert ticket.pk in found
    assert other.pk not in found
