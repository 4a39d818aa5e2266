"""JSON API for networks, organisations, people, memberships and roles (the registry's router,
added to the API in :mod:`nlc.web.api.urls`).

Every endpoint asks :mod:`nlc.web.registry.access`: lists hold only what the user may see;
a detail the user may not see answers 403, one that does not exist 404. People are named
through :func:`access.display_names` (pupils, and everyone for evaluators, pseudonymised);
e-mail and phone appear only where :func:`access.can_see_contact_details` allows
(:func:`access.contactable_people`). Writes go through :mod:`nlc.web.registry.writes`.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from ninja import Query, Router

from nlc.web.api.common import changes, get, page, require
from nlc.web.api.schemas import ERRORS, Id, Status
from nlc.web.registry import access, writes
from nlc.web.registry.models import Membership, Network, NetworkRole, Organisation, Person
from nlc.web.registry.schemas import (
    MembershipFilters,
    MembershipIn,
    MembershipOut,
    MembershipPage,
    MembershipPatch,
    NetworkDetail,
    NetworkFilters,
    NetworkPage,
    OrganisationFilters,
    OrganisationIn,
    OrganisationOut,
    OrganisationPage,
    OrganisationPatch,
    PersonFilters,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonPatch,
    RoleFilters,
    RoleIn,
    RoleOut,
    RolePage,
    RolePatch,
)

router = Router()
NOT_YOUR_NETWORK = "Your account may not see this network."


# ---- helpers (the ties router uses the public ones) --------------------------------------


def visible_network(user, pk: int, queryset=Network) -> Network:
    """A network named in a path or filter: 404 if missing, 403 if the user may not see it."""
    network = get(queryset, pk, "network")
    require(access.can_view_network(user, network), NOT_YOUR_NETWORK)
    return network


def in_visible_networks(queryset, user, network: int | None):
    """The rows of ``queryset`` (which have a ``network``) in the networks the user may see,
    or in the one ``network`` named by a filter."""
    queryset = queryset.filter(network__in=access.visible_networks(user).values("pk"))
    if network is not None:
        queryset = queryset.filter(network=visible_network(user, network))
    return queryset


def person_names(user, people) -> dict[int, str]:
    """Person id -> the name the user may see (:func:`access.display_names`)."""
    return access.display_names(user, ((p.pk, p.name, p.is_pupil) for p in people))


def _in_visible_network(queryset, user, pk: int, label: str):
    """A membership or role by id: 404 if missing, 403 unless the user may see its network."""
    row = get(queryset.select_related("network"), pk, label)
    require(access.can_view_network(user, row.network))
    return row


def _url(name: str, pk: int) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


# ---- networks ----------------------------------------------------------------------------


def _network_out(network: Network) -> dict:
    return {
        "id": network.pk,
        "name": network.name,
        "area": network.area_id,
        "area_name": network.area.name,
        "focus": network.focus,
        "programme": network.programme,
        "start_date": network.start_date,
        "end_date": network.end_date,
        "page_url": _url("network-detail", network.pk),
        "map_url": _url("network-map", network.pk),
    }


@router.get("/networks", response={200: NetworkPage, **ERRORS}, tags=["networks"])
def list_networks(request, filters: Query[NetworkFilters]):
    """Networks the user may open."""
    networks = Network.objects.filter(
        pk__in=access.visible_networks(request.user).values("pk")
    ).select_related("area")
    if filters.q:
        networks = networks.filter(name__icontains=filters.q)
    return page(networks.order_by("name", "pk"), filters, lambda rows: map(_network_out, rows))


@router.get("/networks/{network_id}", response={200: NetworkDetail, **ERRORS}, tags=["networks"])
def get_network(request, network_id: Id):
    user = request.user
    network = visible_network(user, network_id, Network.objects.select_related("area"))
    return {
        **_network_out(network),
        "members": network.memberships.count(),
        "can_edit": access.can_edit_network(user, network),
        "can_record_ties": access.can_record_ties(user, network),
        "can_manage_roles": access.can_manage_roles(user, network),
    }


# ---- organisations -----------------------------------------------------------------------


def _organisation_out(o: Organisation) -> dict:
    # "area" is the key: o.area would read the area row, once per organisation listed.
    out = {name: getattr(o, name) for name in OrganisationOut.model_fields if name != "area"}
    return {**out, "area": o.area_id}


@router.get("/organisations", response={200: OrganisationPage, **ERRORS}, tags=["organisations"])
def list_organisations(request, filters: Query[OrganisationFilters]):
    """Organisations of the user's area (administrators, evaluators) or of their networks."""
    user = request.user
    organisations = Organisation.objects.filter(
        pk__in=access.visible_organisations(user).values("pk")
    )
    if filters.network is not None:
        network = visible_network(user, filters.network)
        organisations = organisations.filter(memberships__network=network)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.q:
        organisations = organisations.filter(name__icontains=filters.q)
    return page(
        organisations.order_by("name", "pk"), filters, lambda rows: map(_organisation_out, rows)
    )


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **ERRORS},
    tags=["organisations"],
)
def get_organisation(request, organisation_id: Id):
    organisation = get(Organisation, organisation_id, "organisation")
    require(access.can_view_organisation(request.user, organisation))
    return _organisation_out(organisation)


