"""A network's plan and its impact: the shared focus, goals and indicators with their values,
meetings, proposals, decisions and actions."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from nlc.web.fields import by_user, optional_link
from nlc.web.registry.models import Network, Organisation, Person
from nlc.web.validation import Validated, blank
from nlc.web.vocabularies import (
    ActionStatus,
    ChartKind,
    DecisionMethod,
    DecisionOutcome,
    Measure,
    Outcome,
)


class Focus(Validated, models.Model):
    """The network's shared, child-centred focus and the outcomes it serves."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="plan_focus")
    statement = models.TextField()
    outcomes = models.JSONField(default=list, blank=True, help_text="Every Child Matters keys.")
    updated_at = models.DateTimeField(auto_now=True)

    def rules(self) -> dict[str, str]:
        broken = {}
        if blank(self.statement):
            broken["statement"] = "Say what the network's shared focus is."
        if not isinstance(self.outcomes, list) or any(o not in Outcome for o in self.outcomes):
            broken["outcomes"] = "Choose among the five Every Child Matters outcomes."
        return broken

    def outcome_labels(self) -> list[str]:
        return [Outcome(o).label for o in self.outcomes if o in Outcome]


class Goal(Validated, models.Model):
    name_field = "title"
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=300)
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["network", "pk"]


class Indicator(Validated, models.Model):
    name_field = "name"
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=300)
    measure = models.CharField(max_length=20, choices=Measure.choices)
    unit = models.CharField(max_length=60, blank=True, help_text="%, pupils, sessions, ...")
    chart_kind = models.CharField(max_length=10, choices=ChartKind.choices, default=ChartKind.XMR)
    pupil_level = models.BooleanField(
        default=False,
        help_text="Counts of pupils: values drawn from fewer pupils than the threshold are "
        "suppressed.",
    )
    rebase_from = models.DateField(
        null=True, blank=True, help_text="A new baseline chosen by a person, from this period."
    )

    class Meta:
        ordering = ["goal", "pk"]


class IndicatorValue(Validated, models.Model):
    """One value of an indicator for one period, for one organisation or the whole network."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(help_text="First day of the period.")
    period = models.CharField(max_length=40, help_text="The period's name: 2024-25 T1, ...")
    organisation = optional_link(Organisation)
    value = models.FloatField()
    pupils = models.PositiveIntegerField(
        null=True, blank=True, help_text="Pupils the value is drawn from (pupil-level data)."
    )
    source = models.CharField(max_length=300, blank=True)
    created_by = by_user()

    class Meta:
        ordering = ["indicator", "period_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "organisation"],
                name="one_value_per_period_and_organisation",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start"],
                condition=Q(organisation__isnull=True),
                name="one_network_value_per_period",
            ),
        ]

    def rules(self) -> dict[str, str]:
        broken = {}
        if blank(self.period):
            broken["period"] = "Name the period."
        if self.indicator_id and self.indicator.pupil_level and self.pupils is None:
            broken["pupils"] = "Say how many pupils the value is drawn from."
        return broken


class Meeting(Validated, models.Model):
    """A meeting of the network; its attendance becomes co-participation ties."""

    shown_as = "{self.title} ({self.held_on})"
    name_field = "title"
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    title = models.CharField(max_length=300)
    agenda = models.TextField(blank=True)
    attendees = models.ManyToManyField(Person, blank=True, related_name="meetings_attended")

    class Meta:
        ordering = ["-held_on", "-pk"]


class Proposal(Validated, models.Model):
    name_field = "title"
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="proposals")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    method = models.CharField(
        max_length=20, choices=DecisionMethod.choices, default=DecisionMethod.CONSENSUS
    )
    proposed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    created_on = models.DateField(default=dt.date.today)

    class Meta:
        ordering = ["-created_on", "-pk"]


class Comment(Validated, models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_comments"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def rules(self) -> dict[str, str]:
        return {"text": "Write something."} if blank(self.text) else {}


class Decision(Validated, models.Model):
    """What was decided on a proposal, how and by whom."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="decision")
    decided_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    summary = models.TextField(blank=True)
    participants = models.ManyToManyField(Person, blank=True, related_name="decisions_taken")
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.proposal} ({self.get_outcome_display()}, {self.decided_on})"


class Action(Validated, models.Model):
    name_field = "title"
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_actions"
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )

    class Meta:
        ordering = ["due", "pk"]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        finished = self.status in (ActionStatus.DONE, ActionStatus.DROPPED)
        return not finished and self.due is not None and self.due < (today or dt.date.today())
