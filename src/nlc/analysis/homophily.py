"""Bonding and bridging: the E-I index, the group mixing matrix and attribute assortativity.

Written with numpy because the measures are a few lines of counting each; networkx has
assortativity but not E-I, and converting a national-scale network to networkx costs more
than the measure. Results are checked against UCINET (via xucinet) and networkx in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from nlc.analysis._kernels import PARALLEL_MIN_WORK, on_threads, threads
from nlc.network.model import Network

__all__ = [
    "EIChance",
    "EIResult",
    "attribute_assortativity",
    "bridging_share",
    "ei_chance",
    "ei_expected",
    "ei_index",
    "mixing_matrix",
]


@dataclass(frozen=True)
class EIResult:
    """E-I index at network, group and node level, with the counts behind it.

    ``internal``/``external`` count ties inside a group and ties leaving or entering it.
    Undefined values (no ties) are NaN.
    """

    network: float
    internal_ties: int
    external_ties: int
    group_internal: np.ndarray
    group_external: np.ndarray
    group: np.ndarray
    node_internal: np.ndarray
    node_external: np.ndarray
    node: np.ndarray


def _ratio(external, internal):
    external = np.asarray(external, dtype=np.float64)
    internal = np.asarray(internal, dtype=np.float64)
    total = external + internal
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, (external - internal) / total, np.nan)


def ei_index(network: Network, groups: np.ndarray) -> EIResult:
    r"""Krackhardt and Stern's E-I index: :math:`(E - I) / (E + I)`.

    :math:`E` counts ties between groups (bridging) and :math:`I` ties within a group
    (bonding); the index runs from -1 (all ties bond) to +1 (all ties bridge). Each tie is
    counted once: an arc if the network is directed, an edge if not. Weights are ignored, as
    in UCINET.

    - Network level: over all ties.
    - Group level: :math:`I_g` ties with both ends in group :math:`g`, :math:`E_g` ties with
      exactly one end in it (either direction).
    - Node level: the node's out-ties in a directed network (UCINET's ego-network
      convention, "outgoing ties only"), all its ties in an undirected one.

    References
    ----------
    Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises: an
    experimental simulation. Social Psychology Quarterly 51(2), 123-140.

    Examples
    --------
    >>> import numpy as np
    >>> from nlc.network import Network
    >>> net = Network(list("abc"), np.array([0, 0]), np.array([1, 2]), np.ones(2), False)
    >>> float(ei_index(net, np.array([0, 0, 1])).network)
    0.0
    """
    groups = np.asarray(groups, dtype=np.int64)
    k = int(groups.max()) + 1 if network.n else 0
    gs, gt = groups[network.source], groups[network.target]
    same = gs == gt
    internal, external = int(same.sum()), int((~same).sum())
    group_internal = np.bincount(gs[same], minlength=k)
    group_external = np.bincount(gs[~same], minlength=k) + np.bincount(gt[~same], minlength=k)
    node_internal = np.bincount(network.source[same], minlength=network.n)
    node_external = np.bincount(network.source[~same], minlength=network.n)
    if not network.directed:
        node_internal += np.bincount(network.target[same], minlength=network.n)
        node_external += np.bincount(network.target[~same], minlength=network.n)
    return EIResult(
        network=float(_ratio(external, internal)),
        internal_ties=internal,
        external_ties=external,
        group_internal=group_internal,
        group_external=group_external,
        group=_ratio(group_external, group_internal),
        node_internal=node_internal,
        node_external=node_external,
        node=_ratio(node_external, node_internal),
    )


def mixing_matrix(network: Network, groups: np.ndarray) -> np.ndarray:
    """Count of ties from each group (rows) to each group (columns).

    Undirected ties are counted in both cells (so the matrix is symmetric), as networkx's
    ``attribute_mixing_matrix`` does.
    """
    groups = np.asarray(groups, dtype=np.int64)
    k = int(groups.max()) + 1 if network.n else 0
    src, tgt = network.arcs()
    flat = np.bincount(groups[src] * k + groups[tgt], minlength=k * k)
    return flat.reshape(k, k)


def attribute_assortativity(network: Network, groups: np.ndarray) -> float:
    r"""Newman's attribute assortativity coefficient for a categorical attribute.

    :math:`r = (\sum_i e_{ii} - \sum_i a_i b_i) / (1 - \sum_i a_i b_i)` where :math:`e` is
    the mixing matrix normalised to sum to 1 and :math:`a, b` its row and column sums.
    Equal to networkx's ``attribute_assortativity_coefficient`` (ties unweighted; an
    undirected tie counted in both directions). NaN when undefined (no ties, or one group).

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.
    """
    e = mixing_matrix(network, groups).astype(np.float64)
    total = e.sum()
    if total == 0:
        return float("nan")
    e /= total
    ab = float((e.sum(axis=1) * e.sum(axis=0)).sum())
    if np.isclose(ab, 1.0):
        return float("nan")
    return (float(np.trace(e)) - ab) / (1.0 - ab)


def bridging_share(network: Network, groups: np.ndarray) -> float:
    r"""Share of ties that bridge between groups: :math:`E / (E + I)`.

    The one definition of "bridging ties" (the share of ties crossing between groups) that
    every face of NLC shows: the ``nlc analyse`` JSON (``bridging_share``), the report, the
    web network page and the dashboard. Ties are counted as in :func:`ei_index` (an arc if
    the network is directed, an edge if not); it equals :math:`(1 + \text{E-I}) / 2`.
    NaN without ties.

    Examples
    --------
    >>> import numpy as np
    >>> from nlc.network import Network
    >>> net = Network(list("abc"), np.array([0, 0]), np.array([1, 2]), np.ones(2), False)
    >>> float(bridging_share(net, np.array([0, 0, 1])))
    0.5
    """
    groups = np.asarray(groups, dtype=np.int64)
    if network.m == 0:
        return float("nan")
    return float(np.mean(groups[network.source] != groups[network.target]))


def ei_expected(network: Network, groups: np.ndarray) -> float:
    r"""The E-I index expected if ties ignored groups, given the group sizes.

    Under random mixing (the group labels shuffled over the nodes, the ties kept) a tie
    between two distinct nodes falls inside a group with probability

    .. math:: p = \sum_g n_g (n_g - 1) / (n (n - 1)),

    the same for an arc (ordered pair) and for an edge (unordered pair), so the expected
    E-I index is :math:`1 - 2p`. With many small groups it is close to +1: a positive E-I
    then does not mean that ties prefer to cross. NaN without ties or with fewer than two
    nodes.

    References
    ----------
    Krackhardt, D. and Stern, R. N. (1988), see :func:`ei_index`, who compare the observed
    index with its value under random assignment of ties given the group sizes.

    Examples
    --------
    >>> import numpy as np
    >>> from nlc.network import Network
    >>> net = Network(list("abcd"), np.array([0, 2]), np.array([1, 3]), np.ones(2), False)
    >>> round(ei_expected(net, np.array([0, 0, 1, 1])), 4)  # p = (2 + 2) / 12
    0.3333
    """
    groups = np.asarray(groups, dtype=np.int64)
    n = network.n
    if network.m == 0 or n < 2:
        return float("nan")
    sizes = np.bincount(groups).astype(np.float64)
    same = float((sizes * (sizes - 1)).sum()) / (n * (n - 1))
    return 1.0 - 2.0 * same


@dataclass(frozen=True)
class EIChance:
    """The E-I index expected under random mixing, and the range chance gives.

    ``expected`` is :func:`ei_expected`; ``low``/``high`` bound the central ``level`` share
    of the E-I indices of ``permutations`` random relabellings (NaN when undefined).
    """

    expected: float
    low: float
    high: float
    permutations: int
    level: float = 0.95


def ei_chance(
    network: Network,
    groups: np.ndarray,
    *,
    permutations: int = 500,
    seed: int = 0,
    level: float = 0.95,
) -> EIChance:
    """The E-I index expected if ties ignored groups, with a permutation interval.

    The group labels are shuffled over the nodes ``permutations`` times (group sizes and
    ties kept; seeded, so the interval is the same on every run) and the E-I index of each
    shuffle computed; ``low`` and ``high`` are the percentiles holding the central ``level``
    share of them. An observed index below ``low`` means ties stay within groups more than
    chance would give, above ``high`` that they cross more. This is the permutation test
    UCINET runs for the E-I index.

    Parameters
    ----------
    network : Network
    groups : numpy.ndarray
        Group code of each node.
    permutations : int
        Number of shuffles.
    seed : int
        Seed of the shuffles.
    level : float
        Share of the shuffled indices the interval holds.

    Returns
    -------
    EIChance

    References
    ----------
    Krackhardt, D. and Stern, R. N. (1988), see :func:`ei_index`. Borgatti, S. P., Everett,
    M. G. and Freeman, L. C. (2002). UCINET for Windows (E-I index: permutation test).
    """
    groups = np.asarray(groups, dtype=np.int64)
    expected = ei_expected(network, groups)
    if not np.isfinite(expected) or permutations < 1:
        return EIChance(expected, float("nan"), float("nan"), 0, level)
    external = _shuffled_external(network, groups, permutations, seed)
    m = network.m
    ei = (2.0 * external - m) / m
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(ei, [tail, 100 - tail])
    return EIChance(expected, float(low), float(high), permutations, level)


def _shuffled_external(
    network: Network, groups: np.ndarray, permutations: int, seed: int
) -> np.ndarray:
    """External ties of each of ``permutations`` seeded shuffles of ``groups``.

    Each shuffle is numpy's ``Generator.shuffle`` of a fresh copy of the labels, drawn in
    turn from one generator: the same shuffles as ``rng.permuted`` over a stack of copies
    (which the tests pin), at a fifth of its cost. The ties are then counted by a compiled
    loop, in parallel over shuffles, on 32-bit labels that stay in the processor's cache,
    instead of gathering the labels of every tie end into new arrays.
    """
    rng = np.random.default_rng(seed)
    src = network.source.astype(np.int32)
    tgt = network.target.astype(np.int32)
    labels = groups.astype(np.int32)
    chunk = max(1, min(permutations, 64))
    counts = []
    for start in range(0, permutations, chunk):
        rows = np.empty((min(chunk, permutations - start), network.n), dtype=np.int32)
        for row in rows:
            row[:] = labels
            rng.shuffle(row)
        counts.append(_count_external(rows, src, tgt))
    return np.concatenate(counts)


def _count_external(rows: np.ndarray, src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    """For each row of labels, the number of ties whose ends carry different labels (rows
    shared out over threads; the compiled loop releases the GIL)."""
    out = np.zeros(rows.shape[0], dtype=np.int64)
    split = 1 if rows.shape[0] * len(src) < PARALLEL_MIN_WORK else 2 * threads()
    parts = np.array_split(np.arange(rows.shape[0]), min(rows.shape[0], split))
    on_threads(lambda part: _count_rows(rows, src, tgt, part, out), parts)
    return out


@numba.njit(cache=True, nogil=True)
def _count_rows(rows, src, tgt, part, out):  # pragma: no cover - compiled
    """``out[r]``: the ties whose ends differ in ``rows[r]``, for each ``r`` in ``part``."""
    for r in part:
        labels = rows[r]
        count = 0
        for a in range(len(src)):
            if labels[src[a]] != labels[tgt[a]]:
                count += 1
        out[r] = count
