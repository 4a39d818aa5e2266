"""The plan's forms. People are listed by the names the user may see
(:func:`nlc.web.registry.access.display_names`)."""

from __future__ import annotations

from django import forms

from nlc.web.planning.models import (
    Action,
    Comment,
    Decision,
    Goal,
    Indicator,
    IndicatorValue,
    Meeting,
    Outcome,
    Proposal,
)
from nlc.web.registry import access

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NamedPeople(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return getattr(obj, "shown_name", obj.name)


class NamedPerson(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return getattr(obj, "shown_name", obj.name)


def _named(user, people):
    rows = list(people)
    names = access.display_names(user, ((p.pk, p.name, p.is_pupil) for p in rows))
    for p in rows:
        p.shown_name = names[p.pk]
    return rows


def _people_field(field, user, people) -> None:
    field.queryset = people
    named = {p.pk: p.shown_name for p in _named(user, people)}
    field.label_from_instance = lambda obj: named.get(obj.pk, obj.name)


class FocusForm(forms.Form):
    statement = forms.CharField(
        label="Shared focus", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    outcomes = forms.MultipleChoiceField(
        label="Every Child Matters outcomes it serves",
        choices=Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "outcome", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "measure", "unit", "chart_kind", "pupil_level"]


class ValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["period", "period_start", "value", "pupils", "source"]
        widgets = {"period_start": DATE}


class ValueImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV or XLSX with columns period, period_start, value, "
        "and optionally organisation, pupils, source."
    )


class MeetingForm(forms.ModelForm):
    attendees = NamedPeople(queryset=None, required=False)

    class Meta:
        model = Meeting
        fields = ["held_on", "title", "agenda", "attendees"]
        widgets = {"held_on": DATE, "agenda": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, people, **kwargs):
        super().__init__(*args, **kwargs)
        _people_field(self.fields["attendees"], user, people)


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "text", "method", "goal", "meeting"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = network.goals.all()
        self.fields["meeting"].queryset = network.meetings.all()


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(forms.ModelForm):
    participants = NamedPeople(queryset=None, required=False, label="Who took part")

    class Meta:
        model = Decision
        fields = ["decided_on", "outcome", "summary", "participants", "votes_for", "votes_against"]
        widgets = {"decided_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, people, **kwargs):
        super().__init__(*args, **kwargs)
        _people_field(self.fields["participants"], user, people)


class ActionForm(forms.ModelForm):
    owner = NamedPerson(queryset=None, required=False)

    class Meta:
        model = Action
        fields = ["title", "owner", "due", "status", "goal", "decision"]
        widgets = {"due": DATE}

    def __init__(self, *args, user, network, people, may_assign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        _people_field(self.fields["owner"], user, people)
        self.fields["goal"].queryset = network.goals.all()
        self.fields["decision"].queryset = Decision.objects.filter(proposal__network=network)
        if not may_assign:  # members and partners take actions themselves
            del self.fields["owner"]
