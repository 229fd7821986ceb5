from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registers"
    verbose_name = _("Front-desk registers")

    def ready(self):
        from registers import hooks

        hooks.connect()
