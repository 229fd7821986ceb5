"""The lists as spreadsheets (K3): tickets with the board's filters, callbacks, complaints, the
customer archive, and the items behind a figure. Rows are read with a database cursor in chunks
(`iterator`) as plain tuples and written as they come: memory stays flat whatever the count."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from callbacks.models import CallbackKind, CallbackStatus, Outcome
from core.phones import mask_phone
from customers.models import CustomerPhone, Grade
from reports.spreadsheets import Column, Sheet
from tickets.vocabulary import Category, Channel, Priority, Status

CHUNK = 2000


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices.choices}


def ticket_sheet(qs: QuerySet, notes: list[str]) -> Sheet:
    categories, channels, statuses, priorities = (_labels(c) for c in (Category, Channel, Status, Priority))
    columns = [
        Column(_("Number"), width=18),
        Column(_("Received at"), "time", 17),
        Column(_("Category"), width=10),
        Column(_("Channel"), width=10),
        Column(_("Status"), width=12),
        Column(_("Priority"), width=8),
        Column(_("Contact"), width=10),
        Column(_("Address"), width=24),
        Column(_("Content"), width=50),
        Column(_("Department"), width=12),
        Column(_("Owner"), width=10),
        Column(_("Resolved at"), "time", 17),
        Column(_("Closed at"), "time", 17),
    ]
    fields = (
        "number",
        "received_at",
        "category",
        "channel",
        "status",
        "priority",
        "contact_name",
        "contact_address",
        "content",
        "department__name",
        "owner__name",
        "resolved_at",
        "closed_at",
    )

    def rows():
        for r in qs.order_by().order_by("-received_at", "-id").values_list(*fields).iterator(chunk_size=CHUNK):
            yield (
                r[0],
                r[1],
                categories.get(r[2], r[2]),
                channels.get(r[3], r[3]),
                statuses.get(r[4], r[4]),
                priorities.get(r[5], r[5]),
                *r[6:],
            )

    return Sheet(_("Tickets"), columns, rows(), notes)


def callback_sheet(qs: QuerySet, notes: list[str]) -> Sheet:
    kinds, states, outcomes = _labels(CallbackKind), _labels(CallbackStatus), _labels(Outcome)
    columns = [
        Column(_("Ticket"), width=18),
        Column(_("Kind"), width=14),
        Column(_("Created at"), "time", 17),
        Column(_("Due at"), "time", 17),
        Column(_("Status"), width=8),
        Column(_("Outcome"), width=12),
        Column(_("Score"), "count", 6),
        Column(_("Department"), width=12),
        Column(_("Resolved by"), width=10),
        Column(_("Done at"), "time", 17),
        Column(_("Note"), width=40),
    ]
    fields = (
        "ticket__number",
        "kind",
        "created_at",
        "due_at",
        "status",
        "outcome",
        "score",
        "department__name",
        "resolved_by__name",
        "done_at",
        "note",
    )

    def rows():
        for r in qs.order_by().order_by("-created_at", "-id").values_list(*fields).iterator(chunk_size=CHUNK):
            yield (r[0], kinds.get(r[1], r[1]), r[2], r[3], states.get(r[4], r[4]), outcomes.get(r[5], r[5]), *r[6:])

    return Sheet(_("Callbacks"), columns, rows(), notes)


def complaint_sheet(qs: QuerySet, notes: list[str]) -> Sheet:
    statuses = _labels(Status)
    columns = [
        Column(_("Number"), width=18),
        Column(_("Received at"), "time", 17),
        Column(_("Status"), width=12),
        Column(_("Contact"), width=10),
        Column(_("Content"), width=50),
        Column(_("Level"), width=8),
        Column(_("Valid complaint"), width=8),
        Column(_("Department"), width=12),
        Column(_("Owner"), width=10),
        Column(_("Resolved at"), "time", 17),
        Column(_("Hours to resolve"), "hours", 8),
    ]
    fields = (
        "number",
        "received_at",
        "status",
        "contact_name",
        "content",
        "complaint__level",
        "complaint__is_valid",
        "department__name",
        "owner__name",
        "resolved_at",
    )

    def rows():
        for r in qs.order_by().order_by("-received_at", "-id").values_list(*fields).iterator(chunk_size=CHUNK):
            hours = round((r[9] - r[1]).total_seconds() / 3600, 1) if r[9] else None
            yield (r[0], r[1], statuses.get(r[2], r[2]), *r[3:10], hours)

    return Sheet(_("Complaints"), columns, rows(), notes)


def customer_sheet(qs: QuerySet, notes: list[str]) -> Sheet:
    """The archive: one row per customer and premises; phones masked as on the card (F3)."""
    grades = _labels(Grade)
    columns = [
        Column(_("Customer"), width=10),
        Column(_("Grade"), width=6),
        Column(_("Customer type"), width=12),
        Column(_("Community"), width=14),
        Column(_("Building"), width=6),
        Column(_("Unit"), width=6),
        Column(_("Room"), width=6),
        Column(_("Phone"), width=14),
    ]
    fields = (
        "name",
        "grade",
        "customer_type__name",
        "premises__community__name",
        "premises__building",
        "premises__unit",
        "premises__room",
        "phones__number",
    )

    phone = CustomerPhone.objects.filter(customer=OuterRef("pk")).order_by("-is_primary", "id").values("number")[:1]

    def rows():
        listed = qs.order_by().annotate(first_phone=Subquery(phone)).order_by("id", "premises__id")
        for r in listed.values_list(*fields[:-1], "first_phone").iterator(chunk_size=CHUNK):
            yield (r[0], grades.get(r[1], r[1]), *r[2:7], mask_phone(r[7]) if r[7] else "")

    return Sheet(_("Customers"), columns, rows(), notes)
