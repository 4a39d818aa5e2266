"""Writes of the JSON API: check who may, validate, then save in one transaction.

Each function asks :mod:`nlc.web.registry.access` whether the user may make the change
(:class:`Refused` otherwise, answered 403), checks the references and the rules the pages'
forms check (:class:`Invalid`, answered 422 with messages per field), runs the model's own
validation (``full_clean``) and saves through :mod:`nlc.web.registry.services`, the
functions the pages use. A refused or invalid request changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from nlc.web.registry import access, services
from nlc.web.registry.models import (
    Area,
    Membership,
    Network,
    NetworkRole,
    Organisation,
    Person,
)
from nlc.web.ties.models import Tie

__all__ = [
    "Invalid",
    "Missing",
    "Refused",
    "create_membership",
    "create_organisation",
    "create_person",
    "create_role",
    "create_tie",
    "delete_membership",
    "delete_role",
    "delete_tie",
    "update_membership",
    "update_organisation",
    "update_person",
    "update_role",
    "update_tie",
]


class Refused(Exception):
    """The user may not do this (403)."""

    def __init__(self, message: str = "Your account may not do this."):
        super().__init__(message)
        self.message = message


class Missing(Exception):
    """The object asked for does not exist (404)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Invalid(Exception):
    """The request names something wrong (422): ``errors`` maps fields to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _invalid(field: str, message: str) -> Invalid:
    return Invalid({field: [message]})


def get(model, pk: int, label: str):
    """The object (``model`` is a model or a queryset), or :class:`Missing` (404)."""
    queryset = model.objects.all() if hasattr(model, "objects") else model
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Missing(f"There is no {label} {pk}.")
    return obj


def _ref(model, pk: int | None, field: str, label: str):
    """An object a request names in ``field``, or :class:`Invalid` (422)."""
    if pk is None:
        raise _invalid(field, "This field is required.")
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise _invalid(field, f"There is no {label} {pk}.")
    return obj


def _clean(instance, exclude: list[str] | None = None) -> None:
    """The model's own validation (fields, uniqueness, constraints) as :class:`Invalid`."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {}
        if not errors:
            errors = {NON_FIELD_ERRORS: error.messages}
        raise Invalid({k: list(v) for k, v in errors.items()}) from None


def _apply(instance, data: dict, nullable: set[str] = frozenset()) -> None:
    errors = {
        k: ["This field may not be null."]
        for k, v in data.items()
        if v is None and k not in nullable
    }
    if errors:
        raise Invalid(errors)
    for key, value in data.items():
        setattr(instance, key, value)


def _dates_in_order(instance) -> None:
    if instance.start_date and instance.end_date and instance.end_date < instance.start_date:
        raise _invalid("end_date", "The end date must not be before the start date.")


# ---- organisations and people ------------------------------------------------------------

ORGANISATION_NULLABLE = {"urn", "easting", "northing", "size"}


def _administered_area(user, area_id: int | None) -> int:
    areas = access.administered_areas(user)
    if area_id is None:
        ids = list(areas.values_list("pk", flat=True)[:2])
        if len(ids) != 1:
            raise _invalid("area", "Say which area the organisation is in.")
        return ids[0]
    if not areas.filter(pk=area_id).exists():
        if not Area.objects.filter(pk=area_id).exists():
            raise _invalid("area", f"There is no area {area_id}.")
        raise Refused("You do not administer that area.")
    return area_id


@transaction.atomic
def create_organisation(user, data: dict) -> Organisation:
    if not access.can_create_organisation(user):
        raise Refused("Only area administrators may add organisations.")
    data = dict(data)
    area_id = _administered_area(user, data.pop("area", None))
    organisation = Organisation(area_id=area_id)
    _apply(organisation, data, ORGANISATION_NULLABLE)
    _clean(organisation)
    return services.save_organisation(organisation)


