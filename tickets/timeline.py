"""Writing and reading the timeline. Rows are typed (kind + data); words are made when shown.

Each kind has one formatter, registered with @formatter(kind) by the app whose events they are
(deadlines, callbacks, complaints register theirs in AppConfig.ready()), so this module, low in
the house, never imports the apps above it."""

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.db.compiled import Insert, New
from tickets.models import EventKind, Ticket, TicketEvent
from tickets.vocabulary import Channel

Formatter = Callable[[TicketEvent], str]
_FORMATTERS: dict[str, Formatter] = {}
# Every change writes one: its INSERT is made once, not rebuilt by save() each time.
_INSERT = Insert(TicketEvent)
_NEW = New(TicketEvent)


def record_event(ticket: Ticket, kind: str, *, actor=None, at: datetime | None = None, **data) -> TicketEvent:
    """Append one event. Call it inside the transaction of the change it records."""
    event = _NEW(ticket=ticket, kind=kind, actor=actor, at=at or timezone.now(), data=data)
    _INSERT([event])
    return event


def formatter(*kinds: str) -> Callable[[Formatter], Formatter]:
    """Register the sentence of one or more event kinds; a kind has exactly one."""

    def register(fn: Formatter) -> Formatter:
        for kind in kinds:
            if kind in _FORMATTERS and _FORMATTERS[kind] is not fn:
                raise ValueError(f"event kind {kind!r} has a formatter already")
            _FORMATTERS[kind] = fn
        return fn

    return register


def describe(event: TicketEvent) -> str:
    """The sentence shown on the timeline, in the reader's language."""
    fn = _FORMATTERS.get(event.kind)
    if fn is not None:
        return fn(event)
    return str(EventKind(event.kind).label) if event.kind in EventKind.values else event.kind


def with_note(text: str, note) -> str:
    """A sentence followed by the free text the person typed (stored as typed, never translated)."""
    return f"{text}: {note}" if note else text


def choice_label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def local_minute(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return timezone.localtime(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


@formatter(EventKind.CREATED)
def _created(event):
    return _("Recorded via %(channel)s") % {"channel": choice_label(Channel, event.data.get("channel"))}


@formatter(EventKind.DISPATCHED)
def _dispatched(event):
    d = event.data
    if d.get("from_department_name"):
        return _("Re-dispatched from %(old)s to %(department)s") % {
            "old": d["from_department_name"],
            "department": d.get("department_name", ""),
        }
    text = _("Dispatched to %(department)s") % {"department": d.get("department_name", "")}
    if d.get("assignee_name"):
        text += _(", assigned to %(name)s") % {"name": d["assignee_name"]}
    return text


@formatter(EventKind.ASSIGNED)
def _assigned(event):
    d = event.data
    if d.get("from_assignee_name"):
        return _("Reassigned from %(old)s to %(new)s") % {
            "old": d["from_assignee_name"],
            "new": d.get("assignee_name", ""),
        }
    return _("Assigned to %(name)s") % {"name": d.get("assignee_name", "")}


@formatter(EventKind.ACCEPTED)
def _accepted(event):
    return _("Hand-over acknowledged by %(department)s") % {"department": event.data.get("department_name", "")}


@formatter(EventKind.STARTED)
def _started(event):
    return _("Work started")


@formatter(EventKind.RESOLVED)
def _resolved(event):
    return _("Resolved: %(result)s") % {"result": event.data.get("result", "")}


@formatter(EventKind.ANSWERED)
def _answered(event):
    return _("Answered: %(answer)s") % {"answer": event.data.get("answer", "")}


@formatter(EventKind.TRANSFERRED)
def _transferred(event):
    d = event.data
    return _("Owner changed from %(old)s to %(new)s") % {"old": d.get("from_name", ""), "new": d.get("to_name", "")}


@formatter(EventKind.HELD)
def _held(event):
    return _("Put on hold: %(reason)s") % {"reason": event.data.get("reason", "")}


@formatter(EventKind.RESUMED)
def _resumed(event):
    return _("Resumed after %(minutes)s minutes on hold") % {"minutes": event.data.get("paused_minutes", 0)}


@formatter(EventKind.CLOSED)
def _closed(event):
    return with_note(_("Closed"), event.data.get("note"))


# Why a ticket was reopened when no person typed a reason: a code, worded when shown.
REOPEN_CAUSES = {"callback_unsatisfied": lambda: _("Unsatisfied at callback")}


@formatter(EventKind.REOPENED)
def _reopened(event):
    d = event.data
    reason = d.get("reason") or (REOPEN_CAUSES[d["cause"]]() if d.get("cause") in REOPEN_CAUSES else "")
    return _("Reopened: %(reason)s") % {"reason": reason}


@formatter(EventKind.RATED)
def _rated(event):
    d = event.data
    return with_note(_("Rated %(score)s of 5 by the customer online") % {"score": d.get("score", "")}, d.get("comment"))


@formatter(EventKind.APPOINTMENT_MOVED)
def _appointment_moved(event):
    d = event.data
    return _("Visit moved from %(old)s to %(new)s at the customer's request: %(reason)s") % {
        "old": local_minute(d.get("old")) if d.get("old") else "—",
        "new": local_minute(d.get("new")),
        "reason": d.get("reason", ""),
    }


@formatter(EventKind.LATE_REPORTED)
def _late(event):
    d = event.data
    return _("Running late, new arrival time %(eta)s: %(reason)s") % {
        "eta": local_minute(d.get("new_eta")),
        "reason": d.get("reason", ""),
    }


@formatter(EventKind.PHONE_REVEALED)
def _revealed(event):
    return _("Full phone number viewed")


@formatter(EventKind.NOTE)
def _note(event):
    return event.data.get("text", "")
