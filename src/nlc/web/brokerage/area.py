"""An area's organisations, memberships and ties, read once for all the suggestions of a
page (the registry rows the framework-free scoring in :mod:`nlc.brokerage` works on)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from nlc.brokerage.membership import Candidate, NetworkProfile
from nlc.web.brokerage.models import Resource
from nlc.web.learning.models import Participant
from nlc.web.registry.models import Membership, Network, Organisation, OrganisationKind
from nlc.web.ties.models import Tie


@dataclass
class AreaData:
    """Organisations by pk (values), members per network, tied pairs, org-level tie rows,
    the register's (side, kind) per member organisation, and per network the (organisation,
    start date) of each organisation's taking part in its activities."""

    organisations: dict[int, dict]
    members: dict[int, set[int]]
    networks_of: dict[int, set[int]]
    networks: dict[int, Network]
    neighbours: dict[int, set[int]] = field(default_factory=dict)
    ties: list[tuple[int, int, int | None, dt.date]] = field(default_factory=list)
    register: dict[int, set[tuple[str, str]]] = field(default_factory=dict)
    taking_part: dict[int, list[tuple[int, dt.date]]] = field(default_factory=dict)

    def name(self, pk: int) -> str:
        return self.organisations[pk]["name"] if pk in self.organisations else f"Organisation {pk}"

    def candidate(self, pk: int, network_pk: int) -> Candidate:
        """Organisation ``pk`` as seen from outside network ``network_pk``."""
        org = self.organisations[pk]
        members = self.members.get(network_pk, set())
        tied = sorted(self.name(m) for m in self.neighbours.get(pk, set()) & members)
        others = [
            self.networks[n] for n in sorted(self.networks_of.get(pk, ())) if n in self.networks
        ]
        location = None
        if org["easting"] is not None and org["northing"] is not None:
            location = (float(org["easting"]), float(org["northing"]))
        return Candidate(
            f"o{pk}",
            org["name"],
            org["kind"],
            kind_label=OrganisationKind(org["kind"]).label
            if org["kind"] in OrganisationKind.values
            else org["kind"],
            phase=org["phase"] or None,
            place=org["local_authority"] or None,
            location=location,
            tied_members=tuple(tied),
            networks=tuple(n.name for n in others),
            focus=" ".join(n.focus for n in others),
        )

    def profile(self, network: Network) -> NetworkProfile:
        members = [
            self.organisations[m]
            for m in self.members.get(network.pk, ())
            if m in self.organisations
        ]
        located = [(m["easting"], m["northing"]) for m in members if m["easting"] is not None]
        centre = None
        if located:
            centre = (
                sum(e for e, _ in located) / len(located),
                sum(n for _, n in located) / len(located),
            )
        return NetworkProfile(
            f"n{network.pk}",
            network.name,
            focus=network.focus,
            phases=frozenset(m["phase"] for m in members if m["phase"]),
            kinds=frozenset(m["kind"] for m in members),
            places=frozenset(m["local_authority"] for m in members if m["local_authority"]),
            centre=centre,
        )


ORG_FIELDS = ("pk", "name", "kind", "phase", "local_authority", "easting", "northing")


def area_data(area_id: int) -> AreaData:
    """Read the area's organisations, networks, memberships and confirmed organisation ties."""
    organisations = {
        row["pk"]: row for row in Organisation.objects.filter(area_id=area_id).values(*ORG_FIELDS)
    }
    networks = {n.pk: n for n in Network.objects.filter(area_id=area_id)}
    members: dict[int, set[int]] = defaultdict(set)
    networks_of: dict[int, set[int]] = defaultdict(set)
    for network_id, org_id in Membership.objects.filter(network__area_id=area_id).values_list(
        "network_id", "organisation_id"
    ):
        members[network_id].add(org_id)
        networks_of[org_id].add(network_id)
    data = AreaData(organisations, dict(members), dict(networks_of), networks)
    rows = Tie.objects.filter(
        area_id=area_id, confirmed=True, source_organisation__isnull=False
    ).values_list("source_organisation_id", "target_organisation_id", "network_id", "observed_on")
    neighbours: dict[int, set[int]] = defaultdict(set)
    for s, t, network_id, when in rows:
        neighbours[s].add(t)
        neighbours[t].add(s)
        data.ties.append((s, t, network_id, when))
    data.neighbours = dict(neighbours)
    _read_register_and_activities(data, area_id)
    return data


def _read_register_and_activities(data: AreaData, area_id: int) -> None:
    """Fill ``data.register`` and ``data.taking_part`` (one query each for the area)."""
    register: dict[int, set[tuple[str, str]]] = defaultdict(set)
    offers = Resource.objects.filter(organisation__memberships__network__area_id=area_id)
    for organisation, side, kind in offers.values_list("organisation_id", "side", "kind"):
        register[organisation].add((side, kind))
    data.register = dict(register)
    taking_part: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    rows = Participant.objects.filter(
        activity__network__area_id=area_id, organisation__isnull=False
    ).values_list("activity__network_id", "organisation_id", "activity__start_date")
    for network_id, organisation, when in rows:  # one row per participant
        taking_part[network_id].append((organisation, when))
    data.taking_part = dict(taking_part)
