"""Shapes of the surveys API's requests and answers; the shared ones are in
:mod:`nlc.web.api.schemas`."""

from __future__ import annotations

from ninja import Field, Schema

from nlc.web.api.schemas import Day, Id, Text
from nlc.web.surveys.models import NonRespondents, QuestionKind, RosterScope, Unreciprocated
from nlc.web.ties.models import TieType


class SurveyIn(Schema):
    title: Text = Field("", max_length=200)
    consent_text: Text = Field("", max_length=10000)
    sets: list[str] = Field(
        [], description="Ready-made question sets: advice, collaboration, knowledge, trust."
    )
    min_group_size: int = Field(5, ge=1, le=1000)
    include_pupils: bool = False


class QuestionIn(Schema):
    kind: QuestionKind | None = None
    text: Text = Field("", max_length=500)
    tie_type: TieType | None = None
    scope: RosterScope = RosterScope.PEOPLE
    interpreters: list[str] = []
    choices: list[Text] = []
    scale_max: int = Field(5, ge=2, le=10)


class WaveIn(Schema):
    opens_on: Day | None = None
    closes_on: Day | None = None


class InviteIn(Schema):
    people: list[Id] = Field([], max_length=10000)
    email: bool = False


class CloseIn(Schema):
    unreciprocated: Unreciprocated = Unreciprocated.DIRECTED
    non_respondents: NonRespondents = NonRespondents.KEEP


# Required fields are checked after the object in the path is found, so that a missing one
# answers 404 before a body is judged (every "*In" above defaults its fields).


class Created(Schema):
    id: int


class SurveyCreated(Schema):
    id: int
    questions: list[int]


class WaveCreated(Schema):
    id: int
    number: int


class Link(Schema):
    person: int
    link: str


class Invited(Schema):
    invited: int
    emailed: int
    links: list[Link]


class Closed(Schema):
    ties: int


class AnswerIn(Schema):
    question: Id
    person: Id | None = None
    organisation: Id | None = None
    other: Text = Field("", max_length=200, description="Someone not on the list.")
    value: str | int | list[str] | None = None
    interpreters: dict[str, int] = {}
    carried: bool = Field(False, description="Confirms an answer preloaded from the last wave.")


class ResponseIn(Schema):
    consent: bool = Field(False, description="Agree to the survey's consent text.")
    answers: list[AnswerIn] = Field([], max_length=2000)
    complete: bool = False


class ResponseOut(Schema):
    survey: str
    network: str
    status: str
    consent_text: str
    consented: bool
    closes_on: Day
    questions: list[dict]
    roster: dict = Field(description="people and organisations a respondent may name.")
    answers: list[dict]
