"""Subscriptions on the handbooks' calendar: due days and periods; built once by the worker pass,
in the outbox with the spreadsheet attached; never twice, even when a build is interrupted."""

import io
from datetime import date, datetime
from unittest import mock

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications.delivery import deliver_pending
from notifications.models import Notification
from reports import delivery
from reports.calendar import latest_occurrence
from reports.delivery import deliver_subscriptions
from reports.models import Delivery, Subscription
from reports.tests.conftest import SHANGHAI


@pytest.mark.parametrize(
    "schedule, now, due, first, last",
    [
        (
            "daily",
            datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI),
            date(2026, 11, 10),
            date(2026, 11, 9),
            date(2026, 11, 9),
        ),
        (
            "daily",
            datetime(2026, 11, 10, 7, 0, tzinfo=SHANGHAI),
            date(2026, 11, 9),
            date(2026, 11, 8),
            date(2026, 11, 8),
        ),
        (
            "weekly",
            datetime(2026, 11, 13, 9, 0, tzinfo=SHANGHAI),
            date(2026, 11, 11),
            date(2026, 11, 4),
            date(2026, 11, 10),
        ),
        (
            "weekly",
            datetime(2026, 11, 11, 8, 0, tzinfo=SHANGHAI),
            date(2026, 11, 11),
            date(2026, 11, 4),
            date(2026, 11, 10),
        ),
        (
            "monthly",
            datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI),
            date(2026, 10, 25),
            date(2026, 9, 25),
            date(2026, 10, 24),
        ),
        (
            "monthly",
            datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI),
            date(2026, 11, 25),
            date(2026, 10, 25),
            date(2026, 11, 24),
        ),
        (
            "monthly",
            datetime(2027, 1, 3, 9, 0, tzinfo=SHANGHAI),
            date(2026, 12, 25),
            date(2026, 11, 25),
            date(2026, 12, 24),
        ),
        (
            "quarterly",
            datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI),
            date(2026, 10, 1),
            date(2026, 7, 1),
            date(2026, 9, 30),
        ),
        (
            "yearly",
            datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI),
            date(2026, 1, 1),
            date(2025, 1, 1),
            date(2025, 12, 31),
        ),
    ],
)
def test_the_calendar(schedule, now, due, first, last):
    moment, period = latest_occurrence(schedule, now)
    assert (moment.date(), period.first, period.last) == (due, first, last)


@pytest.fixture
def subscription(month):
    month.manager.email = "manager@example.com"
    month.manager.save(update_fields=["email"])
    with time_machine.travel(datetime(2026, 11, 1, tzinfo=SHANGHAI), tick=False):
        s = Subscription.objects.create(name="工程部周报", by="category", schedule="weekly", created_by=month.manager)
    s.recipients.set([month.manager, month.engineer])
    return s


def test_the_worker_builds_a_due_report_once_and_mails_it_with_the_spreadsheet(subscription, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(datetime(2026, 11, 18, 8, 30, tzinfo=SHANGHAI), tick=False):
        assert deliver_subscriptions() == 1
        assert deliver_subscriptions() == 0  # the same period: nothing more
        deliver_pending()
    built = Delivery.objects.get()
    assert (built.first, built.last) == (date(2026, 11, 11), date(2026, 11, 17))
    # the manager: in the inbox and by e-mail; the engineer has no e-mail address: inbox only
    assert Notification.objects.filter(template="report_ready").count() == 3
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "报表：工程部周报（2026-11-11 – 2026-11-17）"
    ((name, content, mimetype),) = message.attachments
    assert name.endswith(".xlsx") and mimetype.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    total = next(line for line in sheet.iter_rows(values_only=True) if line[0] == "合计")
    assert total[2] == 1  # the open complaint: recorded on the 11th, after 38 hours of work
    with time_machine.travel(datetime(2026, 11, 18, 9, 0, tzinfo=SHANGHAI), tick=False):
        deliver_pending()
    assert len(mail.outbox) == 1


def test_an_interrupted_build_leaves_nothing_and_the_next_pass_sends_it_once(subscription, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    real = delivery.build

    def dies(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt  # the worker stopped in the middle of the transaction

    with time_machine.travel(datetime(2026, 11, 18, 8, 30, tzinfo=SHANGHAI), tick=False):
        with mock.patch.object(delivery, "build", dies), pytest.raises(KeyboardInterrupt):
            deliver_subscriptions()
        assert Delivery.objects.count() == 0 and Notification.objects.count() == 0
        assert deliver_subscriptions() == 1
        deliver_pending()
        assert deliver_subscriptions() == 0
    assert Delivery.objects.count() == 1 and len(mail.outbox) == 1


def test_a_subscription_made_after_the_due_day_waits_for_the_next(month):
    with time_machine.travel(datetime(2026, 11, 12, 10, tzinfo=SHANGHAI), tick=False):
        s = Subscription.objects.create(name="周报", schedule="weekly", created_by=month.manager)
        s.recipients.set([month.manager])
        assert deliver_subscriptions() == 0
    with time_machine.travel(datetime(2026, 11, 18, 8, 1, tzinfo=SHANGHAI), tick=False):
        assert deliver_subscriptions() == 1


def test_the_leads_set_subscriptions_up_on_the_screen(client, month):
    client.force_login(month.manager)
    form = {
        "name": "月度投诉登记",
        "report": "complaints",
        "by": "department",
        "department": "security",
        "schedule": "monthly",
        "recipients": ["manager", "supervisor"],
    }
    assert client.post(reverse("report-subscriptions"), form).status_code == 302
    s = Subscription.objects.get()
    assert (s.report, s.department, s.schedule) == ("complaints", month.security, "monthly")
    assert sorted(s.recipients.values_list("username", flat=True)) == ["manager", "supervisor"]
    refused = client.post(reverse("report-subscriptions"), {**form, "schedule": "hourly", "name": "x"})
    assert refused.status_code == 400 and Subscription.objects.count() == 1
    assert client.post(reverse("report-subscription-delete", args=[s.pk])).status_code == 302
    assert not Subscription.objects.get().is_active
    client.force_login(month.engineer)
    assert client.get(reverse("report-subscriptions")).status_code == 403
