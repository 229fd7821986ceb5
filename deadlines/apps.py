from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = _("Time commitments")

    def ready(self):
        from deadlines import timeline  # noqa: F401  (registers the timeline wording of its events)
        from deadlines.defaults import seed_default_commitments

        post_migrate.connect(seed_default_commitments, sender=self, dispatch_uid="seed_default_commitments")
