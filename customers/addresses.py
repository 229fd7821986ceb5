"""How people say an address (A4): 翠湖苑12号楼1单元1502, 翠湖苑 12-1-1502, 12栋1502, 1502.

Pure functions: `address_key` turns a stored building/unit/room into the bare form the search
index holds; `parse_address` reads a typed address into the same form.
"""

import re
import unicodedata
from dataclasses import dataclass

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# Words said after a number: 号楼, 栋, 幢, 座 (building); 单元, 门 (unit); 室, 房, 号 (room).
_BUILDING_WORDS = ("号楼", "栋", "幢", "座", "楼", "#")
_UNIT_WORDS = ("单元", "门")
_ROOM_WORDS = ("室", "房", "号")
_SUFFIXES = tuple(sorted(_BUILDING_WORDS + _UNIT_WORDS + _ROOM_WORDS, key=len, reverse=True))
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百]+")
# In typed text only numbers said with their word: 三里屯 is a name, 三单元 a unit.
_CN_NUMBER_WITH_WORD = re.compile(r"[零〇一二两三四五六七八九十百]+(?=号楼|单元|栋|幢|座|楼|门|室|房|号)")
# A number (digits, maybe a letter: 12A, B2) and the word after it, if any.
_TOKEN = re.compile(r"([A-Z]?\d+[A-Z]?)\s*(号楼|单元|栋|幢|座|楼|门|室|房|号|#)?")


def _cn_to_int(text: str) -> int | None:
    """十二 → 12, 二十一 → 21, 一五零二 → 1502 (digit by digit, as room numbers are read)."""
    if "百" not in text and "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _plain(text: str, numbers: re.Pattern = _CN_NUMBER) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip().upper()
    return numbers.sub(lambda m: str(_cn_to_int(m.group())), text)


def address_key(part: str) -> str:
    """The bare number of a building, unit or room: 12号楼 → 12, 01单元 → 1, 1502室 → 1502."""
    text = _plain(part).replace(" ", "")
    for word in _SUFFIXES:
        if text.endswith(word) and len(text) > len(word):
            text = text[: -len(word)]
            break
    if text.isdigit():
        text = str(int(text))
    return text[:20]


@dataclass(frozen=True)
class AddressQuery:
    community: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.community or self.building or self.unit or self.room)


def parse_address(text: str) -> AddressQuery:
    """The community is the words before the first number; the numbers are building, unit and
    room by their words, else by position: the last bare number is the room (1502, 12-1502,
    12-1-1502)."""
    text = _plain(text[:100], _CN_NUMBER_WITH_WORD)
    # The community runs to the first number, a phase (翠湖苑2期) included.
    community = re.match(r"[^\d]*(?:\d+期)?", text).group()
    rest = text[len(community) :]
    community = re.sub(r"[\s,，、\-#]+", "", community)
    found: dict[str, str] = {}
    bare: list[str] = []
    for number, word in _TOKEN.findall(rest):
        value = str(int(number)) if number.isdigit() else number
        if word in _BUILDING_WORDS and "building" not in found:
            found["building"] = value
        elif word in _UNIT_WORDS and "unit" not in found:
            found["unit"] = value
        elif word in ("室", "房") and "room" not in found:
            found["room"] = value
        else:
            bare.append(value)
    # Bare numbers fill what the words left open, the room first (it is said last).
    for slot in ("room", "building", "unit"):
        if slot not in found and bare:
            found[slot] = bare.pop() if slot == "room" else bare.pop(0)
    return AddressQuery(community=community[:50], **{k: v[:20] for k, v in found.items()})
