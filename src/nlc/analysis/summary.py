"""All measures of a network in one pass, and their JSON form (a public contract).

The JSON keys are documented in the README and in the ``nlc analyse`` issue; add keys,
never rename them. Undefined values are ``null``, never NaN.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from nlc.analysis.brokerage import ROLES, BrokerageResult, brokerage_roles
from nlc.analysis.centrality import (
    Betweenness,
    betweenness,
    betweenness_in_igraph,
    betweenness_max_deviation,
    centralization,
    degree_max_deviation,
)
from nlc.analysis.communities import Communities, communities, component_count
from nlc.analysis.homophily import (
    EIChance,
    EIResult,
    attribute_assortativity,
    bridging_share,
    ei_chance,
    ei_index,
    mixing_matrix,
)
from nlc.analysis.overlap import PartitionOverlap, partition_overlap
from nlc.analysis.shape import components_are_cliques
from nlc.analysis.structural_holes import StructuralHoles, structural_holes
from nlc.network.model import Network, group_codes
from nlc.network.two_mode import TwoMode

__all__ = ["Analysis", "analyse", "json_text"]

#: Names of the steps of :func:`analyse`, in order, for progress displays.
STEPS = (
    "degree",
    "components",
    "bridging and bonding",
    "brokerage",
    "structural holes",
    "betweenness",
    "communities",
    "chance and shape",
)


@dataclass
class Analysis:
    """Everything ``nlc analyse`` computes for one network."""

    network: Network
    group_column: str | None
    groups: np.ndarray
    group_labels: list[str]
    degree: np.ndarray
    in_degree: np.ndarray
    out_degree: np.ndarray
    components: int
    isolates: int
    ei: EIResult
    mixing: np.ndarray
    assortativity: float
    brokerage: BrokerageResult
    holes: StructuralHoles
    betweenness: Betweenness
    communities: Communities
    two_mode: TwoMode | None = None
    ei_chance: EIChance | None = None
    overlap: PartitionOverlap | None = None
    cliques: bool = False

    @property
    def bridging_share(self) -> float:
        """Share of ties bridging between groups (:func:`nlc.analysis.homophily.bridging_share`)."""
        return bridging_share(self.network, self.groups)

    @property
    def density(self) -> float:
        n = self.network.n
        pairs = n * (n - 1) / (1 if self.network.directed else 2)
        return self.network.m / pairs if pairs else math.nan

    def degree_centralization(self, mode: str = "total") -> float:
        values = {"total": self.degree, "in": self.in_degree, "out": self.out_degree}[mode]
        n, directed = self.network.n, self.network.directed
        return centralization(values, degree_max_deviation(n, directed, mode))

    @property
    def betweenness_centralization(self) -> float:
        n, directed = self.network.n, self.network.directed
        return centralization(self.betweenness.values, betweenness_max_deviation(n, directed))

    def to_json(self) -> dict:
        """The ``nlc analyse`` JSON document (see the module docstring)."""
        return _to_json(self)


def analyse(
    network: Network,
    group: str | None = None,
    *,
    holes_model: str = "whole",
    exact_betweenness: bool | None = None,
    seed: int = 0,
    two_mode: TwoMode | None = None,
    progress: Callable[[str], None] | None = None,
) -> Analysis:
    """Compute every NLC measure of ``network``.

    Parameters
    ----------
    network : Network
    group : str, optional
        Node attribute that partitions the nodes (sector, phase, local authority...). Without
        it every node is in one group: brokerage is then all coordination and E-I undefined.
    holes_model : {"whole", "ego"}
        Model for Burt's measures; see :mod:`nlc.analysis.structural_holes`.
    exact_betweenness : bool, optional
        Force exact (``True``) or sampled (``False``) betweenness; by default decided by size.
    seed : int
        Seed for Leiden communities and for the E-I permutation interval.
    two_mode : TwoMode, optional
        The affiliation side, when ``network`` is a two-mode projection.
    progress : callable, optional
        Called with the name of each step (see :data:`STEPS`) as it starts.
    """
    say = progress or (lambda step: None)
    if group is not None:
        groups, labels = group_codes(network, group)
    else:
        groups, labels = np.zeros(network.n, dtype=np.int64), ["(all)"]
    say("degree")
    degree, in_degree, out_degree = network.degrees()
    say("components")
    components, isolates = component_count(network)
    say("bridging and bonding")
    ei = ei_index(network, groups)
    mixing = mixing_matrix(network, groups)
    assortativity = attribute_assortativity(network, groups)
    say("brokerage")
    brokerage = brokerage_roles(network, groups)
    say("structural holes")
    holes = structural_holes(network, holes_model)
    say("betweenness")
    between, found = _betweenness_and_communities(network, exact_betweenness, seed, say)
    say("chance and shape")
    grouped = group is not None
    return Analysis(
        network=network,
        group_column=group,
        groups=groups,
        group_labels=labels,
        degree=degree,
        in_degree=in_degree,
        out_degree=out_degree,
        components=components,
        isolates=isolates,
        ei=ei,
        mixing=mixing,
        assortativity=assortativity,
        brokerage=brokerage,
        holes=holes,
        betweenness=between,
        communities=found,
        two_mode=two_mode,
        ei_chance=ei_chance(network, groups, seed=seed) if grouped else None,
        overlap=partition_overlap(found.membership, groups) if grouped else None,
        cliques=components_are_cliques(network),
    )


def _betweenness_and_communities(network: Network, exact: bool | None, seed: int, say):
    """Betweenness and Leiden communities, side by side when that is safe.

    Betweenness's compiled loops run without the GIL on their own threads while Leiden
    (igraph, which holds the GIL) runs here: at 100,000 nodes they overlap instead of taking
    turns, and each is deterministic on its own. Small exact cases go to igraph's own
    betweenness, which must not run beside Leiden (see
    :func:`~nlc.analysis.centrality.betweenness_in_igraph`): those run one after the other.
    """
    if betweenness_in_igraph(network, exact):
        between = betweenness(network, exact)
        say("communities")
        return between, communities(network, seed=seed)
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(betweenness, network, exact)
        say("communities")
        found = communities(network, seed=seed)
        return pending.result(), found


#: Keys of the ``network`` object comparing the communities found with the groups.
OVERLAP_KEYS = (
    "communities_groups_nmi",
    "communities_groups_adjusted_rand",
    "communities_within_groups",
    "groups_within_communities",
)


def _num(value) -> float | None:
    """A JSON-safe float: NaN and infinities become ``None``."""
    value = float(value)
    return value if math.isfinite(value) else None


def _roles(values: np.ndarray, integer: bool = False) -> dict:
    if integer:
        return {role: int(v) for role, v in zip(ROLES, values, strict=True)}
    return {role: _num(v) for role, v in zip(ROLES, values, strict=True)}


def _column(values: np.ndarray, integer: bool = False) -> list:
    """Convert a column once (tolist is fast), mapping NaN to None."""
    if integer:
        return np.asarray(values, dtype=np.int64).tolist()
    values = np.asarray(values, dtype=np.float64)
    out = values.tolist()
    bad = np.flatnonzero(~np.isfinite(values))
    for i in bad:
        out[i] = None
    return out


def _to_json(a: Analysis) -> dict:
    net = a.network
    grouped = a.group_column is not None
    network = {
        "nodes": net.n,
        "ties": net.m,
        "directed": net.directed,
        "weighted": net.weighted,
        "density": _num(a.density),
        "components": a.components,
        "isolates": a.isolates,
        "group_attribute": a.group_column,
        "ei_index": _num(a.ei.network) if grouped else None,
        "internal_ties": a.ei.internal_ties,
        "external_ties": a.ei.external_ties,
        "assortativity": _num(a.assortativity) if grouped else None,
        "bridging_share": _num(a.bridging_share) if grouped else None,
        **_chance_json(a.ei_chance),
        **_overlap_json(a.overlap),
        "components_are_cliques": a.cliques,
        "degree_centralization": _num(a.degree_centralization("total")),
        "betweenness_centralization": _num(a.betweenness_centralization),
        "betweenness_method": a.betweenness.method,
        "betweenness_error": (
            None
            if a.betweenness.method == "exact"
            else {
                "sampled_sources": a.betweenness.samples,
                "delta": a.betweenness.delta,
                "absolute_error": a.betweenness.absolute_error,
                "meaning": "with probability 1 - delta every node's betweenness is within "
                "absolute_error of its exact value",
            }
        ),
        "communities": a.communities.count,
        "modularity": _num(a.communities.modularity),
        "structural_holes_model": a.holes.model,
        "brokerage": _roles(a.brokerage.graph_raw, integer=True),
        "brokerage_expected": _roles(a.brokerage.graph_expected),
        "brokerage_z": _roles(a.brokerage.graph_z),
    }
    if net.directed:
        network["in_degree_centralization"] = _num(a.degree_centralization("in"))
        network["out_degree_centralization"] = _num(a.degree_centralization("out"))
    sizes = np.bincount(a.groups, minlength=len(a.group_labels))
    groups = (
        [
            {
                "group": label,
                "size": int(sizes[g]),
                "internal_ties": int(a.ei.group_internal[g]),
                "external_ties": int(a.ei.group_external[g]),
                "ei_index": _num(a.ei.group[g]),
            }
            for g, label in enumerate(a.group_labels)
        ]
        if grouped
        else []
    )
    columns = {
        "degree": _column(a.degree, True),
        "in_degree": _column(a.in_degree, True),
        "out_degree": _column(a.out_degree, True),
        "betweenness": _column(a.betweenness.values),
        "constraint": _column(a.holes.constraint),
        "effective_size": _column(a.holes.effective_size),
        "efficiency": _column(a.holes.efficiency),
        "ei_index": _column(a.ei.node) if grouped else [None] * net.n,
        "community": _column(a.communities.membership, True),
    }
    width = len(ROLES)
    raw = [dict(zip(ROLES, row, strict=True)) for row in a.brokerage.raw.tolist()]
    z = _column(a.brokerage.z.ravel())
    z = [dict(zip(ROLES, z[i : i + width], strict=True)) for i in range(0, len(z), width)]
    labels = [a.group_labels[g] for g in a.groups.tolist()] if grouped else [None] * net.n
    keys = ("id", "group", *columns, "brokerage", "brokerage_z")
    # One dict per node from the columns zipped together: three times faster than
    # filling each dict key by key.
    nodes = [
        dict(zip(keys, values, strict=True))
        for values in zip(net.ids, labels, *columns.values(), raw, z, strict=True)
    ]
    document = {"network": network, "groups": groups, "nodes": nodes}
    if grouped:
        document["mixing_matrix"] = {"groups": a.group_labels, "ties": a.mixing.tolist()}
    if a.two_mode is not None:
        document["two_mode"] = _two_mode_json(a)
        source_degree = a.two_mode.source_degree.tolist()
        for row, k in zip(nodes, source_degree, strict=True):
            row["affiliations"] = k
    if net.warnings:
        document["warnings"] = list(net.warnings)
    return document


#: Documents of up to this many nodes are indented for people to read.
INDENT_UP_TO = 10_000


def json_text(document: dict) -> str:
    """The ``nlc analyse`` JSON document as text.

    Indented (by the standard library) for people to read up to :data:`INDENT_UP_TO`
    nodes; larger documents are written on one line by ``orjson``, about ten times faster
    than the standard library's encoder (2.9 s at 100,000 nodes). Both write ``null`` for
    undefined values; the document holds no NaN (see :func:`_num`).
    """
    if len(document["nodes"]) <= INDENT_UP_TO:
        return json.dumps(document, indent=1, allow_nan=False, ensure_ascii=False)
    import orjson

    return orjson.dumps(document).decode("utf-8")


def _chance_json(chance: EIChance | None) -> dict:
    """The E-I index expected under random mixing and its permutation interval."""
    if chance is None:
        return {"ei_expected": None, "ei_interval": None, "ei_permutations": 0}
    interval = [_num(chance.low), _num(chance.high)]
    return {
        "ei_expected": _num(chance.expected),
        "ei_interval": None if None in interval else interval,
        "ei_permutations": chance.permutations,
    }


def _overlap_json(overlap: PartitionOverlap | None) -> dict:
    """Agreement between the communities found and the groups."""
    if overlap is None:
        return dict.fromkeys(OVERLAP_KEYS)
    return {
        "communities_groups_nmi": _num(overlap.nmi),
        "communities_groups_adjusted_rand": _num(overlap.adjusted_rand),
        "communities_within_groups": _num(overlap.communities_within_groups),
        "groups_within_communities": _num(overlap.groups_within_communities),
    }


def _two_mode_json(a: Analysis) -> dict:
    """Each affiliation's size and how far its membership spans the groups."""
    tm = a.two_mode
    members = tm.membership.tocsc()
    rows = []
    for k, affiliation in enumerate(tm.affiliation_ids):
        member_idx = members.indices[members.indptr[k] : members.indptr[k + 1]]
        counts = np.bincount(a.groups[member_idx], minlength=len(a.group_labels))
        size = len(member_idx)
        pairs = size * (size - 1) / 2
        internal = float((counts * (counts - 1) / 2).sum())
        external = pairs - internal
        rows.append(
            {
                "id": affiliation,
                "name": tm.names[k],
                "members": size,
                "groups_spanned": int((counts > 0).sum()),
                "ei_index": _num((external - internal) / pairs) if pairs else None,
            }
        )
    rows.sort(key=lambda r: (-r["groups_spanned"], -r["members"], r["id"]))
    return {
        "affiliations_count": len(tm.affiliation_ids),
        "memberships": int(tm.membership.nnz),
        "affiliations": rows,
    }
