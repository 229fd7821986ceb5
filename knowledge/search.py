"""Searching articles with the tickets' two-character Chinese index (tickets/search.py): the
same bigram tokens, the same phrase queries on PostgreSQL, LIKE on SQLite. The article table is
small (hundreds of rows), so PostgreSQL computes the tsvector per row instead of keeping a column."""

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from tickets.search import token_text, tsquery


def article_tokens(title: str, body: str) -> str:
    return token_text(title, body)


def filter_articles(qs: QuerySet, query: str) -> QuerySet:
    query = (query or "").strip()[:100]
    if not query:
        return qs
    if connection.vendor == "postgresql":
        tsq = tsquery(query)
        if tsq is None:
            return qs.none()
        matches = RawSQL(
            "to_tsvector('simple'::regconfig, knowledge_article.search_tokens) @@ to_tsquery('simple'::regconfig, %s)",
            [tsq],
            output_field=BooleanField(),
        )
        return qs.filter(matches)
    for word in query.split():
        qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return qs
