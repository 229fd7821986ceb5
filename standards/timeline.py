"""The timeline's words for a forbidden-phrase override (registered in StandardsConfig.ready)."""

from django.utils.translation import gettext as _

from standards.actions import OVERRIDDEN
from tickets.timeline import formatter


@formatter(OVERRIDDEN)
def _overridden(event):
    d = event.data
    return _("Sent despite forbidden phrases %(phrases)s: %(reason)s") % {
        "phrases": "、".join(f"「{p}」" for p in d.get("phrases", [])),
        "reason": d.get("reason", ""),
    }
