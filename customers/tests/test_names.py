"""Honorifics (A3, A4): 王先生, 欧阳女士 — the surname, compound ones included, and the gender.

The words 先生/女士 (Mr./Ms. in English) come from the translation catalogue; these tests accept
either language and pin the surname and the distinction between the genders.
"""

import pytest

from customers.names import COMPOUND_SURNAMES, honorific, surname_of
from tests.factories import CustomerFactory


@pytest.mark.parametrize(
    ("name", "surname"),
    [
        ("王建国", "王"),
        ("李娜", "李"),
        ("欧阳娜娜", "欧阳"),
        ("司马光", "司马"),
        ("诸葛亮", "诸葛"),
        ("欧丽", "欧"),  # 欧 alone is a surname too; only 欧阳 is compound
        (" 张伟 ", "张"),
        ("John Smith", "Smith"),
        ("Smith", "Smith"),
        ("", ""),
    ],
)
def test_surname_of(name, surname):
    assert surname_of(name) == surname


def test_the_compound_surnames_are_two_characters():
    assert all(len(s) == 2 for s in COMPOUND_SURNAMES)


def test_a_man_is_addressed_by_his_surname():
    assert honorific("王建国", "male") in {"王先生", "Mr. 王"}


def test_a_woman_with_a_compound_surname_keeps_both_characters():
    assert honorific("欧阳娜娜", "female") in {"欧阳女士", "Ms. 欧阳"}


def test_men_women_and_unknown_are_addressed_differently_by_the_same_surname():
    male, female, unknown = honorific("王建国", "male"), honorific("王芳", "female"), honorific("王伟", "unknown")
    assert len({male, female, unknown}) == 3
    assert all("王" in h for h in (male, female, unknown))
    assert unknown in {"王先生/女士", "Mr./Ms. 王"}


def test_a_recorded_surname_overrides_the_first_character():
    # 单 as a surname, recorded by the agent because the customer said so
    assert "单" in honorific("单田芳", "male", surname="单")
    assert "章" in honorific("张三", "male", surname="章") and "张" not in honorific("张三", "male", surname="章")


def test_a_customer_without_a_name_gets_a_polite_form_without_surname():
    assert honorific("", "male")  # never empty, never "先生" alone
    assert honorific("", "male") == honorific("", "female")


def test_the_customer_record_uses_the_same_rules(db):
    customer = CustomerFactory(name="欧阳娜娜", gender="female")
    assert customer.family_name == "欧阳"
    assert customer.honorific == honorific("欧阳娜娜", "female")
    customer.surname = "欧"
    assert customer.family_name == "欧"
    assert customer.honorific == honorific("欧阳娜娜", "female", "欧")
