from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge and price list")

    def ready(self):
        # Imported for its @formatter registrations; it imports models, not loaded before ready().
        from knowledge import timeline  # noqa: F401
