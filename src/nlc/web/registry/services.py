"""Writes of the registry and ties pages: each one small function in one transaction.

Views validate with a form, check :mod:`nlc.web.registry.access`, and then call one of
these; nothing else in the web pages saves or deletes rows. Reads that become a
:class:`nlc.network.Network` live in :mod:`nlc.web.ties.services`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.db.models import Model

from nlc.web.registry.models import Network
from nlc.web.ties.models import Tie

M = TypeVar("M", bound=Model)

__all__ = [
    "confirm_tie",
    "record_tie",
    "remove_membership",
    "remove_role",
    "save_membership",
    "save_network",
    "save_organisation",
    "save_contact_choice",
    "save_person",
    "save_role",
    "save_tie",
]


def _saver(doc: str) -> Callable[[M], M]:
    """A service that saves one validated record in its own transaction and returns it."""

    @transaction.atomic
    def save(record: M) -> M:
        record.save()
        return record

    save.__doc__ = doc
    return save


def _remover(doc: str) -> Callable[[Model], None]:
    """A service that deletes one record in its own transaction."""

    @transaction.atomic
    def remove(record: Model) -> None:
        record.delete()

    remove.__doc__ = doc
    return remove


save_network = _saver("Create a network or save changes to it.")
save_organisation = _saver("Create an organisation or save changes to it.")
save_person = _saver("Create a person or save changes to them.")
save_membership = _saver("Add an organisation to a network, or change its role or dates there.")
remove_membership = _remover(
    "Take an organisation out of a network. Ties already recorded are kept."
)
save_role = _saver("Give a person a role in a network, or change its dates.")
remove_role = _remover("Take a person's role in a network away (the person stays).")
save_tie = _saver(
    "Save changes to a recorded tie (its network, area and author stay as they were)."
)


@transaction.atomic
def record_tie(tie: Tie, *, network: Network, by) -> Tie:
    """Record a new tie observed in ``network``'s work, by the signed-in user ``by``."""
    tie.network = network
    tie.area_id = network.area_id
    tie.created_by = by if by.is_authenticated else None
    tie.save()
    return tie


@transaction.atomic
def confirm_tie(tie: Tie) -> Tie:
    """Confirm a pending tie (recorded by a member or partner): measures count it from now."""
    tie.confirmed = True
    tie.save(update_fields=["confirmed", "updated_at"])
    return tie


@transaction.atomic
def save_contact_choice(person, *, hide: bool):
    """Record whether ``person`` hides their work contact from their networks' people."""
    person.hide_contact = hide
    person.save(update_fields=["hide_contact"])
    return person
