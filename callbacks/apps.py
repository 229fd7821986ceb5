from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallbacksConfig(AppConfig):
    name = "callbacks"
    verbose_name = _("Callbacks")

    def ready(self):
        # Imported here, not at the top: they import models, which are not loaded before ready().
        from callbacks import receivers, timeline  # noqa: F401  (timeline registers the wording of its events)
        from tickets import signals

        signals.work_finished.connect(receivers.on_work_finished, dispatch_uid="callbacks.work_finished")
