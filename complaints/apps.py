from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        # Imported here, not at the top: they import models, which are not loaded before ready().
        from complaints import receivers, timeline  # noqa: F401  (timeline registers the wording of its events)
        from tickets import signals

        signals.resolving.connect(receivers.on_resolving, dispatch_uid="complaints.resolving")
