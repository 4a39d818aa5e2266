"""Ties between people or organisations, with type, weight, direction, date and provenance."""

from __future__ import annotations

import math

from django.db import models
from django.db.models import Q

from nlc.web.fields import made, optional_link
from nlc.web.registry.models import Area, Network, Organisation, Person
from nlc.web.validation import MAX_WEIGHT, Validated
from nlc.web.vocabularies import Provenance, TieType

#: Two organisations or two people, never one of each (ties, and brokered introductions).
BETWEEN_ORGANISATIONS_OR_PEOPLE = Q(
    source_organisation__isnull=False,
    target_organisation__isnull=False,
    source_person__isnull=True,
    target_person__isnull=True,
) | Q(
    source_organisation__isnull=True,
    target_organisation__isnull=True,
    source_person__isnull=False,
    target_person__isnull=False,
)


class Tie(Validated, models.Model):
    """A tie between two organisations or between two people (never mixed).

    ``network`` is the network in whose work the tie was observed, if any; the area is kept
    so that permission checks need no join. ``confirmed`` is False while a tie recorded by a
    member or partner waits for a steward of the network; measures leave such ties out.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="ties")
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.SET_NULL, related_name="ties"
    )
    source_organisation = optional_link(Organisation, "ties_out")
    target_organisation = optional_link(Organisation, "ties_in")
    source_person = optional_link(Person, "ties_out")
    target_person = optional_link(Person, "ties_in")
    type = models.CharField(max_length=30, choices=TieType.choices)
    weight = models.FloatField(default=1.0)
    directed = models.BooleanField(default=True)
    observed_on = models.DateField()
    provenance = models.CharField(
        max_length=20, choices=Provenance.choices, default=Provenance.RECORDED
    )
    provenance_detail = models.CharField(
        max_length=300, blank=True, help_text="Survey wave, activity or file."
    )
    confirmed = models.BooleanField(
        default=True,
        help_text="A tie a member or partner records about themself waits (pending) until "
        "a leader or facilitator of the network confirms it; measures count confirmed ties.",
    )
    created_by, created_at = made()
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-observed_on", "pk"]
        indexes = [
            models.Index(fields=["network", "observed_on"]),
            models.Index(fields=["area", "observed_on"]),
            # The tie list (API and pages): the visible ties of an area, confirmed ones,
            # counted and sorted by date from the index alone.
            models.Index(
                fields=["network", "confirmed", "observed_on"], name="tie_network_confirmed_date"
            ),
            models.Index(
                fields=["area", "network", "confirmed", "observed_on"],
                name="tie_area_confirmed_date",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="tie_between_organisations_or_people",
                condition=BETWEEN_ORGANISATIONS_OR_PEOPLE,
            ),
            models.CheckConstraint(name="tie_weight_positive", condition=Q(weight__gt=0)),
        ]

    def rules(self) -> dict[str, str]:
        if self.weight is None or not math.isfinite(self.weight):
            return {}  # None: a required field; not finite: a rule every model shares
        if self.weight <= 0:
            return {"weight": "The weight must be greater than zero."}
        if self.weight > MAX_WEIGHT:
            return {"weight": f"The weight must be at most {MAX_WEIGHT:g}."}
        return {}

    @property
    def is_between_people(self) -> bool:
        return self.source_person_id is not None

    def __str__(self) -> str:
        if self.is_between_people:
            a, b = self.source_person, self.target_person
        else:
            a, b = self.source_organisation, self.target_organisation
        arrow = "→" if self.directed else "—"
        return f"{a} {arrow} {b} ({self.get_type_display()}, {self.observed_on})"
