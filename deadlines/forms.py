"""The forms of the commitment and calendar screens: parsing and field checks only; the rules
(versions, spans) live in deadlines.services and deadlines.calendar_actions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from customers.models import Grade
from deadlines.models import POLICY_KIND_CHOICES, BusinessCalendar, DayKind
from tickets.models import RequestSubtype
from tickets.vocabulary import Category, Channel, Priority

WEEKDAYS = [
    (str(n), label)
    for n, label in enumerate([_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")], start=1)
]


class CommitmentForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    # Retired sub-types too: their commitments may still be edited for the day they come back.
    subtype = forms.ModelChoiceField(
        label=_("Sub-type"),
        queryset=RequestSubtype.objects.all(),
        required=False,
        empty_label=_("Any sub-type"),
        help_text=_("Only sub-types of the chosen category."),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("Any channel"))] + list(Channel.choices), required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", _("Any priority"))] + list(Priority.choices), required=False
    )
    grade = forms.ChoiceField(
        label=_("Customer grade"), choices=[("", _("Any grade"))] + list(Grade.choices), required=False
    )
    kind = forms.ChoiceField(label=_("Step"), choices=POLICY_KIND_CHOICES)
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=24 * 366, initial=0)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=59, initial=0)
    calendar = forms.ModelChoiceField(
        label=_("Calendar"),
        queryset=BusinessCalendar.objects.all(),
        required=False,
        empty_label=_("Around the clock (24x7)"),
    )
    warn_percent = forms.IntegerField(
        label=_("Warn at (%)"), min_value=1, max_value=99, required=False, help_text=_("Empty: the default (80 %).")
    )

    def clean(self):
        data = super().clean()
        total = (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)
        if not self.errors and total < 1:
            raise forms.ValidationError(_("Allow at least one minute."))
        subtype = data.get("subtype")
        if subtype is not None and data.get("category") and subtype.category != data["category"]:
            self.add_error("subtype", _("This sub-type belongs to another category."))
        data["total_minutes"] = total
        return data


class CalendarDayForm(forms.Form):
    # A date input takes YYYY-MM-DD whatever the language; the localized format is refused by browsers.
    first = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    last = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: one day."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DayKind.choices)
    name = forms.CharField(
        label=pgettext_lazy("holiday", "Name"), max_length=30, required=False, help_text=_("e.g. 国庆节")
    )


class CalendarForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("calendar", "Name"), max_length=50)
    around_the_clock = forms.BooleanField(label=_("Around the clock (24x7)"), required=False)
    day_start = forms.TimeField(label=_("Work starts"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    day_end = forms.TimeField(label=_("Work ends"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    weekdays = forms.MultipleChoiceField(
        label=_("Working weekdays"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )

    def clean(self):
        data = super().clean()
        if not data.get("around_the_clock") and not data.get("weekdays") and not self.errors:
            raise forms.ValidationError(_("Choose at least one working weekday."))
        return data
