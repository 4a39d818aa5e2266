"""Shapes of the brokerage API's requests and answers; the shared ones are in
:mod:`nlc.web.api.schemas`."""

from __future__ import annotations

from ninja import Field, Schema

from nlc.web.api.schemas import Day, Id, Text
from nlc.web.brokerage.models import Level, ResourceKind, Side


class SuggestionOut(Schema):
    key: str = Field(description="kind|source|target: names the suggestion when acting on it.")
    kind: str
    source: str = Field(description="o<id> organisation, p<id> person, n<id> network.")
    target: str = Field(description="As source, or k<id> a knowledge item.")
    source_label: str
    target_label: str
    score: float
    reasons: list[str]
    network: int | None
    about_people: bool


class SuggestionsOut(Schema):
    count: int
    items: list[SuggestionOut]


class SuggestionRef(Schema):
    key: Text = Field(..., max_length=130)
    network: Id | None = None


class DismissIn(SuggestionRef):
    reason: Text = Field("", max_length=300)


class IntroductionIn(SuggestionRef):
    level: Level = Level.SUGGEST
    notes: Text = Field("", max_length=2000)


class AdvanceIn(Schema):
    action: str = Field(..., description="agree_a, agree_b, met, succeed, fail or decline.")
    notes: Text = Field("", max_length=2000)


class IntroductionOut(Schema):
    id: int
    kind: str
    network: int | None
    source_organisation: int | None
    target_organisation: int | None
    source_person: int | None
    target_person: int | None
    level: str
    status: str
    tie_type: str
    reasons: list
    score: float | None
    notes: str
    proposed_on: Day
    agreed_a_on: Day | None
    agreed_b_on: Day | None
    met_on: Day | None
    outcome_on: Day | None
    tie: int | None


class ResourceIn(Schema):
    organisation: Id | None = None
    side: Side | None = None
    kind: ResourceKind | None = None
    description: Text = Field("", max_length=2000)
    start_date: Day | None = None
    end_date: Day | None = None


class ResourcePatch(Schema):
    side: Side | None = None
    kind: ResourceKind | None = None
    description: Text | None = Field(None, max_length=2000)
    start_date: Day | None = None
    end_date: Day | None = None


class ResourceOut(Schema):
    id: int
    organisation: int
    side: str
    kind: str
    description: str
    start_date: Day | None
    end_date: Day | None
