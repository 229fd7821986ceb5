"""What the lower layers call, filled in once at start-up (EmergencyConfig.ready)."""

from deadlines import watcher
from emergency import timeline  # noqa: F401  (registers the wording of `emergency` events)
from emergency.notices import TEMPLATES
from emergency.watch import check_emergencies
from notifications import templates


def connect() -> None:
    for name, texts in TEMPLATES.items():
        templates.TEMPLATES.setdefault(name, texts)
    if check_emergencies not in watcher.PASS_HOOKS:
        watcher.PASS_HOOKS.append(check_emergencies)
