"""The forbidden-phrase guard (J1): finds 禁忌用语 in a text in one pass, whatever the list's size.

The text is normalised first, character by character so every hit maps back to the characters
the agent typed: NFKC (full-width ＡＢＣ, half-width katakana, compatibility forms), traditional
to simplified (OpenCC's t2s table: 找領導去 is 找领导去), lower case, and every space, punctuation
mark or symbol dropped (不 知 道, 不-知-道, 不，知道 all read 不知道). The phrases and their
allowed contexts are normalised the same way and put into one Aho–Corasick automaton
(pyahocorasick), so a scan costs the text's length plus the hits, not the list's length times it.

A hit inside one of its phrase's allowed contexts (不知道 inside 不知道您是否方便) is no hit; of
hits that overlap, the longer phrase is reported.
"""

import re
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import ahocorasick
import opencc
from django.db.models import Count, Max

from standards.models import ForbiddenPhrase

_T2S = opencc.OpenCC("t2s")
# Unicode categories that carry no meaning inside a phrase: punctuation, separators (spaces),
# symbols and control or format characters (zero-width spaces and joiners among them).
_DROPPED = ("P", "Z", "S", "C")


def _fold(char: str) -> str:
    """One typed character as it is matched: '' for what is dropped, else one or more chars."""
    out = []
    for c in unicodedata.normalize("NFKC", char):
        if unicodedata.category(c)[0] in _DROPPED:
            continue
        if ord(c) >= 0x2E80:  # CJK and beyond: the traditional form becomes the simplified one
            c = _T2S.convert(c) or c
        out.append(c.lower())
    return "".join(out)


class _FoldTable(dict):
    """str.translate's table, filled as characters are met (at most Unicode's size, a few MB in
    the worst case): after the first texts a scan folds in C, not character by character."""

    def __missing__(self, code: int) -> str:
        piece = _fold(chr(code))
        if len(piece) > 1:
            _EXPANDING.add(chr(code))
        self[code] = piece
        return piece


class _DropMarks(dict):
    """Dropped characters → NUL, the rest unchanged: where the folded text loses a character."""

    def __missing__(self, code: int) -> str:
        piece = "\0" if not _FOLDED[code] else chr(code)
        self[code] = piece
        return piece


_FOLDED = _FoldTable()
_MARKS = _DropMarks()
_EXPANDING: set[str] = set()  # characters NFKC turns into several (㈱ → (株)): the slow path
_NUL = re.compile("\0")


def normalise(text: str) -> tuple[str, Callable[[int], int]]:
    """(folded text, a function from a folded index to the index of the typed character it came from)."""
    folded = text.translate(_FOLDED)
    if _EXPANDING.isdisjoint(text):
        if len(folded) == len(text):
            return folded, _same
        # Each dropped character shifts every later one: folded j is typed j + (drops up to it).
        steps = [m.start() - k for k, m in enumerate(_NUL.finditer(text.translate(_MARKS)))]
        return folded, lambda j: j + bisect_right(steps, j)
    origin: list[int] = []
    for index, char in enumerate(text):
        origin.extend([index] * len(_FOLDED[ord(char)]))
    return folded, origin.__getitem__


def _same(index: int) -> int:
    return index


def key_of(phrase: str) -> str:
    return normalise(phrase)[0]


@dataclass(frozen=True)
class Hit:
    phrase: str
    start: int  # index of the first typed character, as Python (and JS for Chinese) counts
    end: int  # one past the last
    advice: str

    def as_dict(self) -> dict:
        return {"phrase": self.phrase, "start": self.start, "end": self.end, "advice": self.advice}


@dataclass(frozen=True)
class Entry:
    phrase: str
    advice: str
    allowed: tuple[str, ...] = ()


class Matcher:
    """An automaton over a list of entries; immutable once built, shared between threads."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.automaton = ahocorasick.Automaton()
        patterns: dict[str, list[tuple[str, int]]] = {}
        for number, entry in enumerate(entries):
            key = key_of(entry.phrase)
            if not key:
                continue
            patterns.setdefault(key, []).append(("phrase", number))
            for context in entry.allowed:
                context_key = key_of(context)
                if key in context_key and context_key != key:
                    patterns.setdefault(context_key, []).append(("allowed", number))
        for key, roles in patterns.items():
            self.automaton.add_word(key, (len(key), tuple(roles)))
        self.size = len(patterns)
        if self.size:
            self.automaton.make_automaton()

    def scan(self, text: str) -> list[Hit]:
        if not self.size or not text:
            return []
        folded, origin = normalise(text)
        found: list[tuple[int, int, int]] = []  # (start, end, entry) in folded positions
        allowed: dict[int, list[tuple[int, int]]] = {}
        for last, (length, roles) in self.automaton.iter(folded):
            start = last - length + 1
            for role, number in roles:
                if role == "phrase":
                    found.append((start, last + 1, number))
                else:
                    allowed.setdefault(number, []).append((start, last + 1))
        if not found:
            return []
        kept = [
            (start, end, number)
            for start, end, number in found
            if not any(a <= start and end <= b for a, b in allowed.get(number, ()))
        ]
        # Longest first: a phrase inside a longer reported one (不管 in 我不管) is the same hit.
        kept.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
        hits: list[Hit] = []
        reach = -1
        for start, end, number in kept:
            if end <= reach:
                continue
            reach = max(reach, end)
            entry = self.entries[number]
            hits.append(Hit(entry.phrase, origin(start), origin(end - 1) + 1, entry.advice))
        return hits


_lock = threading.Lock()
_cached: tuple[tuple, Matcher] | None = None


def _stamp() -> tuple:
    """Changes whenever the list does (an edit moves updated_at, a deletion the count): one small
    aggregate query, so every worker process sees a manager's edit on its next check."""
    row = ForbiddenPhrase.objects.filter(is_active=True).aggregate(n=Count("id"), at=Max("updated_at"), top=Max("id"))
    return (row["n"], row["at"], row["top"])


def entries_from_db() -> list[Entry]:
    return [
        Entry(p.phrase, p.advice, tuple(p.allowed_list))
        for p in ForbiddenPhrase.objects.filter(is_active=True).order_by("id")
    ]


def current_matcher() -> Matcher:
    global _cached
    stamp = _stamp()
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == stamp:
            return _cached[1]
        matcher = Matcher(entries_from_db())
        _cached = (stamp, matcher)
        return matcher


def find(text: str) -> list[Hit]:
    """The forbidden phrases in `text`, by the list in force."""
    return current_matcher().scan(text)
