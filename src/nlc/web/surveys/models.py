"""Relationship surveys of a network: a survey's questions, its waves, the invitations of a
wave (each a personal link that needs no account) and the answers given through them.

Closing a wave turns its answers into ties (:func:`nlc.web.surveys.services.close_wave`);
:class:`WaveTie` records which ties a wave made, so that re-closing a wave, or a withdrawal,
recomputes that wave's ties and no others.
"""

from __future__ import annotations

from django.db import models

from nlc.web.fields import made, optional_link, unique_by
from nlc.web.registry.models import Network, Organisation, Person
from nlc.web.ties.models import Tie, TieType
from nlc.web.validation import Validated, blank
from nlc.web.vocabularies import (
    InvitationStatus,
    NonRespondents,
    QuestionKind,
    RosterScope,
    Unreciprocated,
    WaveStatus,
)

#: Name interpreters: asked about each person or organisation named. Values are the indexes
#: of the labels; ``frequency`` 0 ("never") means no tie.
INTERPRETERS: dict[str, tuple[str, list[str]]] = {
    "frequency": (
        "How often?",
        ["Never", "Once or twice a year", "Every term", "Every month", "Every week"],
    ),
    "strength": ("How strong is the tie?", ["", "Weak", "Moderate", "Strong", "Very strong"]),
    "value": (
        "How valuable is this partner to your work?",
        ["", "Not at all", "A small amount", "A fair amount", "A great deal"],
    ),
    "trust": (
        "How far do you trust this partner to keep its word?",
        ["", "Not at all", "A small amount", "A fair amount", "A great deal"],
    ),
}


class Survey(Validated, models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(max_length=200)
    consent_text = models.TextField(
        help_text="Shown before the first question; each response records the version agreed."
    )
    consent_version = models.PositiveIntegerField(default=1, editable=False)
    min_group_size = models.PositiveIntegerField(
        default=5,
        help_text="Response figures of groups smaller than this are not shown to members, "
        "partners and evaluators.",
    )
    include_pupils = models.BooleanField(
        default=False,
        help_text="Pupils may be invited (only when the network allows it); they are always "
        "shown as pseudonyms in the survey's results.",
    )
    created_by, created_at = made()

    class Meta:
        ordering = ["network", "-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def rules(self) -> dict[str, str]:
        broken = {}
        if blank(self.title):
            broken["title"] = "The title may not be blank."
        if blank(self.consent_text):
            broken["consent_text"] = "Say what respondents agree to."
        if self.min_group_size is not None and self.min_group_size < 1:
            broken["min_group_size"] = "The minimum group size must be at least 1."
        return broken


class Question(Validated, models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    text = models.CharField(max_length=500)
    tie_type = models.CharField(
        max_length=30, choices=TieType.choices, blank=True, help_text="Name generators only."
    )
    scope = models.CharField(
        max_length=20, choices=RosterScope.choices, default=RosterScope.PEOPLE, blank=True
    )
    interpreters = models.JSONField(default=list, blank=True, help_text="Keys of INTERPRETERS.")
    choices = models.JSONField(default=list, blank=True, help_text="Choice questions' options.")
    scale_max = models.PositiveIntegerField(default=5)

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_roster(self) -> bool:
        return self.kind == QuestionKind.ROSTER

    def rules(self) -> dict[str, str]:
        broken = {}
        if blank(self.text):
            broken["text"] = "The question may not be blank."
        if self.kind == QuestionKind.ROSTER and not self.tie_type:
            broken["tie_type"] = "Say which kind of tie the answers make."
        if not isinstance(self.interpreters, list) or any(
            i not in INTERPRETERS for i in self.interpreters
        ):
            broken["interpreters"] = f"Choose among {', '.join(INTERPRETERS)}."
        needs_choices = self.kind in (
            QuestionKind.SINGLE,
            QuestionKind.MULTIPLE,
            QuestionKind.ORGANISATION,
        )
        if needs_choices and (not isinstance(self.choices, list) or not self.choices):
            broken["choices"] = "Give the options, one a line."
        if self.scale_max is not None and not 2 <= self.scale_max <= 10:
            broken["scale_max"] = "A scale has 2 to 10 points."
        return broken


class Wave(Validated, models.Model):
    shown_as = "{self.survey.title}, wave {self.number}"
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveIntegerField()
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="Personal links stop working after this day.")
    status = models.CharField(max_length=10, choices=WaveStatus.choices, default=WaveStatus.DRAFT)
    unreciprocated = models.CharField(
        max_length=20, choices=Unreciprocated.choices, default=Unreciprocated.DIRECTED
    )
    non_respondents = models.CharField(
        max_length=10, choices=NonRespondents.choices, default=NonRespondents.KEEP
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = unique_by("survey", "number", name="wave_number_unique")

    def rules(self) -> dict[str, str]:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            return {"closes_on": "The wave cannot close before it opens."}
        return {}


class Invitation(models.Model):
    """One person's invitation to a wave. The personal link's token is never stored: it is
    derived from ``nonce`` with the site's secret key (so that reminders and the links CSV
    can give it again), and only its SHA-256 is kept, to look it up
    (:mod:`nlc.web.surveys.tokens`)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    nonce = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["wave", "pk"]
        constraints = unique_by("wave", "person", name="invitation_once_per_wave")

    def __str__(self) -> str:
        return f"Invitation {self.pk} to {self.wave}"

    @property
    def responded(self) -> bool:
        return self.status in (InvitationStatus.PARTIAL, InvitationStatus.COMPLETE)


class Answer(models.Model):
    """One answer: a person or organisation named (or someone not on the roster, matched
    later by a facilitator) with the interpreters' values, or the value of another question.

    ``carried`` answers were preloaded from the respondent's previous wave; they count only
    once the respondent confirms them (``confirmed``)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    alter_person = optional_link(Person)
    alter_organisation = optional_link(Organisation)
    alter_text = models.CharField(max_length=200, blank=True, help_text="Someone not on the list.")
    value = models.JSONField(null=True, blank=True)
    interpreters = models.JSONField(default=dict, blank=True)
    carried = models.BooleanField(default=False)
    confirmed = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["invitation", "question", "pk"]


class WaveTie(models.Model):
    """A tie a wave made when it closed, and the invitation whose nomination made it."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="wave_ties")
    tie = models.OneToOneField(Tie, on_delete=models.CASCADE, related_name="wave_tie")
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
