"""The one place where database rows become an :class:`nlc.network.Network`.

Views, the API, the map and the simulation page all call these functions, and then the same
``nlc.analysis`` functions the CLI calls, so a number on a page is the number ``nlc analyse``
gives for the same ties.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TypedDict, Unpack

import numpy as np

from nlc.network import Network, NodeTable, TieTable, build_network
from nlc.network.two_mode import TwoMode, project_two_mode
from nlc.web.registry.models import Membership, NetworkRole, Organisation, Person
from nlc.web.registry.models import Network as NetworkRecord
from nlc.web.ties.models import Provenance, Tie

__all__ = [
    "TieFilters",
    "filter_ties",
    "networks_organisation_network",
    "organisation_network",
    "organisation_networks",
    "organisation_ties",
    "organisations_through_people",
    "people_network",
    "people_networks",
    "person_nodes",
    "project_affiliations",
    "person_ties",
    "tie_table",
]

ORGANISATION_FIELDS = ("pk", "name", "kind", "phase", "local_authority", "trust", "school_type")
#: Attributes a person takes from their organisation in :func:`people_network`.
PERSON_FIELDS = (
    "pk",
    "organisation__name",
    "organisation__kind",
    "organisation__phase",
    "organisation__local_authority",
    "organisation__trust",
    "organisation__school_type",
)
TIE_FIELDS = (
    "source_organisation_id",
    "target_organisation_id",
    "weight",
    "type",
    "observed_on",
    "directed",
)


class TieFilters(TypedDict, total=False):
    """Which ties count: observed ``since`` and up to ``as_of`` (inclusive), of ``types``;
    ``activity_ties=False`` leaves out the ties recorded learning activities made."""

    since: dt.date | None
    as_of: dt.date | None
    types: list[str] | None
    activity_ties: bool


def filter_ties(
    ties,
    *,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
    types: list[str] | None = None,
    activity_ties: bool = True,
):
    """``ties`` (a queryset) observed from ``since`` to ``as_of`` (inclusive), of ``types``;
    a filter that is None or empty is not applied. Pending ties (``confirmed`` False) never
    count; ``activity_ties=False`` leaves out ties of provenance *activity*
    (co-participation in recorded learning activities)."""
    ties = ties.filter(confirmed=True)
    if since:
        ties = ties.filter(observed_on__gte=since)
    if as_of:
        ties = ties.filter(observed_on__lte=as_of)
    if types:
        ties = ties.filter(type__in=types)
    if not activity_ties:
        ties = ties.exclude(provenance=Provenance.ACTIVITY)
    return ties


def organisation_ties(network: NetworkRecord, **filters: Unpack[TieFilters]):
    """Organisation-level ties observed in a network's work, filtered by date and type."""
    ties = Tie.objects.filter(network=network, source_organisation__isnull=False)
    return filter_ties(ties, **filters)


def person_ties(network: NetworkRecord, **filters: Unpack[TieFilters]):
    """Person-level ties observed in a network's work, filtered by date and type."""
    ties = Tie.objects.filter(network=network, source_person__isnull=False)
    return filter_ties(ties, **filters)


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


def _node_tables(queryset, fields, names, id_sets: dict[str, set[int]]) -> dict[str, NodeTable]:
    """For each label of ``id_sets`` (label -> ids), the rows of ``queryset`` whose primary
    key is among its ids, as nodes in the queryset's order: one query for them all. Columns
    are ``fields`` (the first the primary key), attributes ``names``; empty values become
    None."""
    wanted = set().union(*id_sets.values())
    values = list(queryset.filter(pk__in=wanted).values_list(*fields)) if wanted else []
    tables = {}
    for label, ids in id_sets.items():
        rows = [v for v in values if v[0] in ids]
        tables[label] = NodeTable(
            label,
            [str(v[0]) for v in rows],
            {name: [v[i + 1] or None for v in rows] for i, name in enumerate(names)},
        )
    return tables


def _organisation_nodes(id_sets: dict[str, set[int]]) -> dict[str, NodeTable]:
    """The organisations of each label's ids as nodes (ordered by name), with the
    attributes of :data:`ORGANISATION_FIELDS`."""
    organisations = Organisation.objects.order_by("name", "pk")
    return _node_tables(organisations, ORGANISATION_FIELDS, ORGANISATION_FIELDS[1:], id_sets)


