"""Complaints (D5, K1): how many, how fast they are processed.

- complaints = tickets of the category complaint received in the period.
- complaint rate (投诉率) = complaints ÷ tickets received in the period.
- processed = those complaints now resolved or closed.
- complaint processing rate (投诉处理率) = processed ÷ complaints; target 100 %.
- complaint cycle (处理周期) = mean hours from receipt to the (last) resolution of the processed
  complaints; target under 24 h.
- processed within 24 h rate = complaints resolved within 24 hours of their receipt ÷ complaints
  (the handbook's "complaints processed within 24 h", drawn as a target line at 100 %).

Worked example: 200 tickets in a month, 8 complaints: complaint rate = 8 ÷ 200 = 0.04. Seven are
resolved, after 5, 10, 20, 30, 6, 12 and 1 hours: processing rate = 7 ÷ 8 = 0.875; cycle =
84 ÷ 7 = 12.0 h; within 24 h = 6 ÷ 8 = 0.75.
"""

from datetime import timedelta

from django.db.models import Count as CountOf
from django.db.models import DurationField, F, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reports.kpis.base import Count, Kpi
from tickets.vocabulary import Category, Status

COMPLAINT = Q(category=Category.COMPLAINT)
PROCESSED = Q(status__in=(Status.RESOLVED, Status.CLOSED), resolved_at__isnull=False)
WITHIN_24H = PROCESSED & Q(resolved_at__lte=F("received_at") + timedelta(hours=24))

COUNTS = [
    Count("complaints", "tickets", CountOf("id", filter=COMPLAINT), _("Complaints")),
    Count("complaints_processed", "tickets", CountOf("id", filter=COMPLAINT & PROCESSED), _("Complaints processed")),
    Count(
        "complaints_within_24h",
        "tickets",
        CountOf("id", filter=COMPLAINT & WITHIN_24H),
        _("Complaints processed within 24 h"),
    ),
    Count(
        "complaint_cycle",
        "tickets",
        Sum(F("resolved_at") - F("received_at"), filter=COMPLAINT & PROCESSED, output_field=DurationField()),
        _("Total hours to process"),
    ),
]

KPIS = [
    Kpi(
        "complaint_rate",
        pgettext_lazy("kpi", "Complaint rate"),
        _("Complaints received ÷ tickets received."),
        "complaints",
        "received",
        drill=("tickets", "complaints"),
    ),
    Kpi(
        "complaint_processing_rate",
        pgettext_lazy("kpi", "Complaint processing rate"),
        _("Complaints resolved or closed ÷ complaints received (target 100 %)."),
        "complaints_processed",
        "complaints",
        target=(">=", 1.0),
        drill=("tickets", "complaints_open"),
    ),
    Kpi(
        "complaints_within_24h_rate",
        pgettext_lazy("kpi", "Complaints processed within 24 h"),
        _("Complaints resolved within 24 hours of receipt ÷ complaints received (target 100 %)."),
        "complaints_within_24h",
        "complaints",
        target=(">=", 1.0),
        drill=("tickets", "complaints_late"),
    ),
    Kpi(
        "complaint_cycle_hours",
        pgettext_lazy("kpi", "Complaint cycle (hours)"),
        _("Mean hours from receipt to resolution of the complaints processed (target under 24 h)."),
        "complaint_cycle",
        "complaints_processed",
        kind="hours",
        target=("<", 24.0),
        drill=("tickets", "complaints"),
    ),
]
