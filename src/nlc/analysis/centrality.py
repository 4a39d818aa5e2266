"""Degree and betweenness, and Freeman's centralisation of each, in sna's conventions.

Betweenness is exact (Brandes: igraph's serial algorithm for small networks, a compiled
parallel one for larger) while its cost stays within :data:`BETWEENNESS_WORK`. Above it,
unless ``exact=True``, it is estimated from a uniform sample of source
nodes (Brandes and Pich 2007), with a stated bound: by Hoeffding's inequality (which holds
for sampling without replacement) and a union bound over the nodes, with probability at
least ``1 - delta`` every node's estimate is within ``absolute_error`` of its exact value.
The sampler is written here with numba because no library offers a seeded, parallel,
source-sampled betweenness for directed graphs: networkit's KADABRA rejects directed graphs
and its ``EstimateBetweenness`` took 99 s for 256 sources on a random 100,000-node,
1,000,000-arc graph here, against 18 s for this loop (both on 2 cores).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np

from nlc.analysis._kernels import on_threads, threads
from nlc.network.model import Network

__all__ = [
    "BETWEENNESS_DELTA",
    "BETWEENNESS_SAMPLES",
    "EXACT_BETWEENNESS_LIMIT",
    "Betweenness",
    "betweenness",
    "centralization",
]

#: Networks with more nodes than this get a sampled betweenness unless exact is forced
#: (and, below it, those whose exact betweenness would cost more than
#: :data:`BETWEENNESS_WORK`).
EXACT_BETWEENNESS_LIMIT = 20_000
#: Sources sampled for estimated betweenness when sampling is forced, and at least when it
#: is chosen by size; and the failure probability of the bound.
BETWEENNESS_SAMPLES = 128
BETWEENNESS_DELTA = 0.05
#: Work (sources times nodes plus arcs) the default betweenness may take: exact while
#: ``n (n + arcs)`` is within it, else ``BETWEENNESS_WORK / (n + arcs)`` sampled sources
#: (at least :data:`BETWEENNESS_SAMPLES`). So the default's time grows with the network,
#: never falling from one size to a larger one (exact betweenness of 20,000 nodes once
#: took 35 s while 30,000 nodes, sampled, took 10 s). It is 128 sources at 100,000 nodes
#: and 1,000,000 arcs, a second or two on 2 cores.
BETWEENNESS_WORK = 128 * 1_100_000
#: Exact betweenness with at least this much work runs on every core (compiled Brandes
#: over all sources); below it igraph's serial algorithm is used.
PARALLEL_EXACT_WORK = 50_000_000


@dataclass(frozen=True)
class Betweenness:
    """Raw betweenness per node, how it was computed and, if sampled, its error bound.

    ``absolute_error`` bounds ``|estimate - exact|`` for every node at once, in raw
    betweenness units, with probability ``1 - delta``; it is 0 for exact values.
    """

    values: np.ndarray
    method: str
    samples: int = 0
    delta: float = 0.0
    absolute_error: float = 0.0


def betweenness(network: Network, exact: bool | None = None, seed: int = 0) -> Betweenness:
    r"""Freeman betweenness of every node, ignoring weights (sna and UCINET dichotomise).

    :math:`b_v = \sum_{s \ne v \ne t} \sigma_{st}(v) / \sigma_{st}`, over ordered pairs in a
    directed network and unordered pairs in an undirected one (sna halves the undirected
    sum; igraph counts unordered pairs directly).

    The estimate samples :math:`k` sources without replacement and scales their
    dependencies :math:`\delta_s(v) \in [0, n-2]` by :math:`n/k`. With
    :math:`c = 1` (directed) or :math:`1/2` (undirected), the bound is
    :math:`c\,n(n-2)\sqrt{\ln(2n/\delta) / (2k)}`.

    Parameters
    ----------
    network : Network
    exact : bool, optional
        ``True`` forces the exact computation, ``False`` forces the estimate (from
        :data:`BETWEENNESS_SAMPLES` sources). By default it is exact while that costs at
        most :data:`BETWEENNESS_WORK`, else estimated from as many sources as that work
        allows (at least :data:`BETWEENNESS_SAMPLES`).
    seed : int
        Seed for the choice of sources.

    References
    ----------
    Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
    Sociometry 40(1), 35-41.

    Brandes, U. and Pich, C. (2007). Centrality estimation in large networks. International
    Journal of Bifurcation and Chaos 17(7), 2303-2318.

    Hoeffding, W. (1963). Probability inequalities for sums of bounded random variables.
    Journal of the American Statistical Association 58, 13-30 (section 6: sampling without
    replacement).
    """
    n = network.n
    exact, k = _betweenness_plan(network, exact)
    half = 1.0 if network.directed else 0.5
    if betweenness_in_igraph(network, exact):
        values = network.to_igraph(weighted=False).betweenness(directed=network.directed)
        return Betweenness(np.asarray(values, dtype=np.float64), "exact")
    if exact or k == n:
        sources = np.arange(n, dtype=np.int64)
        return Betweenness(_dependencies(network, sources) * half, "exact")
    sources = np.random.default_rng(seed).choice(n, size=k, replace=False).astype(np.int64)
    values = _dependencies(network, sources) * (n / k) * half
    bound = half * n * (n - 2) * math.sqrt(math.log(2 * n / BETWEENNESS_DELTA) / (2 * k))
    return Betweenness(values, "sampled sources", k, BETWEENNESS_DELTA, bound)


def _betweenness_plan(network: Network, exact: bool | None) -> tuple[bool, int]:
    """Whether :func:`betweenness` is exact, and how many sources it samples if not."""
    n = network.n
    if exact is not None:
        return exact, min(BETWEENNESS_SAMPLES, n)
    budget = BETWEENNESS_WORK // max(_size(network), 1)
    exact = n <= EXACT_BETWEENNESS_LIMIT and n <= budget
    return exact, min(max(BETWEENNESS_SAMPLES, budget), n)


def _size(network: Network) -> int:
    """Nodes plus arcs (an undirected tie counts twice)."""
    return network.n + (network.m if network.directed else 2 * network.m)


def betweenness_in_igraph(network: Network, exact: bool | None = None) -> bool:
    """Whether :func:`betweenness` hands ``network`` to igraph (small exact cases).

    igraph's C core keeps global state (its random number generator, error handling), so
    callers must not run this case beside another igraph call on another thread: beside
    Leiden it made the communities differ from run to run with the same seed.
    """
    exact, k = _betweenness_plan(network, exact)
    return (exact or k == network.n) and network.n * _size(network) < PARALLEL_EXACT_WORK


def _dependencies(network: Network, sources: np.ndarray) -> np.ndarray:
    """Brandes' dependencies summed over ``sources``, on every core."""
    n = network.n
    src, tgt = network.arcs()
    order = np.argsort(src, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=ptr[1:])
    chunks = min(len(sources), 2 * threads())
    return _source_dependencies(ptr, tgt[order].astype(np.int64), sources, chunks)