@router.post("/organisations", response={201: OrganisationOut, **ERRORS}, tags=["organisations"])
def create_organisation(request, payload: OrganisationIn):
    """Add an organisation (area administrators)."""
    organisation = writes.create_organisation(request.user, changes(payload, partial=False))
    return Status(201, _organisation_out(organisation))


@router.patch(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **ERRORS},
    tags=["organisations"],
)
def update_organisation(request, organisation_id: Id, payload: OrganisationPatch):
    """Change an organisation (its area's administrators); only the fields sent change."""
    organisation = get(Organisation, organisation_id, "organisation")
    saved = writes.update_organisation(request.user, organisation, changes(payload))
    return _organisation_out(saved)


# ---- people ------------------------------------------------------------------------------


def people_out(user, people: list[Person]) -> list[dict]:
    names = person_names(user, people)
    contactable = set(
        access.contactable_people(user)
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )
    out = []
    for p in people:
        identified = names[p.pk] == p.name
        contact = p.pk in contactable
        out.append(
            {
                "id": p.pk,
                "organisation": p.organisation_id,
                "organisation_name": p.organisation.name,
                "name": names[p.pk],
                "identified": identified,
                "job_title": p.job_title if identified else None,
                "is_pupil": p.is_pupil,
                "email": p.email if contact else None,
                "phone": p.phone if contact else None,
            }
        )
    return out


@router.get("/people", response={200: PersonPage, **ERRORS}, tags=["people"])
def list_people(request, filters: Query[PersonFilters]):
    """People of the organisations the user may see (names and contacts as allowed)."""
    user = request.user
    people = Person.objects.filter(pk__in=access.visible_people(user).values("pk"))
    if filters.network is not None:
        network = visible_network(user, filters.network)
        people = people.filter(organisation__memberships__network=network)
    if filters.organisation is not None:
        people = people.filter(organisation_id=filters.organisation)
    if filters.q:
        named = access.identifiable_people(user).filter(name__icontains=filters.q)
        people = people.filter(pk__in=named.values("pk"))
    people = people.select_related("organisation").order_by("organisation__name", "pk")
    return page(people, filters, lambda rows: people_out(user, rows))


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS}, tags=["people"])
def get_person(request, person_id: Id):
    person = get(Person.objects.select_related("organisation"), person_id, "person")
    require(access.can_view_person(request.user, person))
    return people_out(request.user, [person])[0]


@router.post("/people", response={201: PersonOut, **ERRORS}, tags=["people"])
def create_person(request, payload: PersonIn):
    """Add a person (area administrators)."""
    person = writes.create_person(request.user, changes(payload, partial=False))
    return Status(201, people_out(request.user, [person])[0])


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS}, tags=["people"])
def update_person(request, person_id: Id, payload: PersonPatch):
    """Change a person (their area's administrators); only the fields sent change."""
    person = get(Person.objects.select_related("organisation"), person_id, "person")
    saved = writes.update_person(request.user, person, changes(payload))
    return people_out(request.user, [saved])[0]


# ---- memberships -------------------------------------------------------------------------


def _membership_out(m: Membership) -> dict:
    return {
        "id": m.pk,
        "network": m.network_id,
        "organisation": m.organisation_id,
        "organisation_name": m.organisation.name,
        "role": m.role,
        "start_date": m.start_date,
        "end_date": m.end_date,
        "approved": m.approved,
    }


