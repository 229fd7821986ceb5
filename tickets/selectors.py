"""Reading tickets, with the names a manager would use. Views and the API both call these."""

from datetime import date, datetime, time, timedelta

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.lookups import IsNull
from django.utils import timezone

from accounts.models import Staff, display_name
from customers.models import Customer
from customers.names import honorific
from deadlines.models import Deadline
from tickets.access import visible_tickets
from tickets.list_cells import ListRow, NextPromise
from tickets.models import Ticket, TicketEvent
from tickets.search import filter_keyword
from tickets.vocabulary import OPEN_STATUS_LIST, Priority, Status


def _overdue_deadlines(now: datetime) -> QuerySet:
    return Deadline.objects.overdue_at(now).filter(ticket=OuterRef("pk"))


def with_overdue(qs: QuerySet, now: datetime | None = None) -> QuerySet:
    """Annotate `is_overdue`: some promise of the ticket is unmet and past due.

    A scalar subquery with LIMIT 1, probed per row through the deadline_unmet_ticket index.
    Written as EXISTS, PostgreSQL hashed every unmet deadline of the database to flag a page of
    50 rows, a cost that grew with the open work (bench, 100,000 tickets: 3,800 rows read per
    page). Filtering on overdue uses EXISTS (search_tickets), where a semi-join is right."""
    first = _overdue_deadlines(now or timezone.now()).order_by().values("pk")[:1]
    return qs.annotate(is_overdue=IsNull(Subquery(first), False))


def for_list(qs: QuerySet) -> QuerySet:
    """Everything a list row shows, in a fixed number of queries whatever the page size.

    Customers are fetched for the page's rows only (prefetch), not joined: a list sorted other
    than by an index (the board's emergencies first) made PostgreSQL hash-join the whole customer
    archive, a cost that grew with the archive (bench: 69 → 38 ms at 100,000 tickets). Owners
    too: joined (an inner join, which SQLite may reorder), SQLite walked every ticket of every
    staff member through ticket_owner_recent to find the open ones (1.2 s at 100,000 tickets)."""
    return with_overdue(
        qs.select_related("department").prefetch_related(
            "owner", "customer", Prefetch("deadlines", queryset=Deadline.objects.order_by("round", "due_at", "id"))
        )
    )


_NEXT_DEADLINE_FIELDS = (
    "ticket_id",
    "kind",
    "round",
    "started_at",
    "due_at",
    "paused_at",
    "warn_at",
    "warned_at",
    "breached_at",
)


def prepare_list_page(tickets: list[Ticket]) -> list[Ticket]:
    """What a list row shows beyond the ticket's own columns, read once for the page: the owner
    (username and name), the customer (what the honorific is made of) and the next unmet
    promise (`ticket.next_deadline`, tickets.list_cells.next_deadline).

    Three plain queries instead of for_list's prefetches: those built some 300 model instances a
    page (every promise of every ticket, met ones too) and a related manager per ticket, about a
    third of the board's time (bench/README.md). The tickets come from a query set without
    prefetches (search_tickets(...).prefetch_related(None)), sliced to the page. For the lists
    whose action buttons read the tickets (the queue, my tasks); the others read values
    (list_page_rows)."""
    if not tickets:
        return tickets
    owners = Staff.objects.only("username", "name").in_bulk({t.owner_id for t in tickets})
    customers = Customer.objects.only("name", "gender", "surname").in_bulk({t.customer_id for t in tickets} - {None})
    nearest: dict[int, tuple] = {}
    unmet = Deadline.objects.filter(ticket_id__in=[t.pk for t in tickets], met_at__isnull=True)
    for row in unmet.order_by("due_at", "round", "id").values_list(*_NEXT_DEADLINE_FIELDS):
        nearest.setdefault(row[0], row)
    for t in tickets:
        t.owner = owners[t.owner_id]
        if t.customer_id is not None:
            t.customer = customers[t.customer_id]
        row = nearest.get(t.pk)
        t.next_deadline = Deadline(**dict(zip(_NEXT_DEADLINE_FIELDS, row, strict=True))) if row else None
    return tickets


# A list row's columns read as values (list_page_rows): the ticket's own and its department's
# name (joined: a small table). Only these: the other 22 columns, ten of them times, were a
# quarter of the page query's time (~1 ms of 4 for 50 rows).
LIST_ROW_VALUES = (
    "pk",
    "number",
    "category",
    "status",
    "priority",
    "supervised",
    "customer_id",
    "contact_name",
    "contact_phone",
    "contact_address",
    "owner_id",
    "department__name",
    "received_at",
)
_PK, _CUSTOMER, _OWNER = (LIST_ROW_VALUES.index(name) for name in ("pk", "customer_id", "owner_id"))
_UNMET_FIELDS = ("ticket_id", *NextPromise._fields[:-1])  # met_at is None by the filter


