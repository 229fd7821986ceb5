from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo company (make run): at the top of the house, it imports every app and nothing imports it."""

    name = "demo"
    default_auto_field = "django.db.models.BigAutoField"