def _visible_membership(user, pk: int) -> Membership:
    queryset = Membership.objects.select_related("organisation")
    return _in_visible_network(queryset, user, pk, "membership")


@router.get("/memberships", response={200: MembershipPage, **ERRORS}, tags=["memberships"])
def list_memberships(request, filters: Query[MembershipFilters]):
    """Organisations' memberships of the networks the user may see."""
    user = request.user
    memberships = Membership.objects.select_related("organisation")
    memberships = in_visible_networks(memberships, user, filters.network)
    if filters.organisation is not None:
        memberships = memberships.filter(organisation_id=filters.organisation)
    memberships = memberships.order_by("network_id", "organisation__name", "pk")
    return page(memberships, filters, lambda rows: map(_membership_out, rows))


@router.get(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **ERRORS},
    tags=["memberships"],
)
def get_membership(request, membership_id: Id):
    return _membership_out(_visible_membership(request.user, membership_id))


@router.post("/memberships", response={201: MembershipOut, **ERRORS}, tags=["memberships"])
def create_membership(request, payload: MembershipIn):
    """Add an organisation of the network's area to it (leaders, administrators)."""
    membership = writes.create_membership(request.user, changes(payload, partial=False))
    return Status(201, _membership_out(membership))


@router.patch(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **ERRORS},
    tags=["memberships"],
)
def update_membership(request, membership_id: Id, payload: MembershipPatch):
    membership = _visible_membership(request.user, membership_id)
    return _membership_out(writes.update_membership(request.user, membership, changes(payload)))


@router.delete(
    "/memberships/{membership_id}",
    response={204: None, **ERRORS},
    tags=["memberships"],
)
def delete_membership(request, membership_id: Id):
    """Take an organisation out of a network; its recorded ties are kept."""
    writes.delete_membership(request.user, _visible_membership(request.user, membership_id))
    return Status(204, None)


# ---- roles -------------------------------------------------------------------------------


def _roles_out(user, roles: list[NetworkRole]) -> list[dict]:
    names = person_names(user, [r.person for r in roles])
    return [
        {
            "id": r.pk,
            "network": r.network_id,
            "person": r.person_id,
            "person_name": names[r.person_id],
            "role": r.role,
            "start_date": r.start_date,
            "end_date": r.end_date,
        }
        for r in roles
    ]


def _visible_role(user, pk: int) -> NetworkRole:
    return _in_visible_network(NetworkRole.objects.select_related("person"), user, pk, "role")


@router.get("/roles", response={200: RolePage, **ERRORS}, tags=["roles"])
def list_roles(request, filters: Query[RoleFilters]):
    """People's roles in the networks the user may see."""
    user = request.user
    roles = NetworkRole.objects.select_related("person")
    roles = in_visible_networks(roles, user, filters.network)
    if filters.person is not None:
        roles = roles.filter(person_id=filters.person)
    if filters.role:
        roles = roles.filter(role=filters.role)
    roles = roles.order_by("network_id", "role", "person_id", "pk")
    return page(roles, filters, lambda rows: _roles_out(user, rows))


@router.get("/roles/{role_id}", response={200: RoleOut, **ERRORS}, tags=["roles"])
def get_role(request, role_id: Id):
    return _roles_out(request.user, [_visible_role(request.user, role_id)])[0]


@router.post("/roles", response={201: RoleOut, **ERRORS}, tags=["roles"])
def create_role(request, payload: RoleIn):
    """Give a person of a member organisation a role (leaders, facilitators but for the
    leader and facilitator roles, administrators)."""
    role = writes.create_role(request.user, changes(payload, partial=False))
    return Status(201, _roles_out(request.user, [role])[0])


@router.patch("/roles/{role_id}", response={200: RoleOut, **ERRORS}, tags=["roles"])
def update_role(request, role_id: Id, payload: RolePatch):
    role = _visible_role(request.user, role_id)
    saved = writes.update_role(request.user, role, changes(payload))
    return _roles_out(request.user, [saved])[0]


@router.delete("/roles/{role_id}", response={204: None, **ERRORS}, tags=["roles"])
def delete_role(request, role_id: Id):
    writes.delete_role(request.user, _visible_role(request.user, role_id))
    return Status(204, None)
