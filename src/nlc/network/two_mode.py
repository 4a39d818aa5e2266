"""Two-mode (affiliation) networks: people or schools tied to organisations, trusts, activities.

The ties file lists memberships ``source -> target``. :func:`project_two_mode` keeps the
affiliation matrix and projects it onto the source side: two sources are tied when they
share an affiliation, weighted by how many they share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from nlc.errors import InputError
from nlc.network.model import (
    Network,
    NodeTable,
    TieTable,
    filter_ties,
    index_nodes,
    resolve_nodes,
)

__all__ = ["TwoMode", "project_two_mode"]


@dataclass(frozen=True)
class TwoMode:
    """The affiliation side of a two-mode network.

    ``membership`` is the binary sources x affiliations matrix (rows in the order of the
    projected network's nodes); ``names`` gives each affiliation's ``name`` attribute if the
    nodes file describes it.
    """

    affiliation_ids: list[str]
    names: list[str | None]
    membership: sp.csr_matrix

    @property
    def source_degree(self) -> np.ndarray:
        """Number of affiliations of each source node."""
        return np.asarray(self.membership.sum(axis=1)).ravel().astype(np.int64)

    @property
    def affiliation_size(self) -> np.ndarray:
        """Number of members of each affiliation."""
        return np.asarray(self.membership.sum(axis=0)).ravel().astype(np.int64)


def project_two_mode(
    ties: TieTable,
    nodes: NodeTable | None = None,
    *,
    add_missing_nodes: bool = False,
    types: list[str] | None = None,
    as_of: dt.date | None = None,
    min_weight: float | None = None,
) -> tuple[Network, TwoMode]:
    r"""Project memberships onto their source side.

    With :math:`B` the binary sources x affiliations matrix, the projected tie weight is
    :math:`w_{ij} = (BB^\top)_{ij}`, the number of affiliations :math:`i` and :math:`j`
    share (Breiger 1974). The projection is undirected. Repeated memberships count once.
    ``min_weight`` keeps pairs sharing at least that many affiliations, with weight 1.

    Nodes of the nodes file that never appear as a target are source-side nodes (a school
    with no trust is kept as an isolate); nodes that appear as targets describe affiliations.

    References
    ----------
    Breiger, R. L. (1974). The duality of persons and groups. Social Forces 53(2), 181-190.
    """
    warnings: list[str] = []
    ties = filter_ties(ties, types=types, as_of=as_of, warnings=warnings)
    nodes = nodes if nodes is not None else ties.nodes
    targets = set(ties.target)
    overlap = targets.intersection(ties.source)
    if overlap:
        example = sorted(overlap)[0]
        raise InputError(
            f"{len(overlap)} ids appear both as a member (source) and as an affiliation "
            f"(target), e.g. {example!r}; a two-mode ties file lists members -> affiliations",
            path=ties.path,
        )
    _, node_row = index_nodes(nodes)
    ids, affiliation_ids, membership = _membership(
        ties, nodes, targets, add_missing_nodes, warnings
    )
    src, tgt, weight = _project(membership, min_weight)

    attributes: dict[str, list] = {}
    if nodes is not None:
        for name, values in nodes.attributes.items():
            attributes[name] = [
                values[node_row[node]] if node in node_row else None for node in ids
            ]
    names_column = (nodes.attributes.get("name") if nodes is not None else None) or []
    names = [
        names_column[node_row[a]] if a in node_row and names_column else None
        for a in affiliation_ids
    ]
    network = Network(ids, src, tgt, weight, False, attributes, warnings)
    return network, TwoMode(affiliation_ids, names, membership)


def _membership(
    ties: TieTable,
    nodes: NodeTable | None,
    targets: set[str],
    add_missing_nodes: bool,
    warnings: list[str],
) -> tuple[list[str], list[str], sp.csr_matrix]:
    """The source-side node ids, the affiliation ids and the binary sources x affiliations matrix.

    Source-side nodes are the nodes file's ids that are not affiliations, in file order,
    then (where allowed) members named only in the ties, in order of first appearance.
    Affiliations are numbered in order of first appearance.
    """
    ids = [] if nodes is None else [node for node in nodes.ids if node not in targets]
    index = {node: i for i, node in enumerate(ids)}
    n_declared = len(ids)
    rows, unknown = resolve_nodes(ties.source, index, ids, nodes is None or add_missing_nodes)
    if unknown:
        shown = ", ".join(f"{ties.source[k]!r} (row {ties.row_of(k)})" for k in unknown[:5])
        raise InputError(
            f"{len(unknown)} memberships name members that are not in {nodes.path}: {shown}; "
            "add them to the nodes file or pass --add-missing-nodes",
            path=ties.path,
            row=ties.row_of(unknown[0]),
            column="source",
        )
    if nodes is not None and len(ids) > n_declared:
        warnings.append(f"{len(ids) - n_declared} members named only in the ties were added")
    affiliation_index: dict[str, int] = {}
    cols = np.array(
        [affiliation_index.setdefault(t, len(affiliation_index)) for t in ties.target],
        dtype=np.int64,
    )
    shape = (len(ids), len(affiliation_index))
    membership = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    repeated = membership.nnz < len(rows)
    membership.data[:] = 1.0
    if repeated:
        warnings.append(f"{len(rows) - membership.nnz} repeated memberships counted once")
    return ids, list(affiliation_index), membership


def _project(
    membership: sp.csr_matrix, min_weight: float | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ties of the projection: pairs sharing affiliations, sorted, with how many."""
    shared = sp.triu(membership @ membership.T, k=1).tocoo()
    weight = shared.data.astype(np.float64)
    src, tgt = shared.row.astype(np.int64), shared.col.astype(np.int64)
    order = np.lexsort((tgt, src))
    src, tgt, weight = src[order], tgt[order], weight[order]
    if min_weight is not None:
        strong = weight >= min_weight
        src, tgt, weight = src[strong], tgt[strong], np.ones(int(strong.sum()))
    return src, tgt, weight
