"""Timeline wording of the complaint steps (registered with tickets.timeline in ComplaintsConfig.ready)."""

from django.utils.translation import gettext as _

from complaints.models import MajorReason, Severity, Target
from tickets.models import EventKind, TicketEvent
from tickets.timeline import choice_label as _label
from tickets.timeline import formatter


@formatter(EventKind.COMPLAINT)
def describe_complaint_event(event: TicketEvent) -> str:
    d = event.data
    step = d.get("step")
    if step in ("registered", "regraded"):
        words = {
            "target": _label(Target, d.get("target")),
            "name": d.get("target_name") or "",
            "severity": _label(Severity, d.get("severity")),
            "validity": _("valid") if d.get("valid") else _("not valid under the definition"),
        }
        if step == "registered":
            return _("Complaint graded: about %(target)s %(name)s, %(severity)s, %(validity)s") % words
        return _("Complaint regraded: about %(target)s %(name)s, %(severity)s, %(validity)s") % words
    if step == "major":
        text = _("Made a major complaint: %(reason)s") % {"reason": _label(MajorReason, d.get("reason"))}
        if d.get("compensation"):
            text += " " + _("(compensation proposed: %(amount)s yuan)") % {"amount": d["compensation"]}
        return text
    if step == "accepted":
        return _("Major complaint accepted by the manager")
    if step == "compensation_approved":
        return _("Compensation approved: %(amount)s yuan") % {"amount": d.get("amount", "")}
    if step == "case_written":
        return _("Written up in the case library: %(title)s") % {"title": d.get("title", "")}
    return _("Complaint step")