def _organisation_networks(ties: dict, members: dict[object, tuple[str, set[int]]]) -> dict:
    """For each key of ``members`` (key -> (label, member ids)), the network of its ``ties``
    rows (organisation level, :data:`TIE_FIELDS`) among the members and the organisations
    the ties name."""
    tables, id_sets = {}, {}
    for key, (label, member_ids) in members.items():
        table = tie_table(ties.get(key, ()), label)
        member_ids.update(int(i) for i in table.source)
        member_ids.update(int(i) for i in table.target)  # a directed tie may end outside
        tables[key], id_sets[label] = table, member_ids
    nodes = _organisation_nodes(id_sets)
    return {
        key: build_network(table, nodes[table.path], directed=True) for key, table in tables.items()
    }


def _by_network(rows) -> dict[int, list[tuple]]:
    """Rows whose first value is a network id, grouped by it (the rest of each row), in
    order."""
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for network_id, *rest in rows:
        grouped[network_id].append(tuple(rest))
    return grouped


def organisation_network(network: NetworkRecord, **filters: Unpack[TieFilters]) -> Network:
    """The network's organisations (members, and any organisation its ties name) and ties.

    Node ids are organisation primary keys as strings; attributes are ``name``, ``kind``,
    ``phase``, ``local_authority``, ``trust`` and ``school_type`` (empty values are None).
    Ties are directed arcs; an undirected tie counts as two arcs, as sna counts it.
    Duplicates are merged with weights summed (:func:`nlc.network.build_network`).
    ``filters`` are those of :func:`filter_ties`.
    """
    return organisation_networks([network], **filters)[network.pk]


def organisation_networks(networks, **filters: Unpack[TieFilters]) -> dict[int, Network]:
    """:func:`organisation_network` of each of ``networks``, by primary key, reading their
    ties, memberships and organisations once for them all (three queries, however many
    networks)."""
    pks = [n.pk for n in networks]
    ties = Tie.objects.filter(network_id__in=pks, source_organisation__isnull=False)
    rows = filter_ties(ties, **filters).values_list("network_id", *TIE_FIELDS)
    memberships = Membership.objects.filter(network_id__in=pks).order_by()
    members: dict[int, set[int]] = {pk: set() for pk in pks}
    for network_id, organisation_id in memberships.values_list("network_id", "organisation_id"):
        members[network_id].add(organisation_id)
    return _organisation_networks(
        _by_network(rows), {pk: (f"network {pk}", ids) for pk, ids in members.items()}
    )


def networks_organisation_network(networks, **filters: Unpack[TieFilters]) -> Network:
    """:func:`organisation_network` of several networks taken together (the area map).

    ``networks`` is a queryset of networks. Nodes are their member organisations and any
    organisation their organisation-level ties name; ties as in :func:`organisation_network`.
    """
    ties = Tie.objects.filter(network__in=networks, source_organisation__isnull=False)
    members = Organisation.objects.filter(memberships__network__in=networks)
    rows = filter_ties(ties, **filters).values_list(*TIE_FIELDS)
    member_ids = set(members.values_list("pk", flat=True))
    return _organisation_networks({None: rows}, {None: ("networks", member_ids)})[None]


def people_network(network: NetworkRecord, **filters: Unpack[TieFilters]) -> Network:
    """The network's people and their ties, built as :func:`organisation_network` builds the
    organisations' (directed arcs, an undirected tie counts twice, repeats merged).

    Nodes are the people of member organisations, the people with a role in the network and
    anyone its person-level ties name; ids are person primary keys as strings. Attributes
    describe each person's organisation: ``organisation`` (its name), ``kind``, ``phase``,
    ``local_authority``, ``trust`` and ``school_type``. People's names are deliberately not
    attributes: who may see which name depends on the viewer
    (:func:`nlc.web.registry.access.display_names`).
    """
    return people_networks([network], **filters)[network.pk]


