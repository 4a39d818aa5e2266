"""Forms of the activity pages. Fields of one kind (``Activity.details``, a step's texts)
come from :mod:`nlc.web.learning.kinds`, so each kind's page shows its own sections."""

from __future__ import annotations

from django import forms
from django.conf import settings

from nlc.web.learning.kinds import KINDS
from nlc.web.learning.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AdoptionEvent,
    CasePupil,
    ParticipantRole,
)
from nlc.web.registry import access
from nlc.web.registry.models import Organisation
from nlc.web.validation import check_suffix

DETAIL = "detail_"
DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})
#: The files an activity may keep, and the most each may weigh.
ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".txt", ".csv", ".png", ".jpg")


def _texts(form: forms.Form, fields, initial: dict | None = None, prefix: str = "") -> None:
    for name, label, help_text in fields:
        form.fields[prefix + name] = forms.CharField(
            label=label,
            help_text=help_text,
            required=False,
            widget=TEXT,
            initial=(initial or {}).get(name, ""),
        )


class ActivityForm(forms.ModelForm):
    """What every activity records, then its kind's own fields (``detail_<name>``)."""

    class Meta:
        model = Activity
        fields = [
            "title",
            "focus",
            "start_date",
            "end_date",
            "status",
            "hosts",
            "notes",
            "outcomes",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "focus": TEXT,
            "notes": TEXT,
            "outcomes": TEXT,
        }
        labels = {"hosts": "Host organisation(s)"}

    def __init__(self, *args, network, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = KINDS[kind]
        self.fields["hosts"].queryset = Organisation.objects.filter(
            memberships__network=network
        ).order_by("name")
        self.fields["hosts"].required = False
        self.fields["focus"].help_text = f"Empty takes the network's: {network.focus}"
        _texts(self, self.kind.fields, self.instance.details if self.instance.pk else {}, DETAIL)

    def details(self) -> dict:
        return {name: self.cleaned_data.get(DETAIL + name, "") for name in self.kind.field_names}

    def activity_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields if k != "hosts"}
        return {**data, "kind": self.kind.key, "details": self.details()}

    def kind_fields(self):
        return [self[DETAIL + n] for n in self.kind.field_names]

    def common_fields(self):
        return [self[n] for n in self.Meta.fields]


class DebriefForm(forms.Form):
    """The facilitator's debrief: the kind's closing fields, what came out, and closing."""

    outcomes = forms.CharField(label="What came out of it", required=False, widget=TEXT)
    close = forms.BooleanField(label="Close the activity (mark it done)", required=False)

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        spec = activity.spec
        names = spec.required_to_close or tuple(spec.field_names[-1:])
        fields = [f for f in spec.fields if f[0] in names]
        _texts(self, fields, activity.details, DETAIL)
        self.fields["outcomes"].initial = activity.outcomes
        self.order_fields([DETAIL + n for n, _, _ in fields] + ["outcomes", "close"])
        self.names = [n for n, _, _ in fields]

    def activity_data(self, activity: Activity) -> dict:
        data = {
            "details": {n: self.cleaned_data[DETAIL + n] for n in self.names},
            "outcomes": self.cleaned_data["outcomes"],
        }
        if self.cleaned_data["close"]:
            data["status"] = ActivityStatus.DONE
        elif activity.status == ActivityStatus.PLANNED:
            data["status"] = ActivityStatus.UNDER_WAY
        return data


class PersonChoice(forms.ModelChoiceField):
    """People labelled as the user may see them (pupils and evaluators' views protected)."""

    def __init__(self, queryset, *, user, **kwargs):
        super().__init__(queryset, **kwargs)
        people = list(queryset.select_related("organisation"))
        names = access.display_names(user, ((p.pk, p.name, p.is_pupil) for p in people))
        self.labels = {p.pk: f"{names[p.pk]} ({p.organisation.name})" for p in people}

    def label_from_instance(self, obj) -> str:
        return self.labels.get(obj.pk, f"Person {obj.pk}")


class ParticipantForm(forms.Form):
    role = forms.ChoiceField(choices=ParticipantRole.choices, initial=ParticipantRole.MEMBER)

    def __init__(self, *args, people, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonChoice(people, user=user, label="Person")
        self.order_fields(["person", "role"])


class ContributionForm(forms.Form):
    contribution = forms.CharField(
        label="Your evidence and reflections",
        required=False,
        widget=TEXT,
        help_text="Do not name children.",
    )


class StepForm(forms.Form):
    title = forms.CharField(max_length=200)
    date = forms.DateField(required=False, widget=DATE)

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        spec = activity.spec
        self.fields["title"].label = f"{spec.step}"
        n = activity.steps.count() + 1
        self.fields["title"].initial = f"{spec.step} {n}"
        _texts(self, [(name, label, "") for name, label in spec.step_fields])
        self.step_names = [name for name, _ in spec.step_fields]

    def step_data(self) -> dict:
        return {
            k: v for k, v in self.cleaned_data.items() if k in ("title", "date", *self.step_names)
        }


class CasePupilForm(forms.ModelForm):
    class Meta:
        model = CasePupil
        fields = ["label", "year_group", "attainment"]
        help_texts = {"label": 'A label, never a name: "Case pupil A".'}


class CaseObservationForm(forms.Form):
    predicted = forms.CharField(label="Predicted", required=False, widget=TEXT)
    observed = forms.CharField(label="Observed", required=False, widget=TEXT)

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"] = forms.ModelChoiceField(
            activity.case_pupils.all(), label="Case pupil"
        )
        self.order_fields(["pupil", "predicted", "observed"])


class AdoptionForm(forms.ModelForm):
    class Meta:
        model = AdoptionEvent
        fields = ["organisation", "practice", "adopted_on", "notes"]
        widgets = {"adopted_on": DATE, "notes": TEXT}
        labels = {"organisation": "Adopting organisation", "adopted_on": "When"}

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__network=activity.network
        ).order_by("name")
        technique = activity.details.get("technique", "")
        if technique:
            self.fields["practice"].initial = technique


class AttachmentForm(forms.Form):
    file = forms.FileField(
        help_text=f"{', '.join(ATTACHMENT_SUFFIXES)}; at most "
        f"{settings.NLC_MAX_UPLOAD_BYTES // 1_000_000} MB."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_suffix(upload, ATTACHMENT_SUFFIXES, done="attached", do="attach")
        if upload.size > settings.NLC_MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is too large.")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload


class FilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "All kinds"), *ActivityKind.choices], required=False)
    status = forms.ChoiceField(
        choices=[("", "Any status"), *ActivityStatus.choices], required=False
    )
    month = forms.CharField(required=False, widget=forms.HiddenInput)
