"""Keyword search that finds two-character Chinese words (漏气, 停水) without a table scan.

Chinese has no spaces, so a word-based index finds nothing. We index every pair of adjacent
CJK characters (bigrams) and every latin/digit word; a query becomes the phrase of its bigrams
(漏气严重 → 漏气 <-> 气严 <-> 严重), so a two-character word is a single indexed lookup and a
longer phrase must appear contiguously. The tokens of a ticket (search_tokens: content, caller,
address, customer, result) are indexed on both databases and queried with the same phrases:

- PostgreSQL: a GIN-indexed tsvector (a stored generated column, search_vector, migration 0005),
  matched with to_tsquery (`tsquery`).
- SQLite: an FTS5 table over search_tokens (tickets_ticket_fts, migration 0015; external content,
  so it stores only the index), kept in step by triggers on tickets_ticket, so bulk loads, update()
  and raw SQL cannot leave it behind; matched with MATCH (`fts_query`) and joined back by rowid
  (`id IN (SELECT rowid …)`), so the query set still filters, orders and pages like any other.
  Before it, SQLite ran LIKE '%…%' over six columns: a rare phrase at 100,000 tickets took
  p95 306 ms (bench/README.md, "SQLite or PostgreSQL").

Both answer the same: a whole word or phrase of the text, a ticket's exact number, the caller's
phone. A fragment inside a latin word or a number (202 in 1202) and part of a ticket number are
no match on either; a single Chinese character finds the words it starts.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import BooleanField, CharField, Q, QuerySet
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


def _phrases(query: str) -> list[tuple[list[str], bool]]:
    """The query's runs as (tokens of a phrase, is a prefix), the same for both databases."""
    out = []
    for run in _RUN.findall(query or ""):
        parts = tokens(run)
        if len(parts) == 1 and len(run) == 1 and _CJK.match(run):
            # A single character is no bigram: match the bigrams it starts (漏 → 漏气, 漏水).
            # It misses the character only where it ends a run of text; good enough for one
            # character, which is rarely a word on its own.
            out.append(([run], True))
        elif parts:
            out.append((parts, False))
    return out


def tsquery(query: str) -> str | None:
    """'漏气 3号楼' → "('漏气') & ('3') & ('号楼')" … each run a phrase, runs AND-ed together."""
    return (
        " & ".join(
            f"'{parts[0]}':*" if prefix else "(" + " <-> ".join(f"'{p}'" for p in parts) + ")"
            for parts, prefix in _phrases(query)
        )
        or None
    )


def fts_query(query: str) -> str | None:
    """The same phrases in FTS5's syntax: '漏气严重 漏' → '"漏气 气严 严重" AND "漏"*'. Tokens are
    only CJK characters, latin letters and digits, so nothing in them needs quoting."""
    return (
        " AND ".join(f'"{parts[0]}"*' if prefix else '"' + " ".join(parts) + '"' for parts, prefix in _phrases(query))
        or None
    )


def _phone_last4():
    if connection.vendor == "sqlite":
        # Django sends Right()'s 4 as a bound parameter, and SQLite matches an expression index
        # only against the same literal expression: spelled as migration 0010 created it, or the
        # last-four search reads every ticket (105 ms at 100,000 tickets instead of a few).
        return RawSQL('SUBSTR("tickets_ticket"."contact_phone", (4 * -1), 4)', [], output_field=CharField())
    return PHONE_LAST4


def _caller(qs: QuerySet, query: str) -> tuple[QuerySet, Q | None]:
    """What a query means beside its words: the caller's phone (whole, or the last four digits,
    both indexed) or an honorific (customers of that surname and gender, or a contact so named)."""
    if _PHONE.match(query):
        number = normalize_phone(query)
        if len(number) == 4:
            return qs.alias(phone_last4=_phone_last4()), Q(phone_last4=number)
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
        matches = Q(
            RawSQL(
                # search_vector: the stored to_tsvector('simple', search_tokens), GIN-indexed
                # (migration 0005), so a row walked in date order costs no tsvector computation.
                "tickets_ticket.search_vector @@ to_tsquery('simple'::regconfig, %s)",
                [tsq],
                output_field=BooleanField(),
            )
        )
    else:
        match = fts_query(query)
        if match is None:
            return qs.none()
        # The matching ids come from the FTS5 index (migration 0015), read once into a set.
        ids = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        if all(prefix for _parts, prefix in _phrases(query)):
            # A lone character starts thousands of words (漏: 8 % of tickets at 100,000): fetching
            # them all by id to sort them took 45 ms a page, walking the tickets newest first and
            # testing each against the set stops at a page (2 ms). The unary + keeps the planner
            # off the id lookup. A phrase matches few enough to fetch by id, as below.
            matches = Q(RawSQL(f'+"tickets_ticket"."id" IN ({ids})', [match], output_field=BooleanField()))
        else:
            matches = Q(pk__in=RawSQL(ids, [match]))
    found = matches | Q(number=query.upper())
    return qs.filter(found | caller if caller is not None else found)


# The SQLite index (migration 0015). External content: the table keeps only the index and reads
# search_tokens from tickets_ticket when rebuilt. The tokens are already split and joined by spaces;
# unicode61 splits on the spaces and keeps a CJK pair, a latin word or the field break (〇, a number
# letter) as one token with its own position, as PostgreSQL's 'simple' parser does. columnsize=0:
# no per-row sizes, which only ranking would read.
FTS_TABLE = "tickets_ticket_fts"
_FTS_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_tokens, content='tickets_ticket', "
    "content_rowid='id', tokenize='unicode61', columnsize=0)"
)
# An external-content index must be told the old tokens to remove them, so every write of
# tickets_ticket goes through these; an update that leaves search_tokens alone costs nothing.
FTS_TRIGGERS = {
    "tickets_ticket_fts_insert": (
        "AFTER INSERT ON tickets_ticket BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, search_tokens) VALUES (new.id, new.search_tokens); END"
    ),
    "tickets_ticket_fts_delete": (
        "AFTER DELETE ON tickets_ticket BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens); END"
    ),
    "tickets_ticket_fts_update": (
        "AFTER UPDATE OF id, search_tokens ON tickets_ticket BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens); "
        f"INSERT INTO {FTS_TABLE}(rowid, search_tokens) VALUES (new.id, new.search_tokens); END"
    ),
}


def _missing_triggers(cursor) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tickets_ticket'")
    present = {name for (name,) in cursor.fetchall()}
    return [name for name in FTS_TRIGGERS if name not in present]


def install_fts(conn) -> None:
    """Create the SQLite index and its triggers, and index the tickets already there (migration 0015)."""
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute(_FTS_CREATE)
    repair_fts(conn)


def repair_fts(conn) -> bool:
    """Where the SQLite index exists, create its missing triggers and then rebuild it from
    search_tokens, since writes made without them are not in it. True if it was rebuilt.

    Run after every migrate (tickets.apps): Django alters a SQLite table by copying it to a new
    one and dropping the old, which drops its triggers with it."""
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:
            return False
        missing = _missing_triggers(cursor)
        for name in missing:
            cursor.execute(f"CREATE TRIGGER {name} {FTS_TRIGGERS[name]}")
        if missing:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return bool(missing)


def drop_fts(conn) -> None:
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        for name in FTS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
