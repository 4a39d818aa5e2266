"""The brokerage assistant's records: the resource register, introductions, dismissed
suggestions, the brokers an area administrator names, held-back suggestions and the area's
settings."""

from __future__ import annotations

from django.db import models

from nlc.web.fields import by_user, made, optional_link, unique_by
from nlc.web.registry.models import Area, Network, Organisation, Person
from nlc.web.ties.models import BETWEEN_ORGANISATIONS_OR_PEOPLE, TieType
from nlc.web.validation import Validated, blank
from nlc.web.vocabularies import IntroductionStatus, Level, ResourceKind, Side

#: The status of an introduction (the vocabulary ``IntroductionStatus``).
Status = IntroductionStatus


class Resource(Validated, models.Model):
    """One line of the resource register: what an organisation offers or needs."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="resources"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    description = models.TextField(max_length=2000)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    created_by, created_at = made()

    class Meta:
        ordering = ["organisation__name", "side", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_side_display().lower()} {self.get_kind_display()}"

    def rules(self) -> dict[str, str]:
        broken = {}
        if blank(self.description):
            broken["description"] = "Say what is offered or needed."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            broken["end_date"] = "The end date must not be before the start date."
        return broken


class Introduction(Validated, models.Model):
    """An introduction the broker makes between two organisations or two people."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="introductions")
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.SET_NULL, related_name="introductions"
    )
    kind = models.CharField(max_length=20, default="relationship", help_text="Suggestion kind.")
    source_organisation = optional_link(Organisation)
    target_organisation = optional_link(Organisation)
    source_person = optional_link(Person)
    target_person = optional_link(Person)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.SUGGEST)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    tie_type = models.CharField(
        max_length=30, choices=TieType.choices, default=TieType.KNOWLEDGE_EXCHANGE
    )
    notes = models.TextField(blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="The suggestion's reasons.")
    score = models.FloatField(null=True, blank=True)
    proposed_on = models.DateField()
    agreed_a_on = models.DateField(null=True, blank=True)
    agreed_b_on = models.DateField(null=True, blank=True)
    met_on = models.DateField(null=True, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    tie = models.ForeignKey(
        "ties.Tie", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by, created_at = made()

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="introduction_between_organisations_or_people",
                condition=BETWEEN_ORGANISATIONS_OR_PEOPLE,
            ),
        ]

    @property
    def between_people(self) -> bool:
        return self.source_person_id is not None

    @property
    def ends(self) -> tuple:
        if self.between_people:
            return self.source_person, self.target_person
        return self.source_organisation, self.target_organisation

    def __str__(self) -> str:
        a, b = self.ends
        return f"{a} and {b} ({self.get_status_display()})"

    def rules(self) -> dict[str, str]:
        ends = (
            (self.source_person_id, self.target_person_id)
            if self.source_person_id or self.target_person_id
            else (self.source_organisation_id, self.target_organisation_id)
        )
        if None not in ends and ends[0] == ends[1]:
            return {"target_organisation": "An introduction needs two different ends."}
        return {}


class Dismissal(Validated, models.Model):
    """A suggestion the broker dismissed; not shown again unless its reasons change."""

    shown_as = "{self.kind} {self.source} → {self.target}"
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="dismissals")
    kind = models.CharField(max_length=20)
    source = models.CharField(max_length=40)
    target = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=16, help_text="A hash of the reasons.")
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was dismissed.")
    dismissed_by, dismissed_at = made()

    class Meta:
        ordering = ["-dismissed_at"]
        constraints = unique_by(
            "area", "kind", "source", "target", name="one_dismissal_per_suggestion"
        )


class Broker(Validated, models.Model):
    """A person an area administrator names to see suggestions about people."""

    shown_as = "{self.person} (broker in {self.area})"
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="brokers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="brokerages")
    named_by = by_user()
    named_on = models.DateField(auto_now_add=True)

    class Meta:
        ordering = ["area", "person__name"]
        constraints = unique_by("area", "person", name="one_broker_record_per_person")

    def rules(self) -> dict[str, str]:
        if self.person_id and self.area_id and self.person.organisation.area_id != self.area_id:
            return {"person": "Name a person of the area's own organisations."}
        if self.person_id and self.person.is_pupil:
            return {"person": "A pupil cannot be a broker."}
        return {}


class Settings(Validated, models.Model):
    """An area's brokerage settings: the share of suggestions held back as a control."""

    shown_as = "Brokerage settings of {self.area}"
    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="brokerage")
    holdback = models.FloatField(
        default=0.0,
        help_text="Share of suggestions held back at random as a control (0 = off, at most "
        "0.5); held-back suggestions are not shown, so the effect of those shown can be "
        "compared with them.",
    )
    seed = models.PositiveIntegerField(default=0, help_text="Changes which ones are drawn.")

    class Meta:
        verbose_name_plural = "settings"

    def rules(self) -> dict[str, str]:
        if self.holdback is not None and not 0 <= self.holdback <= 0.5:
            return {"holdback": "Give a share from 0 (off) to 0.5."}
        return {}


class HeldBack(models.Model):
    """A suggestion drawn into the control: not shown, remembered to compare effects."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="held_back")
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20)
    source = models.CharField(max_length=40)
    target = models.CharField(max_length=40)
    held_on = models.DateField()

    class Meta:
        ordering = ["-held_on", "pk"]
        constraints = unique_by(
            "area", "kind", "source", "target", name="one_hold_back_per_suggestion"
        )

    def __str__(self) -> str:
        return f"{self.kind} {self.source} → {self.target} (held back)"
