"""Phone numbers (F3): one stored form for lookup, a masked form for display."""

import pytest

from core.phones import is_valid_phone, mask_phone, normalize_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        (" 138-0013-8000 ", "13800138000"),
        ("(029) 8888-6666", "02988886666"),
        ("029-88886666", "02988886666"),
        ("+1 415 555 0100", "+14155550100"),
        ("008613800138000", "13800138000"),
        ("+86 29 8888 6666", "02988886666"),  # a landline gets its trunk 0 back
        ("+86 10 8888 6666", "01088886666"),  # Beijing's area code starts with 1, yet is no mobile
        ("0086 21 6666 8888", "02166668888"),
        ("１３８－００１３－８０００", "13800138000"),  # full-width, as a Chinese input method types it
        ("＋８６ １３８００１３８０００", "13800138000"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_phone_keeps_the_digits_that_identify_the_line(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("13800138000", True),
        ("02988886666", True),
        ("+14155550100", True),
        ("12345", True),
        ("1234", False),
        ("", False),
        ("138-0013-8000", False),  # validity is checked on the normalised form
        ("1" * 21, False),
        ("+" + "1" * 20, False),  # 21 characters: the column holds 20
        ("12345678901", False),  # eleven digits, but no mobile range starts with 123
        ("88886666", True),  # a local landline without its area code
        ("95555", True),  # a bank's service number
        ("+4400000000000", False),
    ],
)
def test_is_valid_phone(number, valid):
    assert is_valid_phone(number) is valid


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13800138000", "138****8000"),
        ("02988886666", "029****6666"),
        ("+14155550100", "+14****0100"),
        ("88886666", "888***66"),
        ("9555888", "955**88"),
        ("12345", "1****"),
        ("", ""),
    ],
)
def test_mask_phone_hides_the_middle_digits(number, masked):
    assert mask_phone(number) == masked


def test_a_masked_number_never_shows_more_than_seven_digits_of_a_mobile():
    masked = mask_phone("13800138000")
    assert sum(ch.isdigit() for ch in masked) == 7
    assert "0013" not in masked
