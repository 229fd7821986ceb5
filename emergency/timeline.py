"""The timeline wording of `emergency` events (registered with tickets.timeline.formatter)."""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.formats import duration
from emergency.notices import EVENT_KIND
from tickets.timeline import formatter, with_note


@formatter(EVENT_KIND)
def describe_emergency_event(event) -> str:
    d = event.data
    step = d.get("step")
    if step == "activated":
        text = _("Emergency plan activated: %(plan)s (version %(version)s)") % {
            "plan": d.get("plan_name", ""),
            "version": d.get("version", ""),
        }
        if d.get("alerted"):
            text += _("; alerted: %(names)s") % {"names": "、".join(d["alerted"])}
        return text
    if step == "step_done":
        text = _("Emergency step %(n)s done, %(time)s after the alarm: %(title)s") % {
            "n": d.get("n", ""),
            "time": _minutes(d.get("minutes")),
            "title": d.get("title", ""),
        }
        return with_note(text, d.get("note"))
    if step == "step_overdue":
        return _("Emergency step %(n)s overdue: %(title)s") % {"n": d.get("n", ""), "title": d.get("title", "")}
    if step == "closed":
        return _("Emergency closed with the after-action report, %(time)s after the alarm") % {
            "time": _minutes(d.get("minutes"))
        }
    if step == "action_done":
        return with_note(_("Corrective action done: %(text)s") % {"text": d.get("text", "")}, d.get("note"))
    if step == "action_overdue":
        return _("Corrective action overdue: %(text)s") % {"text": d.get("text", "")}
    return pgettext("emergency", "Emergency")


def _minutes(value) -> str:
    """Stored as whole minutes (data); read as 3分 / 2小时5分 / 1天0小时."""
    try:
        return duration(timedelta(minutes=int(value)))
    except (TypeError, ValueError):
        return ""