def _source_dependencies(ptr, idx, sources, chunks: int) -> np.ndarray:
    """Sum over the given sources of Brandes' dependencies, by BFS (unweighted).

    Source ``t`` goes to chunk ``t % chunks``; the chunks run on as many Python threads as
    numba has (the compiled loop releases the GIL) and their sums are added in chunk
    order, so the result does not depend on which thread finishes first. A serial
    ``nogil`` kernel on threads compiles in a seventh of the time of numba's
    ``parallel=True`` build and runs as fast (``benchmarks/proposals.py``, proposal 2).
    """
    partial = np.zeros((chunks, len(ptr) - 1))
    on_threads(
        lambda c: _chunk_dependencies(ptr, idx, sources, c, chunks, partial[c]), range(chunks)
    )
    return partial.sum(axis=0)


@numba.njit(cache=True, nogil=True)
def _chunk_dependencies(ptr, idx, sources, c, chunks, partial):  # pragma: no cover - compiled
    """Add to ``partial`` the dependencies of sources ``c``, ``c + chunks``, ..."""
    n = len(ptr) - 1
    sigma = np.zeros(n)
    dist = np.full(n, -1, dtype=np.int64)
    delta = np.zeros(n)
    stack = np.empty(n, dtype=np.int64)
    for t in range(c, len(sources), chunks):
        s = sources[t]
        sigma[s] = 1.0
        dist[s] = 0
        head, tail = 0, 1
        stack[0] = s
        while head < tail:  # BFS; the queue doubles as the order of discovery
            v = stack[head]
            head += 1
            for a in range(ptr[v], ptr[v + 1]):
                w = idx[a]
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    stack[tail] = w
                    tail += 1
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
        for pos in range(tail - 1, -1, -1):  # accumulate in reverse BFS order
            w = stack[pos]
            for a in range(ptr[w], ptr[w + 1]):
                x = idx[a]
                if dist[x] == dist[w] + 1:
                    delta[w] += sigma[w] / sigma[x] * (1.0 + delta[x])
            if w != s:
                partial[w] += delta[w]
        for pos in range(tail):
            w = stack[pos]
            sigma[w] = 0.0
            dist[w] = -1
            delta[w] = 0.0


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
