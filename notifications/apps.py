from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from customers.editing import customer_changed
        from deadlines.watcher import RECORDED_HOOKS
        from notifications.archive import tell_stewards_of_grade_change
        from notifications.events import notify_watcher_events

        if notify_watcher_events not in RECORDED_HOOKS:
            RECORDED_HOOKS.append(notify_watcher_events)
        customer_changed.connect(tell_stewards_of_grade_change, dispatch_uid="steward_grade_change")
