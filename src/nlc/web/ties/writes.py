"""Writes of the ties API: check who may, validate, then save in one transaction.

Who may record a tie is :func:`nlc.web.registry.access.can_record_ties`, change or remove
one :func:`~nlc.web.registry.access.can_edit_tie`; a refusal is
:class:`~nlc.web.api.common.Refused` (403). The rules of the tie form are checked
(:class:`~nlc.web.api.common.Invalid`, 422), then the model's own validation; ties are saved
through :mod:`nlc.web.registry.services`, as the pages save them.
"""

from __future__ import annotations

from django.db import transaction

from nlc.web.api.common import Refused, invalid, permitted, ref, save
from nlc.web.registry import access, services
from nlc.web.registry.models import Network, Organisation, Person
from nlc.web.ties.models import Tie

__all__ = ["confirm_tie", "create_tie", "delete_tie", "update_tie"]

TIE_ENDS = ("source_organisation", "target_organisation", "source_person", "target_person")


def _check_ends(tie: Tie, keep_people: set[int]) -> None:
    """The rules of the tie form: two organisations of the tie's area, or two people of the
    network's member organisations (of the area, for a tie outside any network; a tie's
    current people may stay), never one of each."""
    organisations = [tie.source_organisation_id, tie.target_organisation_id]
    people = [tie.source_person_id, tie.target_person_id]
    named_organisations = [o for o in organisations if o is not None]
    named_people = [p for p in people if p is not None]
    if named_organisations and named_people:
        raise invalid(
            "source_person", "A tie joins two organisations or two people, not one of each."
        )
    if not named_organisations and not named_people:
        raise invalid("source_organisation", "Choose two organisations or two people.")
    level = "organisation" if named_organisations else "person"
    ends = organisations if named_organisations else people
    if None in ends:
        missing = "source" if ends[0] is None else "target"
        raise invalid(f"{missing}_{level}", f"Choose the other {level} of the tie.")
    if ends[0] == ends[1]:
        article = "an" if level == "organisation" else "a"
        raise invalid(f"target_{level}", f"A tie cannot join {article} {level} to itself.")
    if tie.network_id is not None:
        people = Person.objects.filter(organisation__memberships__network_id=tie.network_id)
    else:
        people = Person.objects.filter(organisation__area_id=tie.area_id)
    for end, pk in zip(("source", "target"), ends, strict=True):
        if level == "organisation":
            if not Organisation.objects.filter(pk=pk, area_id=tie.area_id).exists():
                raise invalid(
                    f"{end}_organisation", f"There is no organisation {pk} in the network's area."
                )
        elif pk not in keep_people and not people.filter(pk=pk).exists():
            raise invalid(
                f"{end}_person",
                f"There is no person {pk} in the network's member organisations.",
            )


def _save(tie: Tie, data: dict, store, keep_people: set[int]) -> Tie:
    """Set the fields sent (the ends by id, and they may be null) and save through ``store``."""
    ends = {f"{k}_id": data.pop(k) for k in TIE_ENDS if k in data}
    return save(
        tie,
        {**data, **ends},
        store,
        nullable=ends,
        check=lambda tie: _check_ends(tie, keep_people),
        exclude=["created_by"],
    )


@transaction.atomic
def create_tie(user, data: dict) -> Tie:
    data = dict(data)
    network = ref(Network, data.pop("network", None), "network")
    if not access.can_record_ties(user, network):
        raise Refused("Only the network's leaders, facilitators and administrators record ties.")
    tie = Tie(network=network, area_id=network.area_id)
    return _save(tie, data, lambda tie: services.record_tie(tie, network=network, by=user), set())


@permitted(access.can_edit_tie, "Your account may not change this tie.")
def update_tie(user, tie: Tie, data: dict) -> Tie:
    if "network" in data:
        network = ref(Network, data.pop("network"), "network")
        if network.pk != tie.network_id:
            if not access.can_record_ties(user, network):
                raise Refused("Your account may not record ties in that network.")
            tie.network, tie.area_id = network, network.area_id
    keep = {tie.source_person_id, tie.target_person_id} - {None}
    return _save(tie, data, services.save_tie, keep)


@transaction.atomic
def confirm_tie(user, tie: Tie) -> Tie:
    """Confirm a pending tie, as the page does: the network's leaders, facilitators and
    administrators (:func:`~nlc.web.registry.access.can_record_ties`) may."""
    if tie.network is None or not access.can_record_ties(user, tie.network):
        raise Refused("Only the network's leaders, facilitators and administrators confirm ties.")
    return services.confirm_tie(tie)


@transaction.atomic
def delete_tie(user, tie: Tie) -> None:
    if not access.can_edit_tie(user, tie):
        raise Refused("Your account may not remove this tie.")
    tie.delete()
