from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "emergency"
    verbose_name = _("Emergencies")

    def ready(self):
        # Hooks the lower layers call: the timeline wording of `emergency` events, the message
        # texts, and the overdue pass the deadline watcher runs with its own.
        from emergency import hooks

        hooks.connect()
