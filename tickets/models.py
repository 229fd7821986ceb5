from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Right
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.history import SettingsHistory
from tickets.vocabulary import OPEN_STATUS_LIST, OPEN_STATUSES, Category, Channel, EventKind, Priority, Status

__all__ = [
    "RequestSubtype",
    "Ticket",
    "TicketEvent",
    "TicketSequence",
    "Category",
    "Channel",
    "Status",
    "Priority",
    "EventKind",
]


_labels: dict[tuple, str] = {}


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """What get_FOO_display returns (the value itself when it is not a known choice), looked up
    once per language: a list page asks for hundreds of them (tickets/list_cells.py)."""
    key = (translation.get_language(), choices, value)
    found = _labels.get(key)
    if found is None:
        try:
            found = str(choices(value).label)
        except ValueError:
            found = value
        _labels[key] = found
    return found


# A7: an alarm or an urgent request goes before everything else on the board. On PostgreSQL the
# board's order is read from an index on this expression (ticket_open_board, made by migration
# 0007) instead of sorting every open ticket for each page.
# Who holds the work (C5, 首问负责制): the department's member who acknowledged it, else the
# first-contact owner, who owns it until someone accepts it. A callback (回访) is the
# customer-service side's promise whoever did the work, so the owner holds it. One rule in three
# forms, for Python, the ORM and hand-written SQL; tickets/tests/test_holder.py holds them to the
# same answer. `kind` is the kind of the promise in question (deadlines.DeadlineKind), if any.
OWNER_HELD_KINDS = ("callback",)


def holder_id(*, department_id: int | None, accepted_by_id: int | None, owner_id: int, kind: str | None = None) -> int:
    if kind in OWNER_HELD_KINDS:
        return owner_id
    return accepted_by_id if department_id is not None and accepted_by_id is not None else owner_id


def holder_expression(prefix: str = "", *, kind_field: str | None = None) -> models.Case:
    """The holder's id as an ORM expression; `prefix` reaches the ticket from another model
    ("ticket__"), `kind_field` names the promise's kind on that model ("kind" on a Deadline)."""
    whens = (
        [models.When(**{f"{kind_field}__in": OWNER_HELD_KINDS}, then=models.F(f"{prefix}owner_id"))]
        if kind_field
        else []
    )
    whens.append(
        models.When(
            **{f"{prefix}department__isnull": False, f"{prefix}accepted_by__isnull": False},
            then=models.F(f"{prefix}accepted_by_id"),
        )
    )
    return models.Case(*whens, default=models.F(f"{prefix}owner_id"))


def holder_sql(alias: str, *, kind_sql: str | None = None) -> str:
    """The holder's id as SQL over the ticket table named `alias`; `kind_sql` is an SQL expression
    giving the promise's kind, if any."""
    owner_held = ", ".join(f"'{kind}'" for kind in OWNER_HELD_KINDS)
    first = f"WHEN {kind_sql} IN ({owner_held}) THEN {alias}.owner_id " if kind_sql else ""
    return (
        f"CASE {first}WHEN {alias}.department_id IS NOT NULL AND {alias}.accepted_by_id IS NOT NULL "
        f"THEN {alias}.accepted_by_id ELSE {alias}.owner_id END"
    )


URGENT_RANK = models.Case(
    models.When(models.Q(category=Category.EMERGENCY) | models.Q(priority=Priority.URGENT), then=models.Value(0)),
    default=models.Value(1),
    output_field=models.IntegerField(),
)


