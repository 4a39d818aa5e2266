"""Writes of the registry and ties pages: each one small function in one transaction.

Views validate with a form, check :mod:`nlc.web.registry.access`, and then call one of
these; nothing else in the web pages saves or deletes rows. Reads that become a
:class:`nlc.network.Network` live in :mod:`nlc.web.ties.services`.
"""

from __future__ import annotations

from django.db import transaction

from nlc.web.registry.models import Membership, Network, NetworkRole, Organisation, Person
from nlc.web.ties.models import Tie

__all__ = [
    "record_tie",
    "remove_membership",
    "remove_role",
    "save_membership",
    "save_network",
    "save_organisation",
    "save_person",
    "save_role",
    "save_tie",
]


@transaction.atomic
def save_network(network: Network) -> Network:
    network.save()
    return network


@transaction.atomic
def save_organisation(organisation: Organisation) -> Organisation:
    organisation.save()
    return organisation


@transaction.atomic
def save_person(person: Person) -> Person:
    person.save()
    return person


@transaction.atomic
def save_membership(membership: Membership) -> Membership:
    """Add an organisation to a network, or change its role or dates there."""
    membership.save()
    return membership


@transaction.atomic
def remove_membership(membership: Membership) -> None:
    """Take an organisation out of a network. Ties already recorded are kept."""
    membership.delete()


@transaction.atomic
def save_role(role: NetworkRole) -> NetworkRole:
    role.save()
    return role


@transaction.atomic
def remove_role(role: NetworkRole) -> None:
    role.delete()


@transaction.atomic
def record_tie(tie: Tie, *, network: Network, by) -> Tie:
    """Record a new tie observed in ``network``'s work, by the signed-in user ``by``."""
    tie.network = network
    tie.area_id = network.area_id
    tie.created_by = by if by.is_authenticated else None
    tie.save()
    return tie


@transaction.atomic
def save_tie(tie: Tie) -> Tie:
    """Save changes to a recorded tie (its network, area and author stay as they were)."""
    tie.save()
    return tie
