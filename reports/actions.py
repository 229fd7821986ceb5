"""Changes to report subscriptions: one function each, by the leads."""

from django.db import transaction

from accounts.models import Staff
from reports.access import require_subscription_manager
from reports.models import Subscription


@transaction.atomic
def create_subscription(*, actor: Staff, name, report, by, department, schedule, recipients) -> Subscription:
    require_subscription_manager(actor)
    subscription = Subscription.objects.create(
        name=name, report=report, by=by, department=department, schedule=schedule, created_by=actor
    )
    subscription.recipients.set(recipients)
    return subscription


@transaction.atomic
def stop_subscription(subscription: Subscription, *, actor: Staff) -> None:
    """Stopped, not deleted: its deliveries stay as the record of what was sent."""
    require_subscription_manager(actor)
    Subscription.objects.filter(pk=subscription.pk).update(is_active=False)
