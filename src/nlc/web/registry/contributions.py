"""What network leaders, members and partners add themselves (issue #8).

The papers expect everyone in a network to take part, not only administrators:

- a network leader adds organisations to the networks they lead (the new organisation joins
  the network chosen) and people to those networks' member organisations;
- a member or community partner records their own ties (one end is their person or their
  organisation); such a tie is *pending* (``Tie.confirmed`` False) until a leader or
  facilitator of the network confirms it, and measures leave it out until then.

The general rules stay in :mod:`nlc.web.registry.access`; these functions only add to them.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from nlc.web.registry import access
from nlc.web.registry.models import (
    Area,
    Membership,
    Network,
    Organisation,
    Person,
    RoleKind,
    UserRole,
)

__all__ = [
    "add_organisation",
    "can_add_organisation",
    "can_add_person",
    "can_add_person_to",
    "can_record_own_ties",
    "networks_led",
    "organisations_for_new_people",
    "own_ends",
]

#: Accounts that record their own ties (stewards and administrators record any tie).
OWN_TIE_ROLES = (UserRole.MEMBER, UserRole.COMMUNITY_PARTNER)


def _person(user) -> Person | None:
    try:
        return user.person
    except (Person.DoesNotExist, AttributeError):
        return None


def networks_led(user) -> QuerySet[Network]:
    """Networks of the user's area in which the user (a network leader) holds the leader role."""
    profile = access.profile_of(user)
    person = _person(user) if user.is_authenticated else None
    if profile is None or person is None or profile.role != UserRole.NETWORK_LEADER:
        return Network.objects.none()
    return Network.objects.filter(
        area_id=profile.area_id, roles__person=person, roles__role=RoleKind.LEADER
    ).distinct()


def can_add_organisation(user) -> bool:
    """Area administrators (anywhere in their area) and leaders (into a network they lead)."""
    return access.can_create_organisation(user) or networks_led(user).exists()


def organisations_for_new_people(user) -> QuerySet[Organisation]:
    """Organisations a new person may belong to: the administered areas' organisations, or
    the member organisations of the networks the user leads."""
    if access.administered_areas(user).exists():
        return Organisation.objects.filter(area__in=access.administered_areas(user))
    return Organisation.objects.filter(memberships__network__in=networks_led(user)).distinct()


def can_add_person(user) -> bool:
    return access.can_create_person(user) or networks_led(user).exists()


def can_add_person_to(user, organisation: Organisation) -> bool:
    """Whether ``user`` may add a person to ``organisation``."""
    return organisations_for_new_people(user).filter(pk=organisation.pk).exists()


def areas_of(networks: QuerySet[Network]) -> QuerySet[Area]:
    return Area.objects.filter(networks__in=networks).distinct()


@transaction.atomic
def add_organisation(organisation: Organisation, network: Network) -> Organisation:
    """Create ``organisation`` in ``network``'s area, as a member of ``network``."""
    organisation.area_id = network.area_id
    organisation.save()
    Membership.objects.create(
        network=network, organisation=organisation, start_date=network.start_date
    )
    return organisation


def can_record_own_ties(user, network: Network) -> bool:
    """Members and partners of ``network`` (with a person record) record their own ties."""
    if access.can_record_ties(user, network) or access.role_of(user) not in OWN_TIE_ROLES:
        return False
    return _person(user) is not None and access.can_view_network(user, network)


def own_ends(user) -> tuple[int | None, int | None]:
    """The user's person and organisation: one of them must be an end of their own tie."""
    person = _person(user)
    return (person.pk, person.organisation_id) if person is not None else (None, None)