def people_networks(networks, **filters: Unpack[TieFilters]) -> dict[int, Network]:
    """:func:`people_network` of each of ``networks``, by primary key, reading their ties,
    people, roles and the people's organisations once for them all (four queries, however
    many networks)."""
    pks = [n.pk for n in networks]
    ties = Tie.objects.filter(network_id__in=pks, source_person__isnull=False)
    fields = ("network_id", "source_person_id", "target_person_id", *TIE_FIELDS[2:])
    rows = _by_network(filter_ties(ties, **filters).values_list(*fields))
    people: dict[int, set[int]] = {pk: set() for pk in pks}
    memberships = Membership.objects.filter(network_id__in=pks).order_by()
    roles = NetworkRole.objects.filter(network_id__in=pks).order_by()
    for network_id, person_id in [
        *memberships.values_list("network_id", "organisation__people__pk"),
        *roles.values_list("network_id", "person_id"),
    ]:
        if person_id is not None:  # a member organisation without people
            people[network_id].add(person_id)
    tables = {}
    for pk in pks:
        tables[pk] = tie_table(rows.get(pk, ()), f"network {pk} people")
        people[pk].update(int(i) for i in (*tables[pk].source, *tables[pk].target))
    nodes = _person_nodes({tables[pk].path: people[pk] for pk in pks})
    return {pk: build_network(tables[pk], nodes[tables[pk].path], directed=True) for pk in pks}


def project_affiliations(label: str, pairs, nodes: NodeTable, *, prefix: str):
    """The two-mode network of ``(node, affiliation)`` ``pairs`` (ids of rows; affiliations
    get ids ``<prefix><pk>``, each pair weight 1) projected onto ``nodes``.

    Returns
    -------
    (nlc.network.Network, nlc.network.two_mode.TwoMode)
        As :func:`nlc.network.two_mode.project_two_mode` returns them.
    """
    table = TieTable(
        label,
        [str(node) for node, _ in pairs],
        [f"{prefix}{affiliation}" for _, affiliation in pairs],
        np.ones(len(pairs)),
    )
    return project_two_mode(table, nodes)


def person_nodes(ids, label: str) -> NodeTable:
    """The people ``ids`` as nodes (ids: person primary keys as strings, in key order), with
    the attributes of their organisation that :func:`people_network` gives; never names."""
    return _person_nodes({label: {int(i) for i in ids}})[label]


def _person_nodes(id_sets: dict[str, set[int]]) -> dict[str, NodeTable]:
    """:func:`person_nodes` of each label's ids, in one query."""
    names = ["organisation", *(f.removeprefix("organisation__") for f in PERSON_FIELDS[2:])]
    return _node_tables(Person.objects.order_by("pk"), PERSON_FIELDS, names, id_sets)


def organisations_through_people(
    network: NetworkRecord, **filters: Unpack[TieFilters]
) -> tuple[Network, TwoMode]:
    """The two-mode view of people and organisations, projected onto the organisations.

    Each person is affiliated with their own organisation and with the organisation of
    everyone they have a tie with in the network's work (person-level ties, filtered as in
    :func:`filter_ties`). Two organisations are tied by the number of people affiliated with
    both, as ``nlc analyse --two-mode`` projects a members -> affiliations file
    (:func:`nlc.network.two_mode.project_two_mode`, Breiger 1974). Nodes are the member
    organisations and any organisation a tied person belongs to, with the attributes of
    :func:`organisation_network`; the affiliations are people, ids ``p<pk>``, unnamed (names
    are the viewer's to resolve).
    """
    ties = person_ties(network, **filters)
    pairs = list(
        ties.values_list(
            "source_person_id",
            "source_person__organisation_id",
            "target_person_id",
            "target_person__organisation_id",
        )
    )
    memberships: set[tuple[int, int]] = set()
    for source, source_org, target, target_org in pairs:
        memberships.update(
            [(source_org, source), (target_org, source), (target_org, target), (source_org, target)]
        )
    member_ids = set(network.memberships.values_list("organisation_id", flat=True))
    member_ids.update(org for org, _ in memberships)
    label = f"network {network.pk} people x organisations"
    nodes = _organisation_nodes({label: member_ids})[label]
    ordered = sorted(memberships, key=lambda pair: (pair[1], pair[0]))
    return project_affiliations(label, ordered, nodes, prefix="p")