@transaction.atomic
def update_organisation(user, organisation: Organisation, data: dict) -> Organisation:
    if not access.can_edit_organisation(user, organisation):
        raise Refused("Only the area's administrators may change this organisation.")
    data = dict(data)
    if "area" in data:
        area = data.pop("area")
        if area is None:
            raise _invalid("area", "This field may not be null.")
        organisation.area_id = _administered_area(user, area)
    _apply(organisation, data, ORGANISATION_NULLABLE)
    _clean(organisation)
    return services.save_organisation(organisation)


def _person_organisation(user, pk: int | None) -> Organisation:
    organisation = _ref(Organisation, pk, "organisation", "organisation")
    if not access.administered_areas(user).filter(pk=organisation.area_id).exists():
        raise Refused("You may only place people in organisations of an area you administer.")
    return organisation


@transaction.atomic
def create_person(user, data: dict) -> Person:
    if not access.can_create_person(user):
        raise Refused("Only area administrators may add people.")
    data = dict(data)
    person = Person(organisation=_person_organisation(user, data.pop("organisation", None)))
    _apply(person, data)
    _clean(person)
    return services.save_person(person)


@transaction.atomic
def update_person(user, person: Person, data: dict) -> Person:
    if not access.can_edit_person(user, person):
        raise Refused("Only the area's administrators may change this person.")
    data = dict(data)
    if "organisation" in data:
        person.organisation = _person_organisation(user, data.pop("organisation"))
    _apply(person, data)
    _clean(person)
    return services.save_person(person)


# ---- memberships -------------------------------------------------------------------------


def _may_edit_network(user, network: Network) -> None:
    if not access.can_edit_network(user, network):
        raise Refused("Only the network's leaders and the area's administrators may do this.")


@transaction.atomic
def create_membership(user, data: dict) -> Membership:
    network = _ref(Network, data.get("network"), "network", "network")
    _may_edit_network(user, network)
    organisation = _ref(Organisation, data.get("organisation"), "organisation", "organisation")
    if organisation.area_id != network.area_id:
        raise _invalid("organisation", "Choose an organisation in the network's area.")
    if Membership.objects.filter(network=network, organisation=organisation).exists():
        raise _invalid("organisation", "It is already a member of this network.")
    membership = Membership(network=network, organisation=organisation)
    _apply(
        membership,
        {k: data[k] for k in ("role", "start_date", "end_date") if k in data},
        {"start_date", "end_date"},
    )
    _dates_in_order(membership)
    _clean(membership)
    return services.save_membership(membership)


@transaction.atomic
def update_membership(user, membership: Membership, data: dict) -> Membership:
    _may_edit_network(user, membership.network)
    _apply(membership, data, {"start_date", "end_date"})
    _dates_in_order(membership)
    _clean(membership)
    return services.save_membership(membership)


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
        raise _invalid("role", "This person already has this role in the network.")


@transaction.atomic
def create_role(user, data: dict) -> NetworkRole:
    network = _ref(Network, data.get("network"), "network", "network")
    _may_assign(user, network, data.get("role"))
    person = _ref(Person, data.get("person"), "person", "person")
    if not Membership.objects.filter(
        network=network, organisation_id=person.organisation_id
    ).exists():
        raise _invalid("person", "Choose a person from one of the network's member organisations.")
    role = NetworkRole(network=network, person=person)
    _apply(
        role,
        {k: data[k] for k in ("role", "start_date", "end_date") if k in data},
        {"start_date", "end_date"},
    )
    _dates_in_order(role)
    _role_unique(role)
    _clean(role)
    return services.save_role(role)


@transaction.atomic
def update_role(user, role: NetworkRole, data: dict) -> NetworkRole:
    _may_assign(user, role.network, role.role)
    if data.get("role") is not None:
        _may_assign(user, role.network, data["role"])
    _apply(role, data, {"start_date", "end_date"})
    _dates_in_order(role)
    _role_unique(role)
    _clean(role)
    return services.save_role(role)


