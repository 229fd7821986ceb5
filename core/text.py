"""What text may contain, checked once for every way in (guards.middleware, core.schemas, clean_text).

Control characters (NUL above all: PostgreSQL refuses it, so it answered 500) and lone surrogates
(no UTF-8 encoding) are refused; tab, line feed and carriage return are ordinary typing.
Invisible characters at either end do not count as content.
"""

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Invisible characters that str.strip() keeps: zero-width space, joiners, word joiner, BOM.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def has_control(value: str) -> bool:
    return CONTROL.search(value) is not None


def trim(value: str) -> str:
    """Blanks and invisible characters off both ends: "\u200b\u200b" is no content."""
    previous = None
    while previous != value:
        previous, value = value, value.strip().strip(INVISIBLE)
    return value
