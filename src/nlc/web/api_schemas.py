"""Shapes of the JSON API's requests and answers (django-ninja schemas).

``*In`` schemas are for creating (required fields required), ``*Patch`` for changing (every
field optional; only the fields sent are changed), ``*Out`` for answers. Lists answer a
page: ``{count, limit, offset, items}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import model_validator

try:
    from ninja import Status
except ImportError:  # django-ninja before 1.5: a (status, body) tuple does the same

    def Status(status_code, value):  # noqa: N802
        return status_code, value


from nlc.web.registry.models import MembershipRole, OrganisationKind, Phase, RoleKind
from nlc.web.ties.models import Provenance, TieType

# ---- common ------------------------------------------------------------------------------


class Message(Schema):
    detail: str


class Invalid(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages per field; '__all__' for those about the whole object."
    )


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=500, description="Items per page (at most 500).")
    offset: int = Field(0, ge=0, description="Items to skip.")


ERRORS = {401: Message, 403: Message, 404: Message, 422: Invalid}
READ_ERRORS = {401: Message, 403: Message, 404: Message, 422: Invalid}

# ---- networks ----------------------------------------------------------------------------


class NetworkOut(Schema):
    id: int
    name: str
    area: int
    area_name: str
    focus: str
    programme: str
    start_date: dt.date | None
    end_date: dt.date | None
    page_url: str | None
    map_url: str | None


class NetworkDetail(NetworkOut):
    members: int
    can_edit: bool = Field(description="The user may change the network, members and roles.")
    can_record_ties: bool
    can_manage_roles: bool


class NetworkFilters(PageQuery):
    q: str | None = Field(None, max_length=200, description="Part of the name.")


class NetworkPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[NetworkOut]


# ---- organisations -----------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    area: int
    name: str
    kind: str
    phase: str
    school_type: str
    urn: int | None
    trust: str
    local_authority: str
    postcode: str
    easting: int | None
    northing: int | None
    size: int | None


class OrganisationFields(Schema):
    phase: Phase = Phase.NOT_APPLICABLE
    school_type: str = Field("", max_length=120)
    urn: int | None = Field(None, ge=1)
    trust: str = Field("", max_length=300)
    local_authority: str = Field("", max_length=120)
    postcode: str = Field("", max_length=12)
    easting: int | None = None
    northing: int | None = None
    size: int | None = Field(None, ge=0)


class OrganisationIn(OrganisationFields):
    name: str = Field(..., min_length=1, max_length=300)
    kind: OrganisationKind
    area: int | None = Field(
        None, description="Area id; defaults to the one area the user administers."
    )


class OrganisationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=300)
    kind: OrganisationKind | None = None
    area: int | None = None
    phase: Phase | None = None
    school_type: str | None = Field(None, max_length=120)
    urn: int | None = Field(None, ge=1)
    trust: str | None = Field(None, max_length=300)
    local_authority: str | None = Field(None, max_length=120)
    postcode: str | None = Field(None, max_length=12)
    easting: int | None = None
    northing: int | None = None
    size: int | None = Field(None, ge=0)


class OrganisationFilters(PageQuery):
    q: str | None = Field(None, max_length=200, description="Part of the name.")
    kind: OrganisationKind | None = None
    network: int | None = Field(None, description="Members of this network.")


class OrganisationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OrganisationOut]


# ---- people ------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    organisation: int
    organisation_name: str
    name: str = Field(description="The name, or a pseudonym where the user may not see it.")
    identified: bool = Field(description="Whether name is the person's real name.")
    job_title: str | None = Field(description="Only when the name is shown.")
    is_pupil: bool
    email: str | None = Field(description="Only to those who may see contact details.")
    phone: str | None = Field(description="Only to those who may see contact details.")


class PersonIn(Schema):
    organisation: int
    name: str = Field(..., min_length=1, max_length=200)
    job_title: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    is_pupil: bool = False


class PersonPatch(Schema):
    organisation: int | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    job_title: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    is_pupil: bool | None = None


class PersonFilters(PageQuery):
    q: str | None = Field(None, max_length=200, description="Part of a name you may see.")
    organisation: int | None = None
    network: int | None = Field(None, description="People of this network's members.")


class PersonPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PersonOut]


# ---- memberships -------------------------------------------------------------------------


class Dated(Schema):
    @model_validator(mode="after")
    def _dates_in_order(self):
        start, end = getattr(self, "start_date", None), getattr(self, "end_date", None)
        if start and end and end < start:
            raise ValueError("end_date must not be before start_date")
        return self


class MembershipOut(Schema):
    id: int
    network: int
    organisation: int
    organisation_name: str
    role: str
    start_date: dt.date | None
    end_date: dt.date | None


class MembershipIn(Dated):
    network: int
    organisation: int
    role: MembershipRole = MembershipRole.MEMBER
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class MembershipPatch(Dated):
    role: MembershipRole | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class MembershipFilters(PageQuery):
    network: int | None = None
    organisation: int | None = None


class MembershipPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MembershipOut]


# ---- roles -------------------------------------------------------------------------------


class RoleOut(Schema):
    id: int
    network: int
    person: int
    person_name: str
    role: str
    start_date: dt.date | None
    end_date: dt.date | None


class RoleIn(Dated):
    network: int
    person: int
    role: RoleKind
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class RolePatch(Dated):
    role: RoleKind | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class RoleFilters(PageQuery):
    network: int | None = None
    person: int | None = None
    role: RoleKind | None = None


class RolePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RoleOut]


# ---- ties --------------------------------------------------------------------------------


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


class TieIn(Schema):
    network: int = Field(description="The network in whose work the tie was observed.")
    source_organisation: int | None = None
    target_organisation: int | None = None
    source_person: int | None = None
    target_person: int | None = None
    type: TieType
    weight: float = Field(1.0, gt=0)
    directed: bool = True
    observed_on: dt.date
    provenance: Provenance = Provenance.RECORDED
    provenance_detail: str = Field("", max_length=300)


class TiePatch(Schema):
    network: int | None = None
    source_organisation: int | None = None
    target_organisation: int | None = None
    source_person: int | None = None
    target_person: int | None = None
    type: TieType | None = None
    weight: float | None = Field(None, gt=0)
    directed: bool | None = None
    observed_on: dt.date | None = None
    provenance: Provenance | None = None
    provenance_detail: str | None = Field(None, max_length=300)


class TieFilters(PageQuery):
    network: int | None = None
    type: TieType | None = None
    since: dt.date | None = Field(None, description="Observed on or after this day.")
    until: dt.date | None = Field(None, description="Observed on or before this day.")
    level: Literal["organisations", "people"] | None = None
    organisation: int | None = Field(None, description="Ties at this organisation (either end).")
    person: int | None = Field(None, description="Ties at this person (either end).")


class TiePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[TieOut]