def list_page_rows(qs: QuerySet, *, owners: dict[int, str] | None = None) -> list[ListRow]:
    """A page of a list without action buttons (the board, my tickets) as ListRows: its tickets
    (search_tickets(..., for_rows=True), sliced to the page) read as values, then their owners,
    customers and unmet promises as values too, one query each. prepare_list_page's model
    instances (tickets, departments, owners, customers, promises: ~200 a page) and their
    descriptors were a third of the board's CPU (issue 19). From the unmet promises come the
    nearest one and the overdue flag (some unmet promise past due: with_overdue's test, in
    Python on the rows read anyway). `owners`: display names by id the caller has already read
    (the board's owner filter lists the active agents); only the page's others are read."""
    now = timezone.now()
    tickets = list(qs.values_list(*LIST_ROW_VALUES))
    if not tickets:
        return []
    owners = dict(owners or {})
    missing = {t[_OWNER] for t in tickets} - owners.keys()
    if missing:
        owners.update(
            (pk, display_name(username, name))
            for pk, username, name in Staff.objects.filter(pk__in=missing).values_list("pk", "username", "name")
        )
    customers = {
        pk: honorific(name, gender, surname)
        for pk, name, gender, surname in Customer.objects.filter(
            pk__in={t[_CUSTOMER] for t in tickets} - {None}
        ).values_list("pk", "name", "gender", "surname")
    }
    nearest: dict[int, NextPromise] = {}
    late: set[int] = set()
    unmet = Deadline.objects.filter(ticket_id__in=[t[_PK] for t in tickets], met_at__isnull=True)
    for ticket_id, *columns in unmet.order_by("due_at", "round", "id").values_list(*_UNMET_FIELDS):
        promise = NextPromise(*columns)
        if ticket_id not in nearest:
            nearest[ticket_id] = promise
        if promise.is_overdue(now):
            late.add(ticket_id)
    return [
        ListRow(
            number,
            category,
            status,
            priority,
            supervised,
            pk in late,
            customers[customer_id] if customer_id is not None else contact_name,
            contact_phone,
            contact_address,
            owners[owner_id],
            department_name or "",
            received_at,
            nearest.get(pk),
        )
        for (
            pk,
            number,
            category,
            status,
            priority,
            supervised,
            customer_id,
            contact_name,
            contact_phone,
            contact_address,
            owner_id,
            department_name,
            received_at,
        ) in tickets
    ]


# Lists count their matches exactly up to here, and say "more than" beyond. An exact COUNT(*)
# reads every matching row: at 1,000,000 tickets a filter as broad as "closed" or "漏气" would
# cost more than the page itself (bench/README.md). Nobody pages through 200 pages of 50.
COUNT_CAP = 10_000
# A keyword's matches are counted by visiting each matching row (the GIN index cannot say which
# are visible): a lower cap keeps a common word's count as cheap as its page.
SEARCH_COUNT_CAP = 1_000


def capped_count(qs: QuerySet, *, search: bool = False) -> tuple[int, bool]:
    """(count, exact): the number of rows, or the cap and False when there are more.
    The database stops reading at cap + 1 rows."""
    cap = SEARCH_COUNT_CAP if search else COUNT_CAP
    n = qs.order_by().values("pk")[: cap + 1].count()
    return (n, True) if n <= cap else (cap, False)


def search_tickets(
    user: Staff,
    *,
    status: str | None = None,
    category: str | None = None,
    subtype: str | None = None,
    department: str | None = None,
    owner: str | None = None,
    assignee: str | None = None,
    community: int | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    overdue: bool | None = None,
    q: str | None = None,
    open_only: bool = False,
    sort: str | None = None,
    now: datetime | None = None,
    for_rows: bool = False,
) -> QuerySet:
    """The filtered list behind the board, the queues and `GET tickets`. Arguments are already
    validated vocabulary values; unknown department codes or usernames simply match nothing.
    `for_rows`: for list_page_rows, which reads what a row shows itself: without for_list's
    joins, prefetches and overdue flag (building that flag's subquery alone was ~0.4 ms)."""
    now = now or timezone.now()
    qs = visible_tickets(user)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUS_LIST)
    if status and status != "all":  # "all": open and closed together
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if subtype:
        qs = qs.filter(subtype__code=subtype)
    if department:
        qs = qs.filter(department__code=department)
    if owner:
        qs = qs.filter(owner__username=owner)
    if assignee:
        qs = qs.filter(assignee__username=assignee)
    if community:
        qs = qs.filter(premises__community_id=community)
    if received_from:
        qs = qs.filter(received_at__gte=_local_midnight(received_from))
    if received_to:
        qs = qs.filter(received_at__lt=_local_midnight(received_to + timedelta(days=1)))
    if q:
        qs = filter_keyword(qs, q)
    if overdue is True:
        qs = qs.filter(Exists(_overdue_deadlines(now)))
    elif overdue is False:
        qs = qs.filter(~Exists(_overdue_deadlines(now)))
    return sort_tickets(qs if for_rows else for_list(qs), sort)


