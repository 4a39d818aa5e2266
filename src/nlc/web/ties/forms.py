"""The form for recording a tie between two organisations or two people."""

from __future__ import annotations

from django import forms

from nlc.web.registry.forms import DATE_WIDGET, QuickSelect
from nlc.web.ties.models import Tie


class TieForm(forms.ModelForm):
    """A tie in a network's work. The view passes the organisations and people that may be
    chosen (those of the network's area, and the people of its member organisations) and how
    to label a person (pseudonyms where the user may not see the name). The rules of one
    tie's fields (a weight above zero, finite) are the model's own, shared with the API."""

    class Meta:
        model = Tie
        fields = [
            "source_organisation",
            "target_organisation",
            "source_person",
            "target_person",
            "type",
            "weight",
            "directed",
            "observed_on",
            "provenance",
            "provenance_detail",
        ]
        labels = {
            "source_organisation": "From organisation",
            "target_organisation": "To organisation",
            "source_person": "From person",
            "target_person": "To person",
            "directed": "One way (from → to)",
        }
        widgets = {
            "source_organisation": QuickSelect,
            "target_organisation": QuickSelect,
            "source_person": QuickSelect,
            "target_person": QuickSelect,
            "observed_on": DATE_WIDGET,
        }

    def __init__(self, *args, organisations, people, person_label, own=None, **kwargs):
        super().__init__(*args, **kwargs)
        #: (person id, organisation id) of a member recording their own tie: one end must
        #: be their person or their organisation (None: any two ends).
        self.own = own
        # Both ends offer the same options: list them once (a network may have thousands).
        empty = [("", self.fields["source_person"].empty_label)]
        organisation_choices = empty + [(o.pk, o.name) for o in organisations]
        person_choices = empty + [(p.pk, person_label(p)) for p in people]
        for end in ("source", "target"):
            organisation = self.fields[f"{end}_organisation"]
            organisation.queryset = organisations
            organisation.widget.choices = organisation_choices
            organisation.error_messages["invalid_choice"] = (
                "Choose an organisation in the network's area."
            )
            person = self.fields[f"{end}_person"]
            person.queryset = people
            person.widget.choices = person_choices
            person.error_messages["invalid_choice"] = (
                "Choose a person from one of the network's member organisations."
            )
        self.fields["weight"].widget.attrs["min"] = "0"

    def clean(self):
        cleaned = super().clean()
        organisations = [cleaned.get("source_organisation"), cleaned.get("target_organisation")]
        people = [cleaned.get("source_person"), cleaned.get("target_person")]
        named = {
            "organisation": [o for o in organisations if o],
            "person": [p for p in people if p],
        }
        invalid = {f for f in self.errors if f.endswith(("_organisation", "_person"))}
        if invalid:
            return cleaned  # an end was refused already; its message says why
        if named["organisation"] and named["person"]:
            self.add_error(
                "source_person", "A tie joins two organisations or two people, not one of each."
            )
        elif not named["organisation"] and not named["person"]:
            self.add_error("source_organisation", "Choose two organisations or two people.")
        else:
            level = "organisation" if named["organisation"] else "person"
            ends = organisations if level == "organisation" else people
            if None in ends:
                missing = "source" if ends[0] is None else "target"
                self.add_error(f"{missing}_{level}", f"Choose the other {level} of the tie.")
            elif ends[0] == ends[1]:
                article = "an" if level == "organisation" else "a"
                self.add_error(f"target_{level}", f"A tie cannot join {article} {level} to itself.")
            elif self.own is not None:
                self._check_own(level, ends)
        return cleaned

    def _check_own(self, level: str, ends: list) -> None:
        """A member's own tie: one end is their person (or their organisation)."""
        person, organisation = self.own
        mine = person if level == "person" else organisation
        if mine not in {end.pk for end in ends}:
            whose = "you" if level == "person" else "your organisation"
            self.add_error(
                f"source_{level}",
                f"Record your own ties: one end must be {whose}. A leader or facilitator "
                "records other ties.",
            )
