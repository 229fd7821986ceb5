from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    """The engineers' side of a work order: photos of the finished work, the printed 派工单."""

    name = "fieldwork"
    verbose_name = _("Field work")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: it imports models, which are not loaded before ready().
        from fieldwork import panels, timeline  # noqa: F401  (timeline registers the wording of its events)
        from tickets.views.detail import PANELS

        if panels.completion_panel not in PANELS:
            PANELS.append(panels.completion_panel)
