"""The demo company's appraisal: inspections, an appeal, a QA sample and reviews, both months
computed (appraisal.demo, called by load_demo)."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from appraisal.models import Appeal, Inspection, MonthResult, QaReview, QaSample
from appraisal.vocabulary import previous_month


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_has_appraisal_records(db):
    call_command("load_demo", households=30, tickets=60, stdout=StringIO())
    this_month = timezone.localdate().replace(day=1)
    assert Inspection.objects.exists()
    assert MonthResult.objects.filter(month=this_month).count() == 27  # everyone but the administrator
    assert MonthResult.objects.filter(month=previous_month(this_month)).exists()
    assert QaSample.objects.filter(staff__username="agent", seed=2026).exists()
    assert QaReview.objects.count() <= 2
    assert Appeal.objects.filter(appellant__username="agent").count() <= 1
