"""Shapes of the learning API's requests and answers; the shared ones are in
:mod:`nlc.web.api.schemas`."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from nlc.web.api.schemas import Dated, PageQuery, page_of
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
    title: str = Field(..., min_length=1, max_length=200)
    focus: str = Field("", description="Empty takes the network's focus.")
    start_date: dt.date
    end_date: dt.date | None = None
    status: ActivityStatus = ActivityStatus.PLANNED
    hosts: list[int] = Field(default_factory=list, description="Member organisations' ids.")
    notes: str = ""
    outcomes: str = ""
    details: dict[str, str] = Field(default_factory=dict)


class ActivityPatch(Dated):
    kind: ActivityKind | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    focus: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: ActivityStatus | None = None
    hosts: list[int] | None = None
    notes: str | None = None
    outcomes: str | None = None
    details: dict[str, str] | None = Field(None, description="Merged into those stored.")


class ActivityFilters(PageQuery):
    kind: ActivityKind | None = None
    status: ActivityStatus | None = None


class ParticipantIn(Schema):
    person: int
    role: ParticipantRole = ParticipantRole.MEMBER
    organisation: int | None = Field(None, description="Default: the person's own.")


class ParticipantPatch(Schema):
    role: ParticipantRole | None = None
    contribution: str | None = Field(None, description="The participant's own evidence.")


class StepIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    date: dt.date | None = None
    prediction: str = ""
    action: str = ""
    observation: str = ""
    next_steps: str = ""


class AdoptionIn(Schema):
    organisation: int
    person: int | None = None
    practice: str = Field(..., min_length=1, max_length=200)
    adopted_on: dt.date
    notes: str = ""


ActivityPage = page_of(ActivityOut)
