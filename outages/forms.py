from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import Community
from outages.models import OutageKind

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class OutageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutageKind.choices)
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities"), queryset=Community.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    buildings = forms.CharField(
        label=_("Buildings"),
        max_length=200,
        required=False,
        help_text=_("Comma-separated, e.g. 3,5; empty means every building."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=LOCAL, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=LOCAL, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("The customers read it, e.g. 二次供水水箱清洗"),
        widget=forms.TextInput(
            attrs={"data-guard": "", "data-no-picker": "", "data-no-override": ""}
        ),  # the live phrase check
    )
