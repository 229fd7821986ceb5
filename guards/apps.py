from django.apps import AppConfig


class GuardsConfig(AppConfig):
    """Cross-cutting protections of the HTTP layer: idempotent POSTs. Only kefu/ imports it."""

    name = "guards"
    verbose_name = "guards"
