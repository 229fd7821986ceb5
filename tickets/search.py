"""Keyword search that finds two-character Chinese words (漏气, 停水) without a table scan.

Chinese has no spaces, so a word-based index finds nothing. We index every pair of adjacent
CJK characters (bigrams) and every latin/digit word; a query becomes the phrase of its bigrams
(漏气严重 → 漏气 <-> 气严 <-> 严重), so a two-character word is a single indexed lookup and a
longer phrase must appear contiguously. On PostgreSQL the tokens live in a GIN-indexed tsvector
(a stored generated column, search_vector);
SQLite falls back to LIKE on the text, which is right for the embedded database's sizes.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Right

from core.phones import normalize_phone
from customers.models import Customer

# The caller's phone as agents type it: the whole number, or its last four digits (issue 13).
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{2,24}$")
# 李女士 / 王先生: the honorific the caller card shows, searched as surname and gender.
_HONORIFIC = re.compile(r"^([\u3400-\u4dbf\u4e00-\u9fff]{1,2})(先生|女士)$")
# The index expression of migration 0010 (ticket_phone_last4): a query must spell it the same way.
PHONE_LAST4 = Right("contact_phone", 4)

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[0-9A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for run in _RUN.findall(text or ""):
        if _CJK.match(run):
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run.lower())
    return out


# Between two fields: a word to PostgreSQL's parser (so it takes a position) that no query can
# produce (U+3007 is outside the CJK ranges above). A phrase needs adjacent positions, so it never
# matches the end of one field glued to the start of the next. Punctuation such as "|" takes no
# position and would not separate them.
_FIELD_BREAK = " 〇 "


def token_text(*parts: str) -> str:
    return _FIELD_BREAK.join(" ".join(tokens(part)) for part in parts if part)


def ticket_token_text(ticket) -> str:
    """A ticket's search_tokens: what was said at intake, who said it, and what the work did."""
    customer_name = ticket.customer.name if ticket.customer_id else ""
    return token_text(ticket.content, ticket.contact_name, ticket.contact_address, customer_name, ticket.result)


def tsquery(query: str) -> str | None:
    """'漏气 3号楼' → "'漏气' & ( '3' <-> '号楼' )" … each run a phrase, runs AND-ed together."""
    phrases = []
    for run in _RUN.findall(query or ""):
        parts = tokens(run)
        if len(parts) == 1 and len(run) == 1 and _CJK.match(run):
            # A single character is no bigram: match the bigrams it starts (漏 → 漏气, 漏水).
            # It misses the character only where it ends a run of text; good enough for one
            # character, which is rarely a word on its own.
            phrases.append(f"'{run}':*")
        elif parts:
            phrases.append("(" + " <-> ".join(f"'{p}'" for p in parts) + ")")
    return " & ".join(phrases) or None


def _caller(qs: QuerySet, query: str) -> tuple[QuerySet, Q | None]:
    """What a query means beside its words: the caller's phone (whole, or the last four digits,
    both indexed) or an honorific (customers of that surname and gender, or a contact so named)."""
    if _PHONE.match(query):
        number = normalize_phone(query)
        if len(number) == 4:
            return qs.alias(phone_last4=PHONE_LAST4), Q(phone_last4=number)
        if len(number) >= 7:
            return qs, Q(contact_phone=number)
    found = _HONORIFIC.match(query)
    if found:
        surname, gender = found.group(1), "male" if found.group(2) == "先生" else "female"
        customers = Customer.objects.filter(gender=gender).filter(
            Q(surname=surname) | Q(surname="", name__startswith=surname)
        )
        return qs, Q(customer__in=customers.values("pk")) | Q(customer__isnull=True, contact_name__startswith=surname)
    return qs, None


def filter_keyword(qs: QuerySet, query: str) -> QuerySet:
    query = unicodedata.normalize("NFKC", query or "").strip()[:100]
    if not query:
        return qs
    qs, caller = _caller(qs, query)
    if _HONORIFIC.match(query):
        return qs.filter(caller)
    if connection.vendor == "postgresql":
        tsq = tsquery(query)
        if tsq is None:
            return qs.none()
        matches = RawSQL(
            # search_vector: the stored to_tsvector('simple', search_tokens), GIN-indexed
            # (migration 0005), so a row walked in date order costs no tsvector computation.
            "tickets_ticket.search_vector @@ to_tsquery('simple'::regconfig, %s)",
            [tsq],
            output_field=BooleanField(),
        )
        found = Q(matches) | Q(number=query.upper())
        return qs.filter(found | caller if caller is not None else found)
    if caller is not None:
        return qs.filter(caller | Q(content__icontains=query) | Q(contact_address__icontains=query))
    words = [w for w in query.split() if w]
    for word in words:
        qs = qs.filter(
            Q(content__icontains=word)
            | Q(contact_name__icontains=word)
            | Q(contact_address__icontains=word)
            | Q(customer__name__icontains=word)
            | Q(number__icontains=word)
            | Q(result__icontains=word)
        )
    return qs
