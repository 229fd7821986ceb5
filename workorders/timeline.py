"""Timeline wording of the work-order events (registered with tickets.timeline in WorkordersConfig.ready).
The parent's and the sub-order's lines name each other's number; the ticket page links them."""

from django.utils.translation import gettext as _

from tickets.models import EventKind
from tickets.timeline import choice_label, formatter, local_minute, with_note
from workorders.models import AcceptanceMethod


def acceptance_refused() -> str:
    return _("Not accepted by the customer")


@formatter(EventKind.PLAN_SET)
def _plan_set(event):
    d = event.data
    text = (_("Service plan made: %(goal)s") if d.get("created") else _("Service plan revised: %(goal)s")) % {
        "goal": d.get("goal", "")
    }
    text += _("; responsible: %(name)s") % {"name": d.get("responsible_name", "")}
    nodes = d.get("nodes") or []
    if nodes:
        text += _("; time nodes: %(nodes)s") % {
            "nodes": "、".join(f"{n.get('title', '')} {local_minute(n.get('due_at'))}" for n in nodes)
        }
    return text


@formatter(EventKind.NODE_DONE)
def _node_done(event):
    d = event.data
    words = _("Time node done late: %(title)s (due %(due)s)") if d.get("late") else _("Time node done: %(title)s")
    return with_note(words % {"title": d.get("title", ""), "due": local_minute(d.get("due_at"))}, d.get("note"))


@formatter(EventKind.SUBORDER)
def _suborder(event):
    d = event.data
    return _("Sub-order %(number)s split off for %(department)s") % {
        "number": d.get("child", ""),
        "department": d.get("department_name", ""),
    }


@formatter(EventKind.SUBORDER_OF)
def _suborder_of(event):
    return _("Sub-order of request %(number)s") % {"number": event.data.get("parent", "")}


@formatter(EventKind.SUBORDER_DONE)
def _suborder_done(event):
    d = event.data
    text = _("Sub-order %(number)s finished by %(department)s") % {
        "number": d.get("child", ""),
        "department": d.get("department_name", ""),
    }
    remaining = d.get("remaining")
    if remaining:
        text += _("; %(count)s still open") % {"count": remaining}
    return text


@formatter(EventKind.ACCEPTANCE)
def _acceptance(event):
    d = event.data
    values = {"name": d.get("confirmed_by", ""), "how": choice_label(AcceptanceMethod, d.get("method"))}
    if d.get("accepted"):
        return _("Accepted by the customer (%(name)s, %(how)s)") % values
    return _("Not accepted by the customer (%(name)s, %(how)s): %(reason)s") % {**values, "reason": d.get("reason", "")}