@transaction.atomic
def delete_role(user, role: NetworkRole) -> None:
    _may_assign(user, role.network, role.role)
    services.remove_role(role)


# ---- ties --------------------------------------------------------------------------------

TIE_ENDS = ("source_organisation", "target_organisation", "source_person", "target_person")
TIE_NULLABLE = set(TIE_ENDS)


def _check_ends(tie: Tie, keep_people: set[int]) -> None:
    """The rules of the tie form: two organisations of the tie's area, or two people of the
    network's member organisations (of the area, for a tie outside any network; a tie's
    current people may stay), never one of each."""
    organisations = [tie.source_organisation_id, tie.target_organisation_id]
    people = [tie.source_person_id, tie.target_person_id]
    named_organisations = [o for o in organisations if o is not None]
    named_people = [p for p in people if p is not None]
    if named_organisations and named_people:
        raise _invalid(
            "source_person", "A tie joins two organisations or two people, not one of each."
        )
    if not named_organisations and not named_people:
        raise _invalid("source_organisation", "Choose two organisations or two people.")
    level = "organisation" if named_organisations else "person"
    ends = organisations if named_organisations else people
    if None in ends:
        missing = "source" if ends[0] is None else "target"
        raise _invalid(f"{missing}_{level}", f"Choose the other {level} of the tie.")
    if ends[0] == ends[1]:
        article = "an" if level == "organisation" else "a"
        raise _invalid(f"target_{level}", f"A tie cannot join {article} {level} to itself.")
    if tie.network_id is not None:
        people = Person.objects.filter(organisation__memberships__network_id=tie.network_id)
    else:
        people = Person.objects.filter(organisation__area_id=tie.area_id)
    for end, pk in zip(("source", "target"), ends, strict=True):
        if level == "organisation":
            if not Organisation.objects.filter(pk=pk, area_id=tie.area_id).exists():
                raise _invalid(
                    f"{end}_organisation", f"There is no organisation {pk} in the network's area."
                )
        elif pk not in keep_people and not people.filter(pk=pk).exists():
            raise _invalid(
                f"{end}_person",
                f"There is no person {pk} in the network's member organisations.",
            )


def _set_tie(tie: Tie, data: dict) -> None:
    ends = {f"{k}_id": data.pop(k) for k in TIE_ENDS if k in data}
    _apply(tie, data)
    for key, value in ends.items():
        setattr(tie, key, value)


@transaction.atomic
def create_tie(user, data: dict) -> Tie:
    data = dict(data)
    network = _ref(Network, data.pop("network", None), "network", "network")
    if not access.can_record_ties(user, network):
        raise Refused("Only the network's leaders, facilitators and administrators record ties.")
    tie = Tie(network=network, area_id=network.area_id)
    _set_tie(tie, data)
    _check_ends(tie, set())
    _clean(tie, exclude=["created_by"])
    return services.record_tie(tie, network=network, by=user)


@transaction.atomic
def update_tie(user, tie: Tie, data: dict) -> Tie:
    if not access.can_edit_tie(user, tie):
        raise Refused("Your account may not change this tie.")
    data = dict(data)
    if "network" in data:
        network = _ref(Network, data.pop("network"), "network", "network")
        if network.pk != tie.network_id:
            if not access.can_record_ties(user, network):
                raise Refused("Your account may not record ties in that network.")
            tie.network, tie.area_id = network, network.area_id
    keep = {tie.source_person_id, tie.target_person_id} - {None}
    _set_tie(tie, data)
    _check_ends(tie, keep)
    _clean(tie, exclude=["created_by"])
    return services.save_tie(tie)


@transaction.atomic
def delete_tie(user, tie: Tie) -> None:
    if not access.can_edit_tie(user, tie):
        raise Refused("Your account may not remove this tie.")
    tie.delete()
