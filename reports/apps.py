from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The lower layers call reports only through their registries: the worker runs the
        # subscriptions pass, the outbox renders the message and attaches the spreadsheet.
        from core.worker import register_pass
        from notifications.delivery import ATTACHMENTS
        from notifications.templates import TEMPLATES
        from reports import rollup
        from reports.delivery import TEMPLATE, attachments, deliver_subscriptions

        TEMPLATES[TEMPLATE] = (
            _("Report: %(title)s (%(period)s)"),
            _("%(name)s, the report %(title)s for %(period)s is attached as a spreadsheet. %(company)s"),
        )
        ATTACHMENTS[TEMPLATE] = attachments
        register_pass("report figures", rollup.refresh)
        register_pass("report subscriptions", deliver_subscriptions)
