"""Reading the case library: the cases most like what the customer says now (D4)."""

from complaints.models import Case
from tickets.search import tokens

MAX_CANDIDATES = 2000


def similar_cases(text: str, *, limit: int = 5) -> list[Case]:
    """Cases ranked by the Chinese bigrams and words they share with `text`.

    The library holds hundreds of cases, not millions: scoring them in Python keeps one
    behaviour on SQLite and PostgreSQL and finds 电梯困人 from 电梯里困了人.
    """
    wanted = set(tokens((text or "")[:500]))
    if not wanted:
        return []
    scored = []
    for case in Case.objects.only(
        "id", "title", "situation", "cause", "solution", "tags", "search_tokens", "created_at"
    )[:MAX_CANDIDATES]:
        shared = len(wanted & set(case.search_tokens.split()))
        if shared:
            scored.append((shared, case.created_at, case))
    scored.sort(key=lambda item: (-item[0], -item[1].timestamp()))
    return [case for _shared, _at, case in scored[:limit]]
