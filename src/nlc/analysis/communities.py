"""Components and Leiden communities (igraph), seeded so that results repeat."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from nlc.network.model import Network

__all__ = ["Communities", "communities", "component_count"]


@dataclass(frozen=True)
class Communities:
    """Community label per node (0 = largest community) and the partition's modularity."""

    membership: np.ndarray
    count: int
    modularity: float


def component_count(network: Network) -> tuple[int, int]:
    """Number of (weakly, for directed networks) connected components, and of isolates."""
    graph = network.to_igraph(weighted=False)
    components = len(graph.connected_components(mode="weak"))
    degree, _, _ = network.degrees()
    return components, int((degree == 0).sum())


def communities(network: Network, seed: int = 0) -> Communities:
    r"""Leiden communities maximising modularity, on the undirected weighted network.

    Arc directions are dropped and reciprocal arcs merged (weights summed), since Leiden
    optimises undirected modularity
    :math:`Q = \frac{1}{2m}\sum_{ij}(A_{ij} - \frac{k_i k_j}{2m})\delta(c_i, c_j)`.
    igraph's Leiden draws from Python's ``random`` module; it is seeded here with ``seed``
    and the caller's random state is restored afterwards, so the same input and seed give
    the same communities.

    References
    ----------
    Traag, V. A., Waltman, L. and van Eck, N. J. (2019). From Louvain to Leiden:
    guaranteeing well-connected communities. Scientific Reports 9, 5233.
    """
    graph = network.to_igraph(weighted=True)
    if network.directed:
        graph = graph.as_undirected(mode="collapse", combine_edges="sum")
    if graph.ecount() == 0:
        membership = np.arange(network.n)
        return Communities(membership, network.n, float("nan"))
    state = random.getstate()
    try:
        random.seed(seed)
        partition = graph.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=2
        )
    finally:
        random.setstate(state)
    raw = np.asarray(partition.membership)
    # Relabel so that community 0 is the largest, ties broken by first appearance.
    sizes = np.bincount(raw)
    order = np.lexsort((np.arange(len(sizes)), -sizes))
    relabel = np.empty_like(order)
    relabel[order] = np.arange(len(order))
    membership = relabel[raw]
    modularity = graph.modularity(membership.tolist(), weights="weight")
    return Communities(membership, int(len(sizes)), float(modularity))
