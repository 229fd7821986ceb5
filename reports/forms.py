from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Staff
from reports.groupings import GROUPINGS
from reports.models import ReportKind, Schedule


class SubscriptionForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=60)
    report = forms.ChoiceField(label=_("report"), choices=ReportKind.choices)
    by = forms.ChoiceField(label=_("grouping"), choices=[(g.code, g.title) for g in GROUPINGS.values()])
    department = forms.ModelChoiceField(
        label=_("department"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        to_field_name="code",
        empty_label=_("Every department"),
    )
    schedule = forms.ChoiceField(label=_("schedule"), choices=Schedule.choices)
    recipients = forms.ModelMultipleChoiceField(
        label=_("recipients"),
        queryset=Staff.objects.filter(is_active=True).order_by("work_number"),
        to_field_name="username",
    )
