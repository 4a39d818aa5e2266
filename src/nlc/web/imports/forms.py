"""The upload form of the import page."""

from __future__ import annotations

from django import forms

from nlc.web.imports.services import KINDS
from nlc.web.registry.models import Area, Network
from nlc.web.validation import check_suffix

SUFFIXES = (".csv", ".tsv", ".tab", ".xlsx", ".xlsm")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds", choices=list(KINDS.items()))
    file = forms.FileField(
        label="File",
        help_text="CSV, TSV or XLSX. The columns each kind needs are listed below.",
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(),
        required=False,
        empty_label="(school census: one area per local authority)",
        help_text="The area to import into.",
    )
    network = forms.ModelChoiceField(
        queryset=Network.objects.none(),
        required=False,
        empty_label="(none)",
        help_text="Ties and GIAS co-membership ties are recorded in this network; "
        "imported organisations and schools (census, GIAS links) join it.",
    )
    local_authority = forms.CharField(
        label="Local authority",
        max_length=120,
        required=False,
        help_text="School census only: import just the schools of this local authority "
        "(as the census names it, e.g. Birmingham). Empty imports every school in the file.",
    )
    create_ties = forms.BooleanField(
        label="Also tie schools of the same multi-academy trust (GIAS links)",
        required=False,
    )
    dry_run = forms.BooleanField(label="Check only: write nothing", required=False)

    def __init__(self, *args, area: Area | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_area = area
        if area is not None:
            # Area administrators import into their own area only.
            del self.fields["area"]
            self.fields["network"].queryset = Network.objects.filter(area=area)
        else:
            self.fields["network"].queryset = Network.objects.select_related("area")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_suffix(upload, SUFFIXES, done="imported", do="upload")
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if data.get("network") is not None and kind == "people":
            self.add_error("network", "A network cannot be given for this kind of import.")
        if data.get("network") is None and kind == "activities":
            self.add_error("network", "Learning activities are imported into a network.")
        if data.get("local_authority") and kind != "census":
            self.add_error("local_authority", "Only the school census is filtered by authority.")
        if data.get("create_ties") and kind != "gias-links":
            self.add_error("create_ties", "Only GIAS group links create co-membership ties.")
        return data
