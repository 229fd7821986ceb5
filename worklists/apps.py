from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistsConfig(AppConfig):
    name = "worklists"
    verbose_name = _("Work lists: bulk actions and saved filters")
