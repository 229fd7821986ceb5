"""Timeline wording of the callback events (registered with tickets.timeline in CallbacksConfig.ready)."""

from django.utils.translation import gettext as _

from callbacks.models import Outcome
from tickets.models import EventKind, TicketEvent
from tickets.timeline import formatter


@formatter(EventKind.CALLBACK_RECORDED, EventKind.SUPERVISED)
def describe_callback_event(event: TicketEvent) -> str:
    d = event.data
    if event.kind == EventKind.SUPERVISED:
        if d.get("again"):
            return _("Still supervised: sent back to %(department)s again") % {
                "department": d.get("department_name", "")
            }
        return _("Supervised: sent back to %(department)s") % {"department": d.get("department_name", "")}
    try:
        outcome = str(Outcome(d.get("outcome")).label)
    except ValueError:
        outcome = str(d.get("outcome", ""))
    if d.get("final") and d.get("score"):
        text = _("Callback: %(outcome)s, score %(score)s") % {"outcome": outcome, "score": d["score"]}
    elif d.get("final"):
        text = _("Callback: %(outcome)s") % {"outcome": outcome}
    else:
        text = _("Callback attempt %(attempt)s: %(outcome)s") % {"attempt": d.get("attempt", ""), "outcome": outcome}
    if d.get("note"):
        text += f" — {d['note']}"
    return text


@formatter(EventKind.CALLBACK_ASSIGNED)
def describe_callback_assigned(event: TicketEvent) -> str:
    d = event.data
    return _("Callback assigned to %(agent)s") % {"agent": d.get("agent_name") or d.get("agent", "")}
