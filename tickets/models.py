from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tickets.vocabulary import OPEN_STATUS_LIST, OPEN_STATUSES, Category, Channel, EventKind, Priority, Status

__all__ = ["Ticket", "TicketEvent", "TicketSequence", "Category", "Channel", "Status", "Priority", "EventKind"]


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
# first-contact owner, who owns it until someone accepts it. One rule in three forms, for Python,
# the ORM and hand-written SQL; tickets/tests/test_holder.py holds them to the same answer.
def holder_id(*, department_id: int | None, accepted_by_id: int | None, owner_id: int) -> int:
    return accepted_by_id if department_id is not None and accepted_by_id is not None else owner_id


def holder_expression(prefix: str = "") -> models.Case:
    """The holder's id as an ORM expression; `prefix` reaches the ticket from another model ("ticket__")."""
    return models.Case(
        models.When(
            **{f"{prefix}department__isnull": False, f"{prefix}accepted_by__isnull": False},
            then=models.F(f"{prefix}accepted_by_id"),
        ),
        default=models.F(f"{prefix}owner_id"),
    )


def holder_sql(alias: str) -> str:
    """The holder's id as SQL over the ticket table named `alias`."""
    return (
        f"CASE WHEN {alias}.department_id IS NOT NULL AND {alias}.accepted_by_id IS NOT NULL "
        f"THEN {alias}.accepted_by_id ELSE {alias}.owner_id END"
    )


URGENT_RANK = models.Case(
    models.When(models.Q(category=Category.EMERGENCY) | models.Q(priority=Priority.URGENT), then=models.Value(0)),
    default=models.Value(1),
    output_field=models.IntegerField(),
)


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
        return holder_id(department_id=self.department_id, accepted_by_id=self.accepted_by_id, owner_id=self.owner_id)

    @property
    def holder(self):
        """The person answerable for the work now (holder_id above)."""
        return self.accepted_by if self.holder_id == self.accepted_by_id else self.owner

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
