from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from core.history import record_baselines  # imports simple_history.models: not before ready()

        # Every app's migrate ends with a first history row for its rows that have none.
        post_migrate.connect(record_baselines, dispatch_uid="settings_history_baselines")
