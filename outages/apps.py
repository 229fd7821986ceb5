from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutagesConfig(AppConfig):
    name = "outages"
    verbose_name = _("Outage notices")

    def ready(self):
        # Imported here, not at the top: they import models, which are not loaded before ready().
        from notifications import templates
        from outages import receivers
        from outages.models import OutageKind
        from tickets import signals

        signals.ticket_recorded.connect(receivers.on_ticket_recorded, dispatch_uid="outages.ticket_recorded")
        templates.VOCABULARIES["outage_kind"] = OutageKind
