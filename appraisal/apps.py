from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalConfig(AppConfig):
    name = "appraisal"
    verbose_name = _("Appraisal")

    def ready(self) -> None:
        from appraisal import sources, worker  # noqa: F401  (fill the registries)
