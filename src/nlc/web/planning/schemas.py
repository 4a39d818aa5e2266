"""Shapes of the planning API's requests and answers; the shared ones are in
:mod:`nlc.web.api.schemas`."""

from __future__ import annotations

from ninja import Field, Schema

from nlc.web import vocabularies as vocab
from nlc.web.api.schemas import Day, Id, Text


class Created(Schema):
    id: int


class PlanOut(Schema):
    focus: dict | None
    goals: list[dict] = Field(description="Goals, each with its indicators, signals and values.")
    meetings: list[dict]
    decisions: list[dict]
    actions: dict
    participation: dict
    proposals: list[dict]


# Required fields are checked after the network or object in the path is found, so that a
# missing one answers 404 before a body is judged (every "*In" below defaults its fields).


class FocusIn(Schema):
    statement: Text = Field("", max_length=4000)
    outcomes: list[vocab.Outcome] = []


class GoalIn(Schema):
    title: Text = Field("", max_length=300)
    outcome: vocab.Outcome | None = None
    description: Text = ""


class IndicatorIn(Schema):
    name: Text = Field("", max_length=300)
    measure: vocab.Measure | None = None
    unit: Text = Field("", max_length=60)
    chart_kind: vocab.ChartKind = vocab.ChartKind.XMR
    pupil_level: bool = False


class ValueIn(Schema):
    period: Text = Field("", max_length=40)
    period_start: Day | None = None
    value: float | None = None
    organisation: Id | None = None
    pupils: int | None = Field(None, ge=0, le=2**31 - 1)
    source: Text = Field("", max_length=300)


class ValueOut(Schema):
    id: int
    period: str
    period_start: Day
    organisation: int | None
    value: float | None
    pupils: int | None
    suppressed: bool
    source: str


class MeetingIn(Schema):
    held_on: Day | None = None
    title: Text = Field("", max_length=300)
    agenda: Text = ""
    attendees: list[Id] = []


class AttendeesIn(Schema):
    attendees: list[Id] = []


class ProposalIn(Schema):
    title: Text = Field("", max_length=300)
    text: Text = ""
    method: vocab.DecisionMethod = vocab.DecisionMethod.CONSENSUS
    goal: Id | None = None
    meeting: Id | None = None


class CommentIn(Schema):
    text: Text = Field("", max_length=10000)


class DecisionIn(Schema):
    decided_on: Day | None = None
    outcome: vocab.DecisionOutcome | None = None
    summary: Text = ""
    participants: list[Id] = []
    votes_for: int | None = Field(None, ge=0, le=2**31 - 1)
    votes_against: int | None = Field(None, ge=0, le=2**31 - 1)


class ActionIn(Schema):
    title: Text = Field("", max_length=300)
    owner: Id | None = Field(None, description="Editors only; others own what they take.")
    due: Day | None = None
    status: vocab.ActionStatus = vocab.ActionStatus.OPEN
    goal: Id | None = None
    decision: Id | None = None


class ActionPatch(Schema):
    title: Text | None = Field(None, max_length=300)
    due: Day | None = None
    status: vocab.ActionStatus | None = None
