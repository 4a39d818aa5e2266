"""Forms of the surveys section (leaders' pages; the respondent's page reads its own POST)."""

from __future__ import annotations

from django import forms

from nlc.web.registry.forms import DATE_WIDGET
from nlc.web.surveys import library
from nlc.web.surveys.models import (
    INTERPRETERS,
    NonRespondents,
    Question,
    QuestionKind,
    Survey,
    Unreciprocated,
)

CONSENT = (
    "Your answers say who you work with in this network. They are used to map and strengthen "
    "the network's connections. Who named whom is seen only by the network's leaders, "
    "facilitators and the area's administrators; others see the resulting map as the "
    "network's own rules allow. You may withdraw at any time from your link, which removes "
    "your answers."
)


class SurveyForm(forms.ModelForm):
    sets = forms.MultipleChoiceField(
        label="Ready-made question sets",
        choices=[(key, label) for key, (label, _) in library.SETS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=["advice", "collaboration"],
    )

    class Meta:
        model = Survey
        fields = ["title", "consent_text", "min_group_size", "include_pupils"]
        widgets = {"consent_text": forms.Textarea(attrs={"rows": 4})}


class QuestionForm(forms.ModelForm):
    interpreters = forms.MultipleChoiceField(
        choices=[(key, text) for key, (text, _) in INTERPRETERS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Name generators: asked about each person or organisation named.",
    )
    choices = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Choice and organisation questions: the options, one a line.",
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "tie_type", "scope", "interpreters", "choices", "scale_max"]

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if data.get("kind") != QuestionKind.ROSTER:
            data["interpreters"] = []
        return data


class WaveForm(forms.Form):
    opens_on = forms.DateField(widget=DATE_WIDGET)
    closes_on = forms.DateField(widget=DATE_WIDGET)


class CloseForm(forms.Form):
    unreciprocated = forms.ChoiceField(
        label="Nominations not returned", choices=Unreciprocated.choices
    )
    non_respondents = forms.ChoiceField(
        label="People who did not answer", choices=NonRespondents.choices
    )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            ("roster", "Roster CSV (respondent, alter, question, value)"),
            ("canvas", "Network Canvas export (CSV zip or GraphML)"),
        ]
    )
    file = forms.FileField()