class RequestSubtype(models.Model):
    """A sub-type under one of the fixed categories (报修 → 水电, 门窗, 电梯 …; A2), kept by the
    manager. Never deleted, only deactivated: tickets and commitments keep pointing at it. The
    code is what the API speaks and stays; the name may be changed."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[a-z][a-z0-9_-]*$", _("Lower-case letters, digits, _ and -, from a letter."))],
        help_text=_("What the API uses, e.g. plumbing_electric; never changes."),
    )
    name = models.CharField(_("name"), max_length=30)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = SettingsHistory()

    class Meta:
        ordering = ["category", "position", "id"]
        verbose_name = _("request sub-type")
        verbose_name_plural = _("request sub-types")
        constraints = [models.UniqueConstraint(fields=["category", "name"], name="subtype_name_once_per_category")]

    def __str__(self) -> str:
        return f"{choice_label(Category, self.category)} / {self.name}"


class TicketQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUS_LIST)


class Ticket(models.Model):
    """A work order (工单): one customer request from intake to the customer's verdict."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    # Optional, of the ticket's category (tickets.actions.intake checks it). Indexed only where
    # set (ticket_subtype_recent): most tickets have none, and intake pays no index entry then.
    subtype = models.ForeignKey(
        RequestSubtype,
        verbose_name=_("sub-type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,
    )

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    premises = models.ForeignKey(
        "customers.Premises",
        verbose_name=_("premises"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The person who actually called, and where the work is: copied at intake so the ticket
    # still says what the customer said even after the archive changes.
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True, db_index=True)
    contact_address = models.CharField(_("address"), max_length=200, blank=True)

    content = models.TextField(_("content"))
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    owner = models.ForeignKey(
        "accounts.Staff", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_tickets"
    )
    # Filed by the customers themselves on the portal: `created_by` is then the desk member the
    # request was given to, not someone who recorded it.
    self_service = models.BooleanField(_("filed by the customer online"), default=False)
    created_by = models.ForeignKey(
        "accounts.Staff", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )

    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # 派工到人: the engineer the work is given to, by the dispatcher or the department head; empty
    # when the department shares it out itself. Accepting gives it to whoever accepts.
    assignee = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_by = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    held_at = models.DateTimeField(_("on hold since"), null=True, blank=True)
    held_from = models.CharField(max_length=20, choices=Status.choices, blank=True)
    reopen_count = models.PositiveIntegerField(default=0)
    # 督办 (D3, E3): set when a callback finds the customer unsatisfied; the responsible unit stays
    # supervised until a callback finds the customer satisfied.
    supervised = models.BooleanField(_("supervised"), default=False)

    # CJK bigrams and lower-cased words of the searchable text (see tickets/search.py); on
    # PostgreSQL a GIN index over its tsvector answers keyword search without a scan.
    search_tokens = models.TextField(blank=True, default="")

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="ticket_recent"),
            models.Index(fields=["status", "-received_at"], name="ticket_status_recent"),
            models.Index(fields=["owner", "-received_at"], name="ticket_owner_recent"),
            models.Index(fields=["department", "status", "-received_at"], name="ticket_dept_status"),
            models.Index(fields=["customer", "-received_at"], name="ticket_customer_recent"),
            # The caller's phone by its last four digits (tickets.search.PHONE_LAST4).
            models.Index(Right("contact_phone", 4), name="ticket_phone_last4"),
            models.Index(
                fields=["subtype", "-received_at"],
                name="ticket_subtype_recent",
                condition=models.Q(subtype__isnull=False),
            ),
            # An engineer's tasks: only assigned tickets are in it, a small share of all.
            models.Index(
                fields=["assignee", "status"], name="ticket_assignee_status", condition=models.Q(assignee__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.number

    # Every list row shows these. Django's generated get_FOO_display rebuilds a dict of all the
    # field's (lazy) choices on every call: a fifth of the board's rendering time (bench).
    def get_category_display(self) -> str:
        return choice_label(Category, self.category)

    def get_channel_display(self) -> str:
        return choice_label(Channel, self.channel)

    def get_status_display(self) -> str:
        return choice_label(Status, self.status)

    def get_priority_display(self) -> str:
        return choice_label(Priority, self.priority)

    @property
    def holder_id(self) -> int:
        return self.holder_id_for()

    @property
    def holder(self):
        """The person answerable for the work now (holder_id above)."""
        return self.holder_for()

    def holder_id_for(self, kind: str | None = None) -> int:
        return holder_id(
            department_id=self.department_id, accepted_by_id=self.accepted_by_id, owner_id=self.owner_id, kind=kind
        )

    def holder_for(self, kind: str | None = None):
        """Who answers for the promise of `kind` (a callback is the owner's, whoever did the work)."""
        return self.accepted_by if self.holder_id_for(kind) == self.accepted_by_id else self.owner

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_emergency(self) -> bool:
        return self.category == Category.EMERGENCY or self.priority == Priority.URGENT


class TicketEvent(models.Model):
    """One line of the timeline. Append-only; the wording comes from `kind` when it is shown."""

    # No single-column indexes on the two keys: event_ticket_at starts with the ticket, and the
    # watcher writes thousands of actor-less events in a burst, so the actor index holds only the
    # events that have one. Every index less is one entry less per event written.
    # No foreign-key constraint in the database either (db_constraint=False): PostgreSQL checks
    # one by locking the ticket row of every event at commit, a write to a ticket page per event
    # (15,000 in a burst of the watcher, a full-page image each after a checkpoint). Every event
    # is written in the transaction that read or wrote its ticket, tickets are never deleted, and
    # a deletion through Django still cascades (tickets/tests/test_event_references.py).
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", db_index=False, db_constraint=False
    )
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        "accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["ticket", "at", "id"], name="event_ticket_at"),
            models.Index(fields=["actor"], name="event_actor", condition=models.Q(actor__isnull=False)),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Timeline events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Timeline events are append-only.")


class TicketSequence(models.Model):
    """Per-day counter behind GDyyyymmdd-NNNN. The row lock serialises concurrent intakes."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)
