"""交接班 (H1): the outgoing person's open work, listed by the system, taken over by the next.

The handover lists, without retyping, everything still open for the person: tickets they own
or hold, promises due within 24 h on those tickets, their open register entries and their
unread alerts of the last day, then the free-text lines they add. Acknowledging it records
`handed_over` on each carried ticket's timeline and gives the register entries to the incoming
person, in one transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import Conflict, Forbidden, InvalidInput
from core.text import clean_text
from deadlines.models import Deadline
from notifications.models import Channel, Notification
from registers.actions import hand_over_entries
from registers.selectors import open_for_keeper
from shifts.models import Handover, HandoverItem, HandoverStatus, ItemKind
from shifts.selectors import next_entry
from tickets.models import EventKind, Ticket, TicketEvent
from tickets.vocabulary import OPEN_STATUS_LIST

# The incoming shift has this long after its start to acknowledge (H1).
ACK_MINUTES = 15
PROMISE_HOURS = 24
ALERT_HOURS = 24
MAX_LINES = 50
MAX_LINE = 500


class HandoverAcknowledged(Conflict):
    code = "handover_acknowledged"
    default_message = _("This handover is already acknowledged.")


@dataclass
class Work:
    items: list[HandoverItem]
    ticket_count: int


def open_work(staff: Staff, *, now: datetime, tickets: bool = True) -> list[HandoverItem]:
    """The unsaved items of everything still open for `staff`, in the order of the paper form:
    tickets, promises due, register entries, alerts (without the first two: tickets=False)."""
    items: list[HandoverItem] = []
    tickets = (
        list(
            Ticket.objects.open()
            .filter(Q(owner=staff) | Q(accepted_by=staff, department__isnull=False))
            .order_by("received_at", "id")
            .values_list("id", "number", "category", "status", "content", "contact_address")
        )
        if tickets
        else []
    )
    for pk, number, category, status, content, address in tickets:
        items.append(
            HandoverItem(
                kind=ItemKind.TICKET,
                ref=number,
                ticket_id=pk,
                data={"category": category, "status": status, "content": content[:80], "address": address[:80]},
            )
        )
    numbers = {pk: number for pk, number, *_rest in tickets}
    if numbers:
        promises = (
            # A held ticket's paused promise is not due: its time moves when the clock restarts.
            Deadline.objects.filter(
                ticket_id__in=list(numbers),
                met_at__isnull=True,
                paused_at__isnull=True,
                due_at__lte=now + timedelta(hours=PROMISE_HOURS),
            )
            .order_by("due_at", "id")
            .values_list("id", "ticket_id", "kind", "due_at")
        )
        for pk, ticket_id, kind, due_at in promises:
            items.append(
                HandoverItem(
                    kind=ItemKind.PROMISE,
                    ref=numbers[ticket_id],
                    ticket_id=ticket_id,
                    data={"deadline": kind, "due_at": due_at.isoformat(), "deadline_id": pk},
                )
            )
    for entry in open_for_keeper(staff.pk):
        items.append(
            HandoverItem(
                kind=ItemKind.REGISTER,
                ref=str(entry.pk),
                data={
                    "register": entry.kind,
                    "customer": entry.customer.name if entry.customer_id else "",
                    "description": (entry.description or entry.card_number or entry.borrower)[:80],
                },
            )
        )
    alerts = (
        Notification.objects.filter(
            staff=staff, channel=Channel.INAPP, read_at__isnull=True, created_at__gte=now - timedelta(hours=ALERT_HOURS)
        )
        .order_by("created_at", "id")
        .values_list("id", "template", "params")
    )
    for pk, template, params in alerts:
        items.append(
            HandoverItem(
                kind=ItemKind.ALERT,
                ref=str((params or {}).get("number", "")),
                data={"template": template, "notification": pk},
            )
        )
    return items


def _lines(lines: list[str] | None, field: str) -> list[str]:
    lines = [line for line in (lines or []) if line is not None]
    if len(lines) > MAX_LINES:
        raise InvalidInput(_("At most %(max)s extra lines.") % {"max": MAX_LINES}, fields={field: _("Too many lines.")})
    cleaned = [clean_text(line, field, required=False, max_length=MAX_LINE) for line in lines if len(line) <= MAX_LINE]
    if len(cleaned) < len(lines):
        raise InvalidInput(
            _("An extra line has at most %(max)s characters.") % {"max": MAX_LINE},
            fields={field: _("At most %(max)s characters.") % {"max": MAX_LINE}},
        )
    return [line for line in cleaned if line]


@transaction.atomic
def open_handover(
    *,
    actor: Staff,
    to: Staff,
    note: str = "",
    lines: list[str] | None = None,
    now: datetime | None = None,
    lines_field: str = "items",
) -> Handover:
    """The outgoing person hands over to `to`. Someone the roster does not have on the next
    shift is allowed (rosters change at short notice): the handover says so (off_roster)."""
    now = now or timezone.now()
    if not actor.takes_requests:
        raise Forbidden(_("Only customer-service staff hand over shifts."))
    if to.pk == actor.pk:
        raise InvalidInput(
            _("You cannot hand over to yourself."), code="handover_to_self", fields={"to": _("Yourself.")}
        )
    if not to.is_active:
        raise InvalidInput(
            _("%(name)s is no longer active: hand over to a colleague at work.") % {"name": to.display_name},
            code="inactive_staff",
            fields={"to": _("Inactive.")},
        )
    note = clean_text(note, "note", required=False)
    # The API calls the extra lines `items`, the console's form `lines` (a template reads a
    # field named "items" as dict.items).
    extra = _lines(lines, lines_field)
    following = next_entry(to, now)
    handover = Handover.objects.create(
        from_staff=actor,
        to_staff=to,
        note=note,
        created_at=now,
        next_shift_at=following.starts_at if following else None,
        ack_due_at=(max(following.starts_at, now) if following else now) + timedelta(minutes=ACK_MINUTES),
        off_roster=following is None,
    )
    written = _insert_ticket_items(handover, actor, now)
    items = [item for item in open_work(actor, now=now, tickets=False)]
    items += [HandoverItem(kind=ItemKind.NOTE, text=line) for line in extra]
    for position, item in enumerate(items, start=written + 1):
        item.handover = handover
        item.position = position
    HandoverItem.objects.bulk_create(items)
    handover._items = list(handover.items.order_by("position"))
    return handover


def _insert_ticket_items(handover: Handover, staff: Staff, now: datetime) -> int:
    """The ticket and promise items written by the database itself (INSERT … SELECT), the same
    rows open_work lists: a desk holding hundreds of tickets is handed over without a model
    instance and a converted parameter per row. Returns how many were written."""
    vendor = connection.vendor
    table, tickets, deadlines = HandoverItem._meta.db_table, Ticket._meta.db_table, Deadline._meta.db_table
    if vendor == "postgresql":
        obj, cut, iso = (
            "jsonb_build_object",
            "left({}, 80)",
            "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00'",
        )
    else:
        obj, cut, iso = "json_object", "substr({}, 1, 80)", "strftime('%%Y-%%m-%%dT%%H:%%M:%%f', {}) || '+00:00'"
    statuses = ", ".join(["%s"] * len(OPEN_STATUS_LIST))
    held = f"t.status IN ({statuses}) AND (t.owner_id = %s OR (t.accepted_by_id = %s AND t.department_id IS NOT NULL))"
    held_params = [*OPEN_STATUS_LIST, staff.pk, staff.pk]
    columns = '"handover_id", "position", "kind", "ref", "ticket_id", "data", "text"'
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ({columns}) '
            f"SELECT %s, ROW_NUMBER() OVER (ORDER BY t.received_at, t.id), 'ticket', t.number, t.id, "
            f"{obj}('category', t.category, 'status', t.status, 'content', {cut.format('t.content')}, "
            f"'address', {cut.format('t.contact_address')}), '' "
            f'FROM "{tickets}" t WHERE {held}',
            [handover.pk, *held_params],
        )
        count = cursor.rowcount
        cursor.execute(
            f'INSERT INTO "{table}" ({columns}) '
            f"SELECT %s, %s + ROW_NUMBER() OVER (ORDER BY d.due_at, d.id), 'promise', t.number, t.id, "
            f"{obj}('deadline', d.kind, 'due_at', {iso.format('d.due_at')}, 'deadline_id', d.id), '' "
            f'FROM "{deadlines}" d JOIN "{tickets}" t ON t.id = d.ticket_id '
            f"WHERE {held} AND d.met_at IS NULL AND d.paused_at IS NULL AND d.due_at <= %s",
            [handover.pk, count, *held_params, now + timedelta(hours=PROMISE_HOURS)],
        )
        return count + cursor.rowcount


@transaction.atomic
def acknowledge_handover(handover: Handover, *, actor: Staff, note: str = "", now: datetime | None = None) -> Handover:
    """接班确认 by the incoming person only."""
    now = now or timezone.now()
    handover = Handover.objects.select_for_update().select_related("from_staff", "to_staff").get(pk=handover.pk)
    if handover.to_staff_id != actor.pk:
        raise Forbidden(_("Only the person it is handed over to may acknowledge a handover."), code="not_yours")
    if handover.status != HandoverStatus.PENDING:
        raise HandoverAcknowledged()
    handover.ack_note = clean_text(note, "note", required=False)
    handover.status = HandoverStatus.ACKNOWLEDGED
    handover.acknowledged_at = now
    handover.save(update_fields=["status", "acknowledged_at", "ack_note"])
    items = list(handover.items.all())
    ticket_ids = sorted({item.ticket_id for item in items if item.kind == ItemKind.TICKET})
    data = {
        "handover": handover.pk,
        "from": handover.from_staff.username,
        "from_name": handover.from_staff.display_name,
        "to": actor.username,
        "to_name": actor.display_name,
    }
    TicketEvent.objects.bulk_create(
        [TicketEvent(ticket_id=pk, kind=EventKind.HANDED_OVER, actor=actor, at=now, data=data) for pk in ticket_ids],
        batch_size=1000,
    )
    entry_ids = [int(item.ref) for item in items if item.kind == ItemKind.REGISTER]
    hand_over_entries(entry_ids, to=actor, actor=actor, at=now)
    return handover


@transaction.atomic
def mark_item_done(item: HandoverItem, *, actor: Staff, now: datetime | None = None) -> HandoverItem:
    """The incoming person has dealt with a carried item: it leaves their first screen."""
    item = HandoverItem.objects.select_for_update().select_related("handover").get(pk=item.pk)
    if item.handover.to_staff_id != actor.pk:
        raise Forbidden(_("Only the person it is handed over to may tick it off."), code="not_yours")
    if item.done_at is None:
        item.done_at = now or timezone.now()
        item.save(update_fields=["done_at"])
    return item
