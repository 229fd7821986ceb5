"""Phone numbers: normalisation for lookup, masking for display (F3)."""

import re

_DIGITS = re.compile(r"\D+")
PHONE_RE = re.compile(r"^\+?\d{5,20}$")


def normalize_phone(raw: str) -> str:
    """Keep digits (and a leading +), drop spaces, dashes and brackets: '138-0013 8000' → '13800138000'."""
    raw = (raw or "").strip()
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
    return bool(PHONE_RE.match(value or ""))


def mask_phone(number: str) -> str:
    """138****5678 for mobiles; landlines and short numbers keep their first 3 and last 2-4 digits."""
    if not number:
        return ""
    if len(number) >= 11:
        return number[:3] + "****" + number[-4:]
    if len(number) >= 7:
        return number[:3] + "*" * (len(number) - 5) + number[-2:]
    return number[0] + "*" * (len(number) - 1)
