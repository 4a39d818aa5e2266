"""Forms of the knowledge pages: an item (with an optional attachment), a review step, and
the search filters. Which networks, people and organisations may be chosen is passed in by
the views from :mod:`nlc.web.knowledge.access`; the rules of one item are the model's own."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from nlc.web.knowledge.models import Item, Kind, Outcome, Status
from nlc.web.registry.forms import DATE_WIDGET, QuickSelect
from nlc.web.registry.models import Phase


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    """:class:`QuickSelect` for several values (the people of a whole area, quickly)."""

    def __init__(self, attrs=None):
        super().__init__({"size": 6, **(attrs or {}), "multiple": True})


_PEOPLE_WIDGET = QuickSelectMultiple()


class ItemForm(forms.ModelForm):
    ecm_outcomes = forms.MultipleChoiceField(
        label="Every Child Matters outcomes",
        choices=Outcome.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = forms.FileField(
        required=False,
        help_text="PDF, image, Office document, CSV or text file (checked like imports).",
    )

    class Meta:
        model = Item
        fields = [
            "kind", "title", "summary", "body", "networks", "authors", "organisations",
            "date", "tags", "phase", "theme", "what_was_done", "for_whom", "what_changed",
            "cost_and_time", "evidence", "contact",
        ]  # fmt: skip
        widgets = {
            "date": DATE_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "authors": _PEOPLE_WIDGET,
            "organisations": _PEOPLE_WIDGET,
            "networks": QuickSelectMultiple({"size": 4}),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("what_was_done", "for_whom", "what_changed", "cost_and_time")
            },
        }
        help_texts = {
            "body": "Markdown: **bold**, _italic_, lists, links, tables. HTML is shown as text.",
            "tags": "Keywords, separated by commas.",
        }

    def __init__(self, *args, networks, people, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = networks
        self.fields["authors"].queryset = people
        self.fields["organisations"].queryset = organisations
        self.fields["ecm_outcomes"].initial = self.instance.ecm_list
        activities = activity_model()
        if activities is not None:  # the learning app: offer the networks' activities
            self.fields["activity"] = forms.ModelChoiceField(
                activities.objects.filter(network__in=networks).order_by("-start_date", "pk"),
                required=False,
                label="The activity it came from",
                widget=QuickSelect,
            )
            if self.instance.activity_id is not None:
                self.fields["activity"].initial = self.instance.activity_id

    def clean(self):
        data = super().clean()
        self.instance.ecm = ",".join(data.get("ecm_outcomes") or [])
        if "activity" in self.fields:
            activity = data.get("activity")
            self.instance.activity_type = (
                ContentType.objects.get_for_model(activity) if activity else None
            )
            self.instance.activity_id = activity.pk if activity else None
        return data


def activity_model():
    """The learning app's Activity model, or None when that app is not installed."""
    if not apps.is_installed("nlc.web.learning"):
        return None
    return apps.get_model("learning", "Activity")


class ActionForm(forms.Form):
    ACTIONS = ["submit", "return", "publish", "archive", "comment", "public", "private"]
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    note = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    public = forms.BooleanField(required=False)


class FilterForm(forms.Form):
    """The filters of the list and search pages (all optional)."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *Kind.choices],
        required=False,
        widget=forms.Select(attrs={"aria-label": "Kind"}),
    )
    ecm = forms.ChoiceField(
        label="ECM outcome",
        choices=[("", "Any outcome"), *Outcome.choices],
        required=False,
        widget=forms.Select(attrs={"aria-label": "Every Child Matters outcome"}),
    )
    phase = forms.ChoiceField(
        choices=[("", "Any phase"), *[c for c in Phase.choices if c[0]]],
        required=False,
        widget=forms.Select(attrs={"aria-label": "Phase"}),
    )
    theme = forms.CharField(required=False, max_length=120)
    network = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[("", "Any status"), *Status.choices],
        required=False,
        widget=forms.Select(attrs={"aria-label": "Status"}),
    )
    date_from = forms.DateField(label="From", required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label="To", required=False, widget=DATE_WIDGET)

    def clean_q(self):
        value = self.cleaned_data["q"]
        if "\x00" in value:
            raise forms.ValidationError("The search may not hold NUL bytes.")
        return value
