"""Timeline wording of the deadline events (registered with tickets.timeline in DeadlinesConfig.ready)."""

from django.utils.translation import gettext as _

from deadlines.models import DeadlineKind
from tickets.models import EventKind
from tickets.timeline import choice_label, formatter, local_minute


@formatter(EventKind.DEADLINE_BREACHED)
def _breached(event):
    d = event.data
    return _("Deadline breached: %(step)s was due %(due)s") % {
        "step": choice_label(DeadlineKind, d.get("deadline")),
        "due": local_minute(d.get("due_at")),
    }


@formatter(EventKind.DEADLINE_WARNING)
def _warning(event):
    d = event.data
    return _("Deadline approaching: %(step)s is due %(due)s") % {
        "step": choice_label(DeadlineKind, d.get("deadline")),
        "due": local_minute(d.get("due_at")),
    }


@formatter(EventKind.ESCALATED)
def _escalated(event):
    d = event.data
    if d.get("emergency"):
        return _("Emergency: escalated at once to %(names)s") % {"names": "、".join(d.get("to_names", []))}
    return _("Escalated to %(name)s (level %(level)s): %(step)s was due %(due)s") % {
        "name": d.get("to_name", ""),
        "level": d.get("level", ""),
        "step": choice_label(DeadlineKind, d.get("deadline")),
        "due": local_minute(d.get("due_at")),
    }
