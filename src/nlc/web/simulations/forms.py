"""The simulation form: model, seeds, runs and an optional proposed new tie.

The form is a GET form (nothing is written); its choices of organisations are those of the
network the engine runs on (:func:`nlc.web.ties.services.organisation_network`), so an
organisation that is not in the network is refused as an invalid choice.
"""

from __future__ import annotations

from django import forms

MAX_RUNS = 2000
MODELS = [("cascade", "Independent cascade"), ("threshold", "Threshold (share of neighbours)")]
STRATEGIES = [
    ("chosen", "The organisations ticked below"),
    ("random", "At random (drawn afresh in every run)"),
    ("degree", "Most connected (degree)"),
    ("brokers", "Brokers (total brokerage)"),
]


def _share(label: str, initial: float) -> forms.FloatField:
    """An optional number from 0 to 1."""
    return forms.FloatField(
        label=label, min_value=0.0, max_value=1.0, initial=initial, required=False
    )


class SimulationForm(forms.Form):
    model = forms.ChoiceField(choices=MODELS, initial="cascade")
    p = _share("p (chance a tie passes the practice on)", 0.1)
    threshold = _share("Threshold (share of neighbours needed)", 0.3)
    strategy = forms.ChoiceField(label="Seeds", choices=STRATEGIES, initial="degree")
    seeds = forms.MultipleChoiceField(
        label="Seed organisations", required=False, widget=forms.CheckboxSelectMultiple
    )
    k = forms.IntegerField(label="Number of seeds (k)", min_value=1, initial=2, required=False)
    runs = forms.IntegerField(min_value=1, max_value=MAX_RUNS, initial=500)
    rng = forms.IntegerField(label="Random seed", min_value=0, initial=0)
    tie_from = forms.ChoiceField(label="Proposed new tie: from", required=False)
    tie_to = forms.ChoiceField(label="to", required=False)

    def __init__(self, *args, organisations, members, **kwargs):
        """``organisations``: (id, name) of the network's nodes; ``members``: (id, name) of
        its member organisations (ends of a proposed tie)."""
        super().__init__(*args, **kwargs)
        self.n = len(organisations)
        self.fields["seeds"].choices = organisations
        blank = [("", "(none)")]
        self.fields["tie_from"].choices = blank + list(members)
        self.fields["tie_to"].choices = blank + list(members)
        self.fields["k"].widget.attrs["max"] = max(self.n, 1)
        self.fields["k"].validators.append(_at_most(max(self.n, 1), "organisations"))

    def clean(self):
        data = super().clean()
        model = data.get("model")
        if model == "cascade" and data.get("p") is None and "p" not in self.errors:
            self.add_error("p", "Give the probability p for the cascade model.")
        if (
            model == "threshold"
            and data.get("threshold") is None
            and "threshold" not in self.errors
        ):
            self.add_error("threshold", "Give the threshold share for the threshold model.")
        strategy = data.get("strategy")
        if strategy == "chosen":
            if not data.get("seeds") and "seeds" not in self.errors:
                self.add_error("seeds", "Tick at least one organisation to start from.")
        elif strategy and data.get("k") is None and "k" not in self.errors:
            self.add_error("k", "Give the number of seeds.")
        a, b = data.get("tie_from"), data.get("tie_to")
        if bool(a) != bool(b):
            self.add_error("tie_to", "Choose both ends of the proposed tie, or neither.")
        elif a and a == b:
            self.add_error("tie_to", "A tie joins two different organisations.")
        if self.n == 0:
            raise forms.ValidationError("The network has no organisations to simulate on.")
        return data

    @property
    def proposed_tie(self) -> tuple[str, str] | None:
        a, b = self.cleaned_data.get("tie_from"), self.cleaned_data.get("tie_to")
        return (a, b) if a and b else None


def _at_most(limit: int, what: str):
    def check(value):
        if value is not None and value > limit:
            raise forms.ValidationError(f"At most {limit} ({what}).")

    return check
