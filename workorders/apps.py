from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkordersConfig(AppConfig):
    """Complete work orders (B3-B5): the department's service plan with its time nodes, sub-orders
    for several departments, and the customer's acceptance (验收) of the finished work."""

    name = "workorders"
    verbose_name = _("Work-order plans and acceptance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: they import models, which are not loaded before ready().
        from portal.actions import PUBLIC_EVENTS
        from portal.views import PROGRESS_PANELS
        from tickets import signals
        from tickets.models import EventKind
        from tickets.timeline import REOPEN_CAUSES
        from tickets.views.detail import PANELS
        from workorders import panels, portal, receivers, timeline  # noqa: F401  (timeline registers its wording)

        if panels.work_order_panel not in PANELS:
            PANELS.append(panels.work_order_panel)
        if portal.progress_panel not in PROGRESS_PANELS:
            PROGRESS_PANELS.append(portal.progress_panel)
        # The customer's progress page lists the acceptance among the steps (no names, no reason).
        PUBLIC_EVENTS.setdefault(EventKind.ACCEPTANCE, _("Acceptance of the work recorded"))
        REOPEN_CAUSES.setdefault("acceptance_refused", timeline.acceptance_refused)
        signals.resolving.connect(receivers.on_resolving, dispatch_uid="workorders.resolving")
        signals.work_finished.connect(receivers.on_work_finished, dispatch_uid="workorders.work_finished")
