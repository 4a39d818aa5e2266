"""How far two partitions of the same nodes agree: communities found against given groups.

Normalised mutual information and the adjusted Rand index come from igraph's
``compare_communities``; the two shares say in which direction the partitions nest, which
neither index tells: whether the communities sit inside the groups (a community's members
mostly share one group) or the groups inside the communities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PartitionOverlap", "partition_overlap"]


@dataclass(frozen=True)
class PartitionOverlap:
    """Agreement between communities and groups (NaN where not defined).

    Attributes
    ----------
    nmi : float
        Normalised mutual information, 0 (independent) to 1 (identical). It is not
        corrected for chance and runs high when there are many small clusters.
    adjusted_rand : float
        Adjusted Rand index: 0 when the partitions agree no more than chance, 1 when
        identical (negative values: less than chance).
    communities_within_groups : float
        Share of nodes in the largest group of their community: 1 when every community
        lies inside one group.
    groups_within_communities : float
        Share of nodes in the largest community of their group: 1 when every group lies
        inside one community.
    """

    nmi: float
    adjusted_rand: float
    communities_within_groups: float
    groups_within_communities: float


def partition_overlap(communities: np.ndarray, groups: np.ndarray) -> PartitionOverlap:
    r"""Compare a partition into communities with a partition into groups.

    With :math:`n_{cg}` the number of nodes in community :math:`c` and group :math:`g`,
    ``communities_within_groups`` is :math:`\sum_c \max_g n_{cg} / n` (the purity of the
    communities) and ``groups_within_communities`` :math:`\sum_g \max_c n_{cg} / n`.

    Parameters
    ----------
    communities, groups : numpy.ndarray
        Integer label of each node in each partition.

    Returns
    -------
    PartitionOverlap
        All NaN when there are no nodes; NMI and adjusted Rand NaN when either partition
        has a single part (their agreement is then not informative).

    References
    ----------
    Danon, L., Díaz-Guilera, A., Duch, J. and Arenas, A. (2005). Comparing community
    structure identification. J. Stat. Mech. P09008 (NMI). Hubert, L. and Arabie, P.
    (1985). Comparing partitions. Journal of Classification 2, 193-218 (adjusted Rand).

    Examples
    --------
    >>> import numpy as np
    >>> o = partition_overlap(np.array([0, 0, 1, 1, 2, 2]), np.array([0, 0, 0, 0, 1, 1]))
    >>> o.communities_within_groups, round(o.groups_within_communities, 3)
    (1.0, 0.667)
    """
    import igraph

    communities = np.asarray(communities, dtype=np.int64)
    groups = np.asarray(groups, dtype=np.int64)
    n = len(communities)
    nan = float("nan")
    if n == 0:
        return PartitionOverlap(nan, nan, nan, nan)
    _, c = np.unique(communities, return_inverse=True)
    _, g = np.unique(groups, return_inverse=True)
    table = np.zeros((c.max() + 1, g.max() + 1), dtype=np.int64)
    np.add.at(table, (c, g), 1)
    within_groups = float(table.max(axis=1).sum() / n)
    within_communities = float(table.max(axis=0).sum() / n)
    if table.shape[0] < 2 or table.shape[1] < 2:
        return PartitionOverlap(nan, nan, within_groups, within_communities)
    first, second = c.tolist(), g.tolist()
    return PartitionOverlap(
        nmi=float(igraph.compare_communities(first, second, method="nmi")),
        adjusted_rand=float(igraph.compare_communities(first, second, method="adjusted_rand")),
        communities_within_groups=within_groups,
        groups_within_communities=within_communities,
    )
