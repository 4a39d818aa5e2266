"""Shapes of the ties API's requests and answers; the shared ones are in
:mod:`nlc.web.api.schemas`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from nlc.web.api.schemas import Body, Day, Id, PageQuery, page_of
from nlc.web.ties.models import Provenance, TieType
from nlc.web.validation import MAX_WEIGHT


class TieEnd(Schema):
    level: Literal["organisation", "person"]
    id: int
    name: str


class TieOut(Schema):
    id: int
    network: int | None
    area: int
    source: TieEnd
    target: TieEnd
    type: str
    weight: float
    directed: bool
    observed_on: dt.date
    provenance: str
    provenance_detail: str
    confirmed: bool = Field(
        description="False while a tie a member or partner recorded awaits a leader's or "
        "facilitator's confirmation (POST /ties/{id}/confirm); measures count confirmed ties."
    )


class TieIn(Body):
    network: Id = Field(description="The network in whose work the tie was observed.")
    source_organisation: Id | None = None
    target_organisation: Id | None = None
    source_person: Id | None = None
    target_person: Id | None = None
    type: TieType
    weight: float = Field(1.0, gt=0, le=MAX_WEIGHT, allow_inf_nan=False)
    directed: bool = True
    observed_on: Day
    provenance: Provenance = Provenance.RECORDED
    provenance_detail: str = Field("", max_length=300)


class TiePatch(Body):
    network: Id | None = None
    source_organisation: Id | None = None
    target_organisation: Id | None = None
    source_person: Id | None = None
    target_person: Id | None = None
    type: TieType | None = None
    weight: float | None = Field(None, gt=0, le=MAX_WEIGHT, allow_inf_nan=False)
    directed: bool | None = None
    observed_on: Day | None = None
    provenance: Provenance | None = None
    provenance_detail: str | None = Field(None, max_length=300)


class TieFilters(PageQuery):
    network: Id | None = None
    type: TieType | None = None
    since: Day | None = Field(None, description="Observed on or after this day.")
    until: Day | None = Field(None, description="Observed on or before this day.")
    level: Literal["organisations", "people"] | None = None
    organisation: Id | None = Field(None, description="Ties at this organisation (either end).")
    person: Id | None = Field(None, description="Ties at this person (either end).")


TiePage = page_of(TieOut)
