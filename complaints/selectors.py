"""Reading the case library: the cases most like what the customer says now (D4)."""

from django.db.models import Q, QuerySet

from complaints.models import Case, Level
from tickets.models import Ticket
from tickets.search import tokens
from tickets.vocabulary import Category

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


def complaint_register(*, waiting: bool = False, level: str = "") -> QuerySet:
    """The complaint register (投诉登记, D5): every complaint ticket with its grading, newest first.
    `waiting`: the major complaints the manager still has to accept, or whose proposed
    compensation still waits for an approved amount."""
    qs = Ticket.objects.filter(category=Category.COMPLAINT).select_related(
        "complaint__target_department", "complaint__target_staff", "owner", "department", "customer"
    )
    if waiting:
        qs = qs.filter(complaint__level=Level.MAJOR).filter(
            Q(complaint__accepted_at__isnull=True)
            | Q(complaint__compensation_proposed__isnull=False, complaint__compensation_approved__isnull=True)
        )
    if level == "ungraded":
        qs = qs.filter(complaint__isnull=True)
    elif level in Level.values:
        qs = qs.filter(complaint__level=level)
    return qs.order_by("-received_at", "-id")
