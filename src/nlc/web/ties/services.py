"""The one place where database rows become an :class:`nlc.network.Network`.

Views, the API, the map and the simulation page all call these functions, and then the same
``nlc.analysis`` functions the CLI calls, so a number on a page is the number ``nlc analyse``
gives for the same ties.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from nlc.network import Network, NodeTable, TieTable, build_network
from nlc.web.registry.models import Network as NetworkRecord
from nlc.web.registry.models import Organisation
from nlc.web.ties.models import Tie

__all__ = [
    "networks_organisation_network",
    "organisation_network",
    "organisation_ties",
    "person_ties",
    "tie_table",
]


def organisation_ties(
    network: NetworkRecord,
    *,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
    types: list[str] | None = None,
):
    """Organisation-level ties observed in a network's work, filtered by date and type."""
    ties = Tie.objects.filter(network=network, source_organisation__isnull=False)
    if since:
        ties = ties.filter(observed_on__gte=since)
    if as_of:
        ties = ties.filter(observed_on__lte=as_of)
    if types:
        ties = ties.filter(type__in=types)
    return ties


def tie_table(rows, label: str) -> TieTable:
    """Ties as a :class:`TieTable` keyed by organisation id; undirected ties become two arcs.

    ``rows`` yields (source id, target id, weight, type, observed_on, directed).
    """
    source, target, weight, kind, date = [], [], [], [], []
    for s, t, w, k, d, directed in rows:
        pairs = [(s, t)] if directed else [(s, t), (t, s)]
        for a, b in pairs:
            source.append(str(a))
            target.append(str(b))
            weight.append(w)
            kind.append(k)
            date.append(d)
    return TieTable(label, source, target, np.asarray(weight, dtype=np.float64), kind, date)


def organisation_network(
    network: NetworkRecord,
    *,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
    types: list[str] | None = None,
) -> Network:
    """The network's organisations (members, and any organisation its ties name) and ties.

    Node ids are organisation primary keys as strings; attributes are ``name``, ``kind``,
    ``phase`` and ``local_authority``. Ties are directed arcs; an undirected tie counts as
    two arcs, as sna counts it. Duplicates are merged with weights summed
    (:func:`nlc.network.build_network`).
    """
    rows = organisation_ties(network, since=since, as_of=as_of, types=types).values_list(
        "source_organisation_id",
        "target_organisation_id",
        "weight",
        "type",
        "observed_on",
        "directed",
    )
    ties = tie_table(rows, f"network {network.pk}")
    member_ids = set(network.memberships.values_list("organisation_id", flat=True))
    member_ids.update(int(i) for i in ties.source)
    member_ids.update(int(i) for i in ties.target)  # a directed tie may end outside
    organisations = Organisation.objects.filter(pk__in=member_ids).order_by("name", "pk")
    fields = ("pk", "name", "kind", "phase", "local_authority")
    values = list(organisations.values_list(*fields))
    nodes = NodeTable(
        f"network {network.pk}",
        [str(v[0]) for v in values],
        {name: [v[i] or None for v in values] for i, name in enumerate(fields) if i},
    )
    return build_network(ties, nodes, directed=True)


# People and several networks at once (the map) -------------------------------------------


def _filtered(ties, since: dt.date | None, as_of: dt.date | None, types: list[str] | None):
    if since:
        ties = ties.filter(observed_on__gte=since)
    if as_of:
        ties = ties.filter(observed_on__lte=as_of)
    if types:
        ties = ties.filter(type__in=types)
    return ties


def person_ties(
    network: NetworkRecord,
    *,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
    types: list[str] | None = None,
):
    """Person-level ties observed in a network's work, filtered by date and type."""
    ties = Tie.objects.filter(network=network, source_person__isnull=False)
    return _filtered(ties, since, as_of, types)


def networks_organisation_network(
    networks,
    *,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
    types: list[str] | None = None,
) -> Network:
    """:func:`organisation_network` of several networks taken together (the area map).

    ``networks`` is a queryset of networks. Nodes are their member organisations and any
    organisation their organisation-level ties name; ties as in :func:`organisation_network`.
    """
    ties = _filtered(
        Tie.objects.filter(network__in=networks, source_organisation__isnull=False),
        since,
        as_of,
        types,
    )
    rows = ties.values_list(
        "source_organisation_id",
        "target_organisation_id",
        "weight",
        "type",
        "observed_on",
        "directed",
    )
    table = tie_table(rows, "networks")
    member_ids = set(
        Organisation.objects.filter(memberships__network__in=networks).values_list("pk", flat=True)
    )
    member_ids.update(int(i) for i in table.source)
    member_ids.update(int(i) for i in table.target)
    organisations = Organisation.objects.filter(pk__in=member_ids).order_by("name", "pk")
    fields = ("pk", "name", "kind", "phase", "local_authority")
    values = list(organisations.values_list(*fields))
    nodes = NodeTable(
        "networks",
        [str(v[0]) for v in values],
        {name: [v[i] or None for v in values] for i, name in enumerate(fields) if i},
    )
    return build_network(table, nodes, directed=True)
