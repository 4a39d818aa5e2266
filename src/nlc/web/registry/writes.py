"""Writes of the registry's API: check who may, validate, then save in one transaction.

Each function asks :mod:`nlc.web.registry.access` whether the user may make the change
(:class:`~nlc.web.api.common.Refused` otherwise, answered 403), checks the references and
the rules the pages' forms check (:class:`~nlc.web.api.common.Invalid`, answered 422 with
messages per field), runs the model's own validation (``full_clean``) and saves through
:mod:`nlc.web.registry.services`, the functions the pages use. A refused or invalid request
changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from nlc.web.api.common import Refused, invalid, permitted, ref, save
from nlc.web.registry import access, services
from nlc.web.registry.models import Area, Membership, Network, NetworkRole, Organisation, Person

__all__ = [
    "create_membership",
    "create_organisation",
    "create_person",
    "create_role",
    "delete_membership",
    "delete_role",
    "update_membership",
    "update_organisation",
    "update_person",
    "update_role",
]

DATES = ("start_date", "end_date")
ORGANISATION_NULLABLE = ("urn", "easting", "northing", "size")


# ---- organisations and people ------------------------------------------------------------


def _administered_area(user, area_id: int | None) -> int:
    areas = access.administered_areas(user)
    if area_id is None:
        ids = list(areas.values_list("pk", flat=True)[:2])
        if len(ids) != 1:
            raise invalid("area", "Say which area the organisation is in.")
        return ids[0]
    if not areas.filter(pk=area_id).exists():
        if not Area.objects.filter(pk=area_id).exists():
            raise invalid("area", f"There is no area {area_id}.")
        raise Refused("You do not administer that area.")
    return area_id


@permitted(access.can_create_organisation, "Only area administrators may add organisations.")
def create_organisation(user, data: dict) -> Organisation:
    organisation = Organisation(area_id=_administered_area(user, data.pop("area", None)))
    return save(organisation, data, services.save_organisation, nullable=ORGANISATION_NULLABLE)


@permitted(
    access.can_edit_organisation, "Only the area's administrators may change this organisation."
)
def update_organisation(user, organisation: Organisation, data: dict) -> Organisation:
    if "area" in data:
        area = data.pop("area")
        if area is None:
            raise invalid("area", "This field may not be null.")
        organisation.area_id = _administered_area(user, area)
    return save(organisation, data, services.save_organisation, nullable=ORGANISATION_NULLABLE)


def _person_organisation(user, pk: int | None) -> Organisation:
    organisation = ref(Organisation, pk, "organisation")
    if not access.administered_areas(user).filter(pk=organisation.area_id).exists():
        raise Refused("You may only place people in organisations of an area you administer.")
    return organisation


@permitted(access.can_create_person, "Only area administrators may add people.")
def create_person(user, data: dict) -> Person:
    person = Person(organisation=_person_organisation(user, data.pop("organisation", None)))
    return save(person, data, services.save_person)


@permitted(access.can_edit_person, "Only the area's administrators may change this person.")
def update_person(user, person: Person, data: dict) -> Person:
    if "organisation" in data:
        person.organisation = _person_organisation(user, data.pop("organisation"))
    return save(person, data, services.save_person)


# ---- memberships -------------------------------------------------------------------------


def _may_edit_network(user, network: Network) -> None:
    if not access.can_edit_network(user, network):
        raise Refused("Only the network's leaders and the area's administrators may do this.")


def _role_and_dates(data: dict) -> dict:
    return {k: data[k] for k in ("role", *DATES) if k in data}


@transaction.atomic
def create_membership(user, data: dict) -> Membership:
    network = ref(Network, data.get("network"), "network")
    _may_edit_network(user, network)
    organisation = ref(Organisation, data.get("organisation"), "organisation")
    if organisation.area_id != network.area_id:
        raise invalid("organisation", "Choose an organisation in the network's area.")
    if Membership.objects.filter(network=network, organisation=organisation).exists():
        raise invalid("organisation", "It is already a member of this network.")
    # A leader's addition waits for an area administrator's approval before it shows the
    # network's stewards the organisation's people's protected data (access module).
    approved = access.is_area_admin(user, network.area_id)
    membership = Membership(network=network, organisation=organisation, approved=approved)
    return save(membership, _role_and_dates(data), services.save_membership, nullable=DATES)


@transaction.atomic
def update_membership(user, membership: Membership, data: dict) -> Membership:
    _may_edit_network(user, membership.network)
    if data.get("approved") is not None and not access.can_approve_membership(user, membership):
        raise Refused("Only the area's administrators may approve a membership.")
    return save(membership, data, services.save_membership, nullable=DATES)


@transaction.atomic
def delete_membership(user, membership: Membership) -> None:
    _may_edit_network(user, membership.network)
    services.remove_membership(membership)


# ---- roles -------------------------------------------------------------------------------


def _may_assign(user, network: Network, role: str) -> None:
    if not (access.can_manage_roles(user, network) and access.can_assign_role(user, network, role)):
        raise Refused("Your account may not give or change this role in this network.")


def _role_unique(role: NetworkRole) -> None:
    clash = NetworkRole.objects.filter(
        network_id=role.network_id, person_id=role.person_id, role=role.role
    )
    if clash.exclude(pk=role.pk).exists():
        raise invalid("role", "This person already has this role in the network.")


@transaction.atomic
def create_role(user, data: dict) -> NetworkRole:
    network = ref(Network, data.get("network"), "network")
    _may_assign(user, network, data.get("role"))
    person = ref(Person, data.get("person"), "person")
    if not access.role_candidates(user, network).filter(pk=person.pk).exists():
        raise invalid("person", "Choose a person from one of the network's member organisations.")
    role = NetworkRole(network=network, person=person)
    return save(role, _role_and_dates(data), services.save_role, nullable=DATES, check=_role_unique)


@transaction.atomic
def update_role(user, role: NetworkRole, data: dict) -> NetworkRole:
    _may_assign(user, role.network, role.role)
    if data.get("role") is not None:
        _may_assign(user, role.network, data["role"])
    return save(role, data, services.save_role, nullable=DATES, check=_role_unique)


@transaction.atomic
def delete_role(user, role: NetworkRole) -> None:
    _may_assign(user, role.network, role.role)
    services.remove_role(role)
