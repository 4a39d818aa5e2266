"""Shapes of a network that make some measures uninformative.

When every component is a clique (a two-mode projection in which each node has a single
affiliation, for example), nobody lies between others (every betweenness is 0) and nobody
spans a structural hole (every contact's contacts are tied to each other): tables of those
measures would list values that say nothing about this network. The faces use these tests
to say so instead.
"""

from __future__ import annotations

import numpy as np

from nlc.network.model import Network

__all__ = ["all_equal", "components_are_cliques"]


def components_are_cliques(network: Network) -> bool:
    """Whether the network has ties and each of its components is a clique.

    Direction is ignored: a component of :math:`k` nodes is a clique when its nodes are
    joined by :math:`k (k - 1) / 2` distinct pairs. Isolated nodes count as cliques of one.

    Examples
    --------
    >>> import numpy as np
    >>> from nlc.network import Network
    >>> pair = Network(list("abcd"), np.array([0, 2]), np.array([1, 3]), np.ones(2), False)
    >>> path = Network(list("abc"), np.array([0, 1]), np.array([1, 2]), np.ones(2), False)
    >>> components_are_cliques(pair), components_are_cliques(path)
    (True, False)
    """
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    if network.m == 0:
        return False
    low = np.minimum(network.source, network.target)
    high = np.maximum(network.source, network.target)
    keep = low != high
    pairs = np.unique(low[keep] * network.n + high[keep])
    low, high = pairs // network.n, pairs % network.n
    graph = sp.coo_matrix((np.ones(len(low)), (low, high)), shape=(network.n, network.n))
    _, label = connected_components(graph, directed=False)
    sizes = np.bincount(label)
    edges = np.bincount(label[low], minlength=len(sizes))
    return bool(len(pairs)) and bool(np.all(edges == sizes * (sizes - 1) // 2))


def all_equal(values: np.ndarray) -> bool:
    """Whether the finite ``values`` are all equal (or there are none): a ranking by them
    says nothing.

    Examples
    --------
    >>> all_equal(np.array([0.0, 0.0, np.nan])), all_equal(np.array([0.0, 1.0]))
    (True, False)
    """
    values = np.asarray(values, dtype=np.float64)
    values = values[np.isfinite(values)]
    return not len(values) or bool(np.all(values == values[0]))