# The lists' column sorting (`sort`, tickets.filters.SORTS): the key, or "-key" for descending.
# Received and number are read from indexes (ticket_recent, the number's unique index); status
# and priority sort by their place in the lifecycle and the scale, not their codes' spelling, and
# the next promise by the due time of the nearest unmet deadline (one indexed probe a row, through
# deadline_unmet_ticket): those three sort the matching rows, which the filters bound (the open
# work by default on the screens).
STATUS_RANK = Case(*(When(status=s, then=Value(i)) for i, s in enumerate(Status.values)), output_field=IntegerField())
PRIORITY_RANK = Case(
    *(When(priority=p, then=Value(i)) for i, p in enumerate(Priority.values)), output_field=IntegerField()
)


def sort_tickets(qs: QuerySet, sort: str | None) -> QuerySet:
    """Order a list by `sort` (None: newest first); every order ends on the id, so pages are stable."""
    key = (sort or "-received").lstrip("-")
    descending = (sort or "-received").startswith("-")

    def by(expression, *, nulls_last: bool = False):
        # NULLS LAST only where a value may be missing (the next promise): on a column that is
        # never null PostgreSQL would not match "DESC NULLS LAST" to a DESC index, and sort instead.
        if descending:
            return expression.desc(nulls_last=True) if nulls_last else expression.desc()
        return expression.asc(nulls_last=True) if nulls_last else expression.asc()

    if key == "received":
        return qs.order_by(by(F("received_at")), by(F("id")))
    if key == "number":
        return qs.order_by(by(F("number")))
    if key == "status":
        return qs.alias(status_rank=STATUS_RANK).order_by(by(F("status_rank")), "-received_at", "-id")
    if key == "priority":
        return qs.alias(priority_rank=PRIORITY_RANK).order_by(by(F("priority_rank")), "-received_at", "-id")
    if key == "deadline":
        return qs.alias(next_due_at=next_running_due()).order_by(
            by(F("next_due_at"), nulls_last=True), "received_at", "id"
        )
    raise ValueError(f"unknown sort {sort!r}")  # TicketQuery admits only SORTS


def _local_midnight(day: date) -> datetime:
    """The start of `day` in the reader's time zone (a date filter means the local day)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def next_running_due() -> Subquery:
    """The due time of a ticket's nearest promise whose clock runs (unmet, not paused), for
    ordering by urgency. A held ticket's paused promise keeps the due time it had when the clock
    stopped, to be moved on resumption (deadlines.services.resume_deadlines): it says nothing
    about how pressing the ticket is now, so a held ticket sorts after the running ones."""
    return Subquery(
        Deadline.objects.filter(ticket=OuterRef("pk"), met_at__isnull=True, paused_at__isnull=True)
        .order_by("due_at")
        .values("due_at")[:1]
    )


def my_tasks(user: Staff, *, now: datetime | None = None) -> QuerySet:
    """我的任务: an engineer's open work (given to them or accepted by them), the most pressing
    first: by the due time of its nearest running promise (held work last), then the oldest. Each row carries
    `next_due` and `due_today`."""
    now = now or timezone.now()
    end_of_today = _local_midnight(timezone.localdate(now) + timedelta(days=1))
    qs = (
        visible_tickets(user)
        .filter(status__in=OPEN_STATUS_LIST)
        .filter(Q(assignee=user) | Q(accepted_by=user))
        .annotate(next_due=next_running_due())
    )
    return (
        for_list(qs)
        .annotate(due_today=Q(next_due__lt=end_of_today))
        .order_by(F("next_due").asc(nulls_last=True), "received_at", "id")
    )


def timeline(ticket: Ticket) -> QuerySet:
    return TicketEvent.objects.filter(ticket=ticket).select_related("actor").order_by("at", "id")


def ticket_deadlines(ticket: Ticket) -> list[Deadline]:
    return list(Deadline.objects.filter(ticket=ticket).order_by("round", "due_at", "id"))
