"""Degree and betweenness, and Freeman's centralisation of each, in sna's conventions.

Betweenness is igraph's exact algorithm (Brandes) up to :data:`EXACT_BETWEENNESS_LIMIT`
nodes. Above it, unless ``exact=True``, it is estimated with KADABRA (networkit), which
guarantees with probability ``1 - delta`` that every node's normalised betweenness is within
``epsilon`` of the truth; that bound is returned with the values so that reports state it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nlc.network.model import Network

__all__ = [
    "BETWEENNESS_DELTA",
    "BETWEENNESS_EPSILON",
    "EXACT_BETWEENNESS_LIMIT",
    "Betweenness",
    "betweenness",
    "centralization",
]

#: Networks with more nodes than this get a sampled betweenness unless exact is forced.
#: Exact betweenness costs O(nm); at 20,000 nodes and 200,000 ties it takes about a minute.
EXACT_BETWEENNESS_LIMIT = 20_000
BETWEENNESS_EPSILON = 0.001
BETWEENNESS_DELTA = 0.1


@dataclass(frozen=True)
class Betweenness:
    """Raw betweenness per node, how it was computed and, if sampled, its error bound.

    ``absolute_error`` bounds ``|estimate - exact|`` for every node at once, in raw
    betweenness units, with probability ``1 - delta``; it is 0 for exact values.
    """

    values: np.ndarray
    method: str
    epsilon: float = 0.0
    delta: float = 0.0
    absolute_error: float = 0.0


def betweenness(network: Network, exact: bool | None = None) -> Betweenness:
    r"""Freeman betweenness of every node, ignoring weights (sna and UCINET dichotomise).

    :math:`b_v = \sum_{s \ne v \ne t} \sigma_{st}(v) / \sigma_{st}`, over ordered pairs in a
    directed network and unordered pairs in an undirected one (sna halves the undirected
    sum; igraph counts unordered pairs directly).

    Parameters
    ----------
    network : Network
    exact : bool, optional
        ``True`` forces the exact computation, ``False`` forces the estimate; by default the
        estimate is used above :data:`EXACT_BETWEENNESS_LIMIT` nodes.

    References
    ----------
    Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
    Sociometry 40(1), 35-41.

    Borassi, M. and Natale, E. (2019). KADABRA is an adaptive algorithm for betweenness via
    random approximation. ACM Journal of Experimental Algorithmics 24.
    """
    if exact is None:
        exact = network.n <= EXACT_BETWEENNESS_LIMIT
    if exact or network.n < 3:
        values = network.to_igraph(weighted=False).betweenness(directed=network.directed)
        return Betweenness(np.asarray(values, dtype=np.float64), "exact")
    import networkit as nk

    graph = nk.GraphFromCoo(
        (network.source.astype(np.uint64), network.target.astype(np.uint64)),
        n=network.n,
        directed=network.directed,
    )
    nk.engineering.setSeed(1, False)
    estimator = nk.centrality.KadabraBetweenness(graph, BETWEENNESS_EPSILON, BETWEENNESS_DELTA)
    estimator.run()
    pairs = network.n * (network.n - 1) / (1 if network.directed else 2)
    values = np.asarray(estimator.scores(), dtype=np.float64) * pairs
    return Betweenness(
        values,
        "kadabra",
        BETWEENNESS_EPSILON,
        BETWEENNESS_DELTA,
        absolute_error=BETWEENNESS_EPSILON * pairs,
    )


def centralization(values: np.ndarray, max_deviation: float) -> float:
    r"""Freeman centralisation: :math:`\sum_i (\max_j c_j - c_i)` over its largest possible
    value for a graph of the same size (sna's ``centralization(..., tmaxdev=TRUE)``).

    The ``max_deviation`` for each measure, with :math:`n` nodes and no loops:

    - degree, directed, in or out: :math:`(n-1)^2`; total (in + out): :math:`2(n-1)(n-2)`;
      undirected: :math:`(n-1)(n-2)`;
    - betweenness, directed: :math:`(n-1)^2(n-2)`; undirected: :math:`(n-1)^2(n-2)/2`.

    Returns NaN when the maximum is 0 (fewer than three nodes).

    References
    ----------
    Freeman, L. C. (1979). Centrality in social networks: conceptual clarification. Social
    Networks 1(3), 215-239.

    Examples
    --------
    A star of five nodes is perfectly centralised:

    >>> import numpy as np
    >>> centralization(np.array([4, 1, 1, 1, 1]), (5 - 1) * (5 - 2))
    1.0
    """
    values = np.asarray(values, dtype=np.float64)
    if len(values) == 0 or max_deviation <= 0:
        return float("nan")
    return float((values.max() - values).sum() / max_deviation)


def degree_max_deviation(n: int, directed: bool, mode: str = "total") -> float:
    """Largest possible sum of degree deviations (sna's ``degree(tmaxdev=TRUE)``)."""
    if not directed:
        return (n - 1) * (n - 2)
    return (n - 1) ** 2 if mode in ("in", "out") else 2 * (n - 1) * (n - 2)


def betweenness_max_deviation(n: int, directed: bool) -> float:
    """Largest possible sum of betweenness deviations (sna's ``betweenness(tmaxdev=TRUE)``)."""
    return (n - 1) ** 2 * (n - 2) / (1 if directed else 2)
