"""Writing and reading the timeline. Rows are typed (kind + data); words are made when shown."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from tickets.models import EventKind, Ticket, TicketEvent


def record_event(ticket: Ticket, kind: str, *, actor=None, at: datetime | None = None, **data) -> TicketEvent:
    """Append one event. Call it inside the transaction of the change it records."""
    return TicketEvent.objects.create(ticket=ticket, kind=kind, actor=actor, at=at or timezone.now(), data=data)


def describe(event: TicketEvent) -> str:
    """The sentence shown on the timeline, in the reader's language."""
    d = event.data
    kind = event.kind
    if kind == EventKind.CREATED:
        return _("Recorded via %(channel)s") % {"channel": _label("channel", d.get("channel"))}
    if kind == EventKind.DISPATCHED:
        text = _("Dispatched to %(department)s") % {"department": d.get("department_name", "")}
        if d.get("from_department_name"):
            text = _("Re-dispatched from %(old)s to %(department)s") % {
                "old": d["from_department_name"],
                "department": d.get("department_name", ""),
            }
        return text
    if kind == EventKind.ACCEPTED:
        return _("Hand-over acknowledged by %(department)s") % {"department": d.get("department_name", "")}
    if kind == EventKind.STARTED:
        return _("Work started")
    if kind == EventKind.RESOLVED:
        return _("Resolved: %(result)s") % {"result": d.get("result", "")}
    if kind == EventKind.ANSWERED:
        return _("Answered: %(answer)s") % {"answer": d.get("answer", "")}
    if kind == EventKind.TRANSFERRED:
        return _("Owner changed from %(old)s to %(new)s") % {"old": d.get("from_name", ""), "new": d.get("to_name", "")}
    if kind == EventKind.HELD:
        return _("Put on hold: %(reason)s") % {"reason": d.get("reason", "")}
    if kind == EventKind.RESUMED:
        return _("Resumed after %(minutes)s minutes on hold") % {"minutes": d.get("paused_minutes", 0)}
    if kind == EventKind.CLOSED:
        return _("Closed") + (f": {d['note']}" if d.get("note") else "")
    if kind == EventKind.REOPENED:
        return _("Reopened: %(reason)s") % {"reason": d.get("reason", "")}
    if kind == EventKind.DEADLINE_BREACHED:
        return _("Deadline breached: %(step)s was due %(due)s") % {
            "step": _label("deadline", d.get("deadline")),
            "due": _local(d.get("due_at")),
        }
    if kind == EventKind.DEADLINE_WARNING:
        return _("Deadline approaching: %(step)s is due %(due)s") % {
            "step": _label("deadline", d.get("deadline")),
            "due": _local(d.get("due_at")),
        }
    if kind in (EventKind.CALLBACK_RECORDED, EventKind.SUPERVISED):
        from callbacks.timeline import describe_callback_event

        return describe_callback_event(event)
    if kind == EventKind.COMPLAINT:
        from complaints.timeline import describe_complaint_event

        return describe_complaint_event(event)
    if kind == EventKind.RATED:
        text = _("Rated %(score)s of 5 by the customer online") % {"score": d.get("score", "")}
        return text + (f": {d['comment']}" if d.get("comment") else "")
    if kind == EventKind.ESCALATED:
        if d.get("emergency"):
            return _("Emergency: escalated at once to %(names)s") % {"names": "、".join(d.get("to_names", []))}
        return _("Escalated to %(name)s (level %(level)s): %(step)s was due %(due)s") % {
            "name": d.get("to_name", ""),
            "level": d.get("level", ""),
            "step": _label("deadline", d.get("deadline")),
            "due": _local(d.get("due_at")),
        }
    if kind == EventKind.LATE_REPORTED:
        return _("Running late, new arrival time %(eta)s: %(reason)s") % {
            "eta": _local(d.get("new_eta")),
            "reason": d.get("reason", ""),
        }
    if kind == EventKind.PHONE_REVEALED:
        return _("Full phone number viewed")
    if kind == EventKind.NOTE:
        return d.get("text", "")
    return str(EventKind(kind).label) if kind in EventKind.values else kind


def _label(vocabulary: str, value) -> str:
    from deadlines.models import DeadlineKind
    from tickets.vocabulary import Channel

    choices = {"channel": Channel, "deadline": DeadlineKind}[vocabulary]
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _local(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return timezone.localtime(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso
