"""Subscriptions delivered (K2, K3): the worker's pass builds each report due on the calendar and
writes it, with one message per recipient, to the notification outbox; the outbox attaches the
spreadsheet to the e-mail.

Exactly once: the subscription row is locked, the Delivery row (unique per subscription and
period) and the outbox rows are written in ONE transaction. A worker killed while building
commits nothing, and the next pass builds the report again; a second worker waits on the lock and
then finds the Delivery. Sending is the outbox's: claimed row by row, never repeated.
"""

import io
import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.selectors import complaint_register
from notifications.models import Channel, Notification
from notifications.services import staff_messages
from reports.calendar import latest_occurrence
from reports.exports import complaint_sheet
from reports.groupings import GROUPINGS
from reports.models import Delivery, ReportKind, Subscription
from reports.periods import Period
from reports.selectors import kpi_report
from reports.spreadsheets import report_sheets, write_workbook

log = logging.getLogger("kefu.reports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE = "report_ready"


def build(subscription: Subscription, period: Period) -> tuple[str, bytes, int]:
    """The spreadsheet of one subscription over one period: (file name, bytes, data rows)."""
    if subscription.report == ReportKind.COMPLAINTS:
        qs = complaint_register().filter(received_at__gte=period.bounds()[0], received_at__lt=period.bounds()[1])
        if subscription.department_id:
            qs = qs.filter(department_id=subscription.department_id)
        note = _("Period: %(first)s to %(last)s") % {"first": period.first, "last": period.last}
        sheets = [complaint_sheet(qs, [note])]
    else:
        by = GROUPINGS.get(subscription.by, GROUPINGS["department"])
        report = kpi_report(period, by, department=subscription.department_id, compare=True)
        sheets = report_sheets(report)
    buffer = io.BytesIO()
    rows = write_workbook(buffer, sheets)
    name = f"{subscription.report}-{subscription.pk}-{period.first.isoformat()}-{period.last.isoformat()}.xlsx"
    return name, buffer.getvalue(), rows


@transaction.atomic
def deliver_if_due(subscription_id: int, now: datetime) -> bool:
    subscription = Subscription.objects.select_for_update().filter(pk=subscription_id, is_active=True).first()
    if subscription is None:
        return False
    due, period = latest_occurrence(subscription.schedule, now)
    if due < subscription.created_at:
        return False  # subscribed after that report was due: the next one is the first
    if Delivery.objects.filter(subscription=subscription, first=period.first, last=period.last).exists():
        return False
    filename, content, rows = build(subscription, period)
    delivery = Delivery.objects.create(
        subscription=subscription,
        first=period.first,
        last=period.last,
        built_at=now,
        filename=filename,
        content=content,
        rows=rows,
    )
    params = {
        "delivery": delivery.pk,
        "title": subscription.name,
        "period": f"{period.first.isoformat()} – {period.last.isoformat()}",
    }
    recipients = list(subscription.recipients.filter(is_active=True))
    Notification.objects.bulk_create(
        staff_messages(recipients, TEMPLATE, params, channels=(Channel.INAPP, Channel.EMAIL), now=now)
    )
    return True


def deliver_subscriptions(now: datetime | None = None) -> int:
    """The worker's pass: every active subscription whose report is due and not yet built."""
    now = now or timezone.now()
    built = 0
    for subscription_id in Subscription.objects.filter(is_active=True).values_list("pk", flat=True):
        try:
            built += deliver_if_due(subscription_id, now)
        except Exception:
            # One broken subscription (a deleted grouping, a full disk) must not stop the others.
            log.exception("report subscription %s failed", subscription_id)
    return built


def attachments(notification: Notification) -> list[tuple[str, bytes, str]]:
    """The outbox's attachment hook for report messages: the built spreadsheet."""
    delivery = Delivery.objects.filter(pk=notification.params.get("delivery")).only("filename", "content").first()
    return [(delivery.filename, bytes(delivery.content), XLSX)] if delivery else []
