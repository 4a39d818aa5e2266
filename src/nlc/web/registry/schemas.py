"""Shapes of the registry's API requests and answers (networks, organisations, people,
memberships, roles); the shared ones are in :mod:`nlc.web.api.schemas`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from nlc.web.api.schemas import Body, Dated, Day, Id, PageQuery, Text, page_of, patch_of
from nlc.web.registry.models import MembershipRole, OrganisationKind, Phase, RoleKind

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
    q: Text | None = Field(None, max_length=200, description="Part of the name.")


NetworkPage = page_of(NetworkOut)


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


class OrganisationFields(Body):
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
    area: Id | None = Field(
        None, description="Area id; defaults to the one area the user administers."
    )


class OrganisationPatch(Body):
    name: str | None = Field(None, min_length=1, max_length=300)
    kind: OrganisationKind | None = None
    area: Id | None = None
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
    q: Text | None = Field(None, max_length=200, description="Part of the name.")
    kind: OrganisationKind | None = None
    network: Id | None = Field(None, description="Members of this network.")


OrganisationPage = page_of(OrganisationOut)


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


class PersonIn(Body):
    organisation: Id
    name: str = Field(..., min_length=1, max_length=200)
    job_title: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    is_pupil: bool = False


PersonPatch = patch_of(PersonIn)


class PersonFilters(PageQuery):
    q: Text | None = Field(None, max_length=200, description="Part of a name you may see.")
    organisation: Id | None = None
    network: Id | None = Field(None, description="People of this network's members.")


PersonPage = page_of(PersonOut)


# ---- memberships -------------------------------------------------------------------------


class MembershipOut(Schema):
    id: int
    network: int
    organisation: int
    organisation_name: str
    role: str
    start_date: dt.date | None
    end_date: dt.date | None
    approved: bool = Field(
        description="Approved by an area administrator: until then the network's leaders "
        "and facilitators see its people's protected data only for people with a role."
    )


class MembershipIn(Dated):
    network: Id
    organisation: Id
    role: MembershipRole = MembershipRole.MEMBER
    start_date: Day | None = None
    end_date: Day | None = None


class MembershipPatch(Dated):
    role: MembershipRole | None = None
    approved: Literal[True] | None = Field(
        None, description="true to approve the membership (area administrators only)."
    )
    start_date: Day | None = None
    end_date: Day | None = None


class MembershipFilters(PageQuery):
    network: Id | None = None
    organisation: Id | None = None


MembershipPage = page_of(MembershipOut)


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
    network: Id
    person: Id
    role: RoleKind
    start_date: Day | None = None
    end_date: Day | None = None


class RolePatch(Dated):
    role: RoleKind | None = None
    start_date: Day | None = None
    end_date: Day | None = None


class RoleFilters(PageQuery):
    network: Id | None = None
    person: Id | None = None
    role: RoleKind | None = None


RolePage = page_of(RoleOut)
