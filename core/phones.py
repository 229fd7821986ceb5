"""Phone numbers: normalisation for lookup, validation, masking for display (F3)."""

import re
import unicodedata

import phonenumbers
from phonenumbers import shortnumberinfo

_DIGITS = re.compile(r"\D+")
# The column holds 20 characters; E.164 numbers have at most 15 digits.
PHONE_RE = re.compile(r"^\+?\d{5,16}$")
# A local landline given without its area code (8888 6666), as callers often do.
_LOCAL_LANDLINE = re.compile(r"^[2-9]\d{6,7}$")


def normalize_phone(raw: str) -> str:
    """Keep digits (and a leading +), drop spaces, dashes and brackets: '138-0013 8000' → '13800138000'.

    NFKC first: full-width digits (１３８…, typed with a Chinese input method) are the same number.
    """
    raw = unicodedata.normalize("NFKC", raw or "").strip()
    plus = raw.startswith("+")
    digits = _DIGITS.sub("", raw)
    # China's own numbers are stored as dialled at home, whatever form the caller ID or the clerk
    # used: +86 / 0086 mobiles as the 11 local digits, landlines with the area code's trunk 0
    # (+86 29 8888 6666 → 02988886666), so either spelling finds the same customer.
    national = digits[2:] if plus and digits.startswith("86") else digits[4:] if digits.startswith("0086") else None
    if national is not None:
        if len(national) == 11 and national.startswith("1"):
            return national
        if 9 <= len(national) <= 11 and not national.startswith("0"):
            return "0" + national
    return ("+" if plus else "") + digits


def is_valid_phone(value: str) -> bool:
    """A normalised number that Google's libphonenumber (region CN) knows as a number or a service
    number (12345, 95555), or a local landline without its area code."""
    if not PHONE_RE.match(value or ""):
        return False
    if _LOCAL_LANDLINE.match(value):
        return True
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number(number)


def mask_phone(number: str) -> str:
    """138****5678 for mobiles; landlines and short numbers keep their first 3 and last 2-4 digits."""
    if not number:
        return ""
    if len(number) >= 11:
        return number[:3] + "****" + number[-4:]
    if len(number) >= 7:
        return number[:3] + "*" * (len(number) - 5) + number[-2:]
    return number[0] + "*" * (len(number) - 1)
