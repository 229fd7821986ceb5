"""What shifts plugs into the layers below it (called from ShiftsConfig.ready()):

- deadlines.escalation.DUTY_PROVIDERS: who is on duty, so emergencies and out-of-hours
  escalations reach the people at work instead of everyone;
- deadlines.watcher.PASS_HOOKS: the handover promise (shifts.watch) in every watcher pass;
- tickets.timeline.formatter: the wording of `handed_over`;
- notifications.templates.TEMPLATES: the late-handover alert.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deadlines import escalation, watcher
from notifications.templates import TEMPLATES
from shifts.selectors import duty_entries
from shifts.watch import check_handovers
from tickets.models import EventKind
from tickets.timeline import formatter


def duty_provider(roles, *, at, department=None):
    """The people of `roles` on duty at `at`, or None when no roster covers that moment at all
    (then the escalation rules of today stand)."""
    entries = list(duty_entries(at=at, department=department).select_related("staff__superior", "staff__department"))
    if not entries and not duty_entries(at=at).exists():
        return None
    return [entry.staff for entry in entries if entry.staff.role in roles]


def _handed_over(event):
    d = event.data
    return _("Handed over at the shift change from %(old)s to %(new)s") % {
        "old": d.get("from_name", ""),
        "new": d.get("to_name", ""),
    }


def connect() -> None:
    if duty_provider not in escalation.DUTY_PROVIDERS:
        escalation.DUTY_PROVIDERS.append(duty_provider)
    if check_handovers not in watcher.PASS_HOOKS:
        watcher.PASS_HOOKS.append(check_handovers)
    formatter(EventKind.HANDED_OVER)(_handed_over)
    TEMPLATES.setdefault(
        "handover_late",
        (
            gettext_lazy("Handover not acknowledged: %(content)s"),
            gettext_lazy("%(name)s, the shift handover %(content)s was not acknowledged by %(due)s."),
        ),
    )
