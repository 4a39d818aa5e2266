"""Forms of the brokerage pages."""

from __future__ import annotations

from django import forms

from nlc.web.brokerage.models import Level, Resource
from nlc.web.registry.models import Organisation, Person


class ActForm(forms.Form):
    """Act on a suggestion (start an introduction) or dismiss it."""

    key = forms.CharField(max_length=130)
    network = forms.IntegerField(required=False)
    level = forms.ChoiceField(choices=Level.choices, required=False)
    reason = forms.CharField(max_length=300, required=False)

    def clean_key(self) -> tuple[str, str, str]:
        parts = self.cleaned_data["key"].split("|")
        if len(parts) != 3 or not all(parts):
            raise forms.ValidationError("This is not a suggestion's key.")
        return tuple(parts)


class AdvanceForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("agree_a", "First side agrees"),
            ("agree_b", "Second side agrees"),
            ("met", "They met"),
            ("succeed", "Successful"),
            ("fail", "Unsuccessful"),
            ("decline", "Declined"),
        ]
    )
    notes = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)


class ResourceForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = ["organisation", "side", "kind", "description", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, area_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(area_id=area_id)


class BrokerForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none())

    def __init__(self, *args, area_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            organisation__area_id=area_id, is_pupil=False, user__isnull=False
        ).select_related("organisation")


class HoldbackForm(forms.Form):
    holdback = forms.FloatField(
        min_value=0,
        max_value=0.5,
        label="Share held back as a control",
        help_text="0 turns it off; 0.2 holds back one suggestion in five.",
    )
