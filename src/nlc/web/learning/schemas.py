"""Shapes of the learning API's requests and answers; the shared ones are in
:mod:`nlc.web.api.schemas`."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from nlc.web.api.schemas import Body, Dated, Day, Id, PageQuery, Text, page_of
from nlc.web.learning.models import ActivityKind, ActivityStatus, ParticipantRole


class Named(Schema):
    id: int
    name: str


class ActivityOut(Schema):
    id: int
    network: int
    kind: str
    kind_label: str
    title: str
    focus: str
    start_date: dt.date
    end_date: dt.date | None
    status: str
    hosts: list[Named]
    notes: str
    outcomes: str
    details: dict[str, str] = Field(description="The fields of this kind of activity.")
    participants: int
    adoptions: int
    page_url: str


class ParticipantOut(Schema):
    id: int
    person: Named = Field(description="Named as the user may see (pupils, evaluators).")
    organisation: Named
    role: str
    contribution: str


class CaseObservationOut(Schema):
    step: int
    predicted: str
    observed: str


class CasePupilOut(Schema):
    id: int
    label: str = Field(description="A label, never a name.")
    year_group: str
    attainment: str
    observations: list[CaseObservationOut]


class StepOut(Schema):
    id: int
    title: str
    date: dt.date | None
    prediction: str
    action: str
    observation: str
    next_steps: str


class AdoptionOut(Schema):
    id: int
    activity: int
    organisation: Named
    person: int | None
    practice: str
    adopted_on: dt.date
    notes: str


class ActivityDetail(ActivityOut):
    people: list[ParticipantOut]
    steps: list[StepOut]
    case_pupils: list[CasePupilOut]
    adoption_events: list[AdoptionOut]
    can_edit: bool
    can_contribute: bool


class ActivityIn(Dated):
    kind: ActivityKind
    title: Text = Field(..., min_length=1, max_length=200)
    focus: Text = Field("", description="Empty takes the network's focus.")
    start_date: Day
    end_date: Day | None = None
    status: ActivityStatus = ActivityStatus.PLANNED
    hosts: list[Id] = Field(default_factory=list, description="Member organisations' ids.")
    notes: Text = ""
    outcomes: Text = ""
    details: dict[str, Text] = Field(default_factory=dict)


class ActivityPatch(Dated):
    kind: ActivityKind | None = None
    title: Text | None = Field(None, min_length=1, max_length=200)
    focus: Text | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    status: ActivityStatus | None = None
    hosts: list[Id] | None = None
    notes: Text | None = None
    outcomes: Text | None = None
    details: dict[str, Text] | None = Field(None, description="Merged into those stored.")


class ActivityFilters(PageQuery):
    kind: ActivityKind | None = None
    status: ActivityStatus | None = None


class ParticipantIn(Body):
    person: Id
    role: ParticipantRole = ParticipantRole.MEMBER
    organisation: Id | None = Field(None, description="Default: the person's own.")


class ParticipantPatch(Body):
    role: ParticipantRole | None = None
    contribution: Text | None = Field(None, description="The participant's own evidence.")


class StepIn(Body):
    title: Text = Field(..., min_length=1, max_length=200)
    date: Day | None = None
    prediction: Text = ""
    action: Text = ""
    observation: Text = ""
    next_steps: Text = ""


class AdoptionIn(Body):
    organisation: Id
    person: Id | None = None
    practice: Text = Field(..., min_length=1, max_length=200)
    adopted_on: Day
    notes: Text = ""


ActivityPage = page_of(ActivityOut)
