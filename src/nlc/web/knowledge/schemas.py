"""Shapes of the knowledge API's requests and answers (the shared ones are in
:mod:`nlc.web.api.schemas`)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from nlc.web.api.schemas import Body, Day, Id, PageQuery, Text, page_of
from nlc.web.knowledge.models import Evidence, Kind, Outcome, Status
from nlc.web.registry.models import Phase


class ItemOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    body: str
    status: str
    public: bool
    date: dt.date
    tags: list[str]
    ecm: list[str]
    phase: str
    theme: str
    networks: list[int]
    organisations: list[int]
    authors: list[str] = Field(description="Names as the user may see them.")
    what_was_done: str
    for_whom: str
    what_changed: str
    cost_and_time: str
    evidence: str
    contact: str
    published_at: dt.datetime | None
    page_url: str
    can_edit: bool
    can_review: bool


ItemPage = page_of(ItemOut)


class ItemNarrowing(Schema):
    """What a list or a search of items may be narrowed to."""

    kind: Kind | None = None
    ecm: Outcome | None = None
    phase: Phase | None = None
    theme: Text | None = Field(None, max_length=120)
    network: Id | None = None
    date_from: Day | None = None
    date_to: Day | None = None


class ItemFilters(PageQuery, ItemNarrowing):
    status: Status | None = None


class SearchQuery(ItemNarrowing):
    q: Text = Field(..., min_length=1, max_length=200, description="What to look for.")
    limit: int = Field(10, ge=1, le=100)


class SearchHit(Schema):
    id: int
    title: str
    kind: str
    score: float
    snippet: str = Field(description="HTML: the text escaped, matches in <mark>.")


class SearchResults(Schema):
    results: list[SearchHit]


class ItemFields(Body):
    summary: Text = Field("", max_length=2000)
    body: Text = Field("", max_length=200_000)
    tags: list[Text] = Field(default_factory=list, max_length=50)
    ecm: list[Outcome] = Field(default_factory=list)
    phase: Phase = Phase.NOT_APPLICABLE
    theme: Text = Field("", max_length=120)
    organisations: list[Id] = Field(default_factory=list, max_length=100)
    authors: list[Id] = Field(default_factory=list, max_length=100, description="Person ids.")
    what_was_done: Text = ""
    for_whom: Text = ""
    what_changed: Text = ""
    cost_and_time: Text = ""
    evidence: Evidence = Evidence.NOT_STATED
    contact: Text = Field("", max_length=300)


class ItemIn(ItemFields):
    kind: Kind
    title: Text = Field(..., min_length=1, max_length=300)
    date: Day
    networks: list[Id] = Field(..., min_length=1, max_length=20)


class ItemPatch(ItemFields):
    kind: Kind | None = None
    title: Text | None = Field(None, min_length=1, max_length=300)
    date: Day | None = None
    networks: list[Id] | None = Field(None, min_length=1, max_length=20)
    status: Literal["draft", "in_review", "published", "archived"] | None = Field(
        None,
        description="Move the item: draft->in_review (authors), in_review->published "
        "or draft, published->archived or draft (reviewers).",
    )
    public: bool | None = Field(None, description="Published items only (reviewers).")
    note: Text = Field("", max_length=5000, description="A comment kept with a status change.")
