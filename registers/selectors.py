"""Reads of the registers: lists, a customer's open entries, a keeper's open entries, history."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from registers.models import MOVE_IN_STEPS, Entry, EntryEvent, Kind, Status


def entries(*, kind: str | None = None, status: str | None = None, customer_id: int | None = None) -> QuerySet:
    found = Entry.objects.select_related("customer", "premises__community", "keeper")
    if kind:
        found = found.filter(kind=kind)
    if status:
        found = found.filter(status=status)
    if customer_id is not None:
        found = found.filter(customer_id=customer_id)
    return found.order_by("-opened_at", "-id")


def open_for_customer(customer_id: int) -> list[Entry]:
    return list(
        Entry.objects.select_related("premises__community")
        .filter(customer_id=customer_id, status=Status.OPEN)
        .order_by("-opened_at", "-id")
    )


def open_for_keeper(staff_id: int) -> QuerySet:
    """What a person still has open at the desk (their part of a shift handover)."""
    return (
        Entry.objects.select_related("customer")
        .filter(keeper_id=staff_id, status=Status.OPEN)
        .order_by("opened_at", "id")
    )


def overdue_keys(now=None) -> QuerySet:
    now = now or timezone.now()
    return Entry.objects.filter(kind=Kind.KEY, status=Status.OPEN, due_back_at__lt=now)


def summary(entry: Entry) -> str:
    """One line for lists and the handover: the kind, what it is, for whom."""
    parts = [str(entry.get_kind_display())]
    if entry.customer_id:
        parts.append(entry.customer.name)
    detail = entry.description or entry.card_number or entry.tracking_number or entry.borrower
    if detail:
        parts.append(detail[:60])
    return " · ".join(parts)


def history(entry: Entry) -> list[EntryEvent]:
    return list(entry.events.select_related("actor").order_by("at", "id"))


def describe(event: EntryEvent) -> str:
    d = event.data
    if event.kind == "opened":
        return _("Entry recorded")
    if event.kind == "closed":
        text = _("Closed, collected or returned by %(by)s") % {"by": d.get("by") or "—"}
        return f"{text}: {d['note']}" if d.get("note") else text
    if event.kind == "told":
        return _("Customer told")
    if event.kind == "step":
        return _("Step done: %(step)s") % {"step": MOVE_IN_STEPS.get(d.get("step"), d.get("step"))}
    if event.kind == "handed_over":
        return _("Handed over at the shift change from %(from)s to %(to)s") % {"from": d.get("from"), "to": d.get("to")}
    return event.kind
