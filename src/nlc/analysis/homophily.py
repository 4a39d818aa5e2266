"""Bonding and bridging: the E-I index, the group mixing matrix and attribute assortativity.

Written with numpy because the measures are a few lines of counting each; networkx has
assortativity but not E-I, and converting a national-scale network to networkx costs more
than the measure. Results are checked against UCINET (via xucinet) and networkx in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nlc.network.model import Network

__all__ = ["EIResult", "attribute_assortativity", "ei_index", "mixing_matrix"]


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
