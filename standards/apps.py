from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = _("Service language")

    def ready(self):
        # Imported here, not at the top: actions import models, which are not loaded before ready().
        from core import customer_text
        from standards import timeline  # noqa: F401  (its @formatter registration)
        from standards.actions import guard_customer_text

        customer_text.register(guard_customer_text)
