"""Gould-Fernandez brokerage roles, exactly as R's ``sna::brokerage()`` computes them.

No maintained Python library computes group-aware brokerage roles (networkx, igraph and
networkit have none), so the counting loop is written here, compiled with numba and run in
parallel over brokers. The expectations and variances are sna's formulas, transcribed from
``R/models.R`` of sna 2.7-2, so counts, z-scores and graph-level scores can be checked
against sna number for number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from nlc.analysis._kernels import kernel
from nlc.network.model import Network

__all__ = ["ROLES", "BrokerageResult", "brokerage_roles"]

#: Role names, in the column order of sna's ``raw.nli`` (w_I, w_O, b_IO, b_OI, b_O, t).
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total")


@dataclass(frozen=True)
class BrokerageResult:
    """Brokerage counts and their null-model moments, node and graph level.

    Arrays have one column per role in :data:`ROLES`. ``z`` holds NaN where the variance is
    zero (sna would give NaN or Inf there); JSON output turns NaN into ``null``.
    """

    raw: np.ndarray
    expected: np.ndarray
    sd: np.ndarray
    z: np.ndarray
    graph_raw: np.ndarray
    graph_expected: np.ndarray
    graph_sd: np.ndarray
    graph_z: np.ndarray


def brokerage_roles(network: Network, groups: np.ndarray) -> BrokerageResult:
    r"""Count Gould-Fernandez brokerage roles for every node and test them against chance.

    A node :math:`j` brokers on every open two-path :math:`i \to j \to k` with
    :math:`i \ne k` and no arc :math:`i \to k`. The groups of :math:`i, j, k` give the role:

    ==============  ===================  =========
    role            groups               sna name
    ==============  ===================  =========
    coordinator     A -> A -> A          w_I
    itinerant       A -> B -> A          w_O
    representative  A -> A -> B          b_IO
    gatekeeper      A -> B -> B          b_OI
    liaison         A -> B -> C          b_O
    ==============  ===================  =========

    ``total`` is their sum. An undirected tie counts as two arcs, so each unordered pair
    :math:`\{i, k\}` is counted twice, as sna does; weights are ignored.

    Under sna's null model (arcs independent with probability
    :math:`d = m / (N(N-1))`), with :math:`q = d^2(1-d)` and :math:`r = d^3(1-d)^3`, the
    expectation for a broker in a group of size :math:`n` is, for example,
    :math:`E[w_I] = q(n-1)(n-2)` and :math:`Var[w_I] = E(1-q) + 2(n-1)(n-2)(n-3)r`; the other
    roles and the graph-level moments follow Gould and Fernandez (1989) as implemented in
    sna (see ``EXPECTED.md`` section 0.2 for every formula). :math:`z = (x - E)/\sqrt{Var}`.

    Parameters
    ----------
    network : Network
    groups : numpy.ndarray of int
        Group code of each node (a partition), e.g. from :func:`nlc.network.group_codes`.

    Returns
    -------
    BrokerageResult

    References
    ----------
    Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. Sociological Methodology 19, 89-126.

    Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical Software
    24(6).

    Examples
    --------
    A path 1 -> 2 -> 3 where 1 and 2 share a group: node 2 is a representative.

    >>> import numpy as np
    >>> from nlc.network import Network
    >>> net = Network(["1", "2", "3"], np.array([0, 1]), np.array([1, 2]), np.ones(2), True)
    >>> brokerage_roles(net, np.array([0, 0, 1])).raw[1].tolist()
    [0, 0, 1, 0, 0, 1]
    """
    groups = np.asarray(groups, dtype=np.int64)
    n = network.n
    src, tgt = network.arcs()
    out_ptr, out_idx = _csr(src, tgt, n)
    in_ptr, in_idx = _csr(tgt, src, n)
    raw = _count_roles(len(src), out_ptr, out_idx, in_ptr, in_idx, groups)
    raw[:, 5] = raw[:, :5].sum(axis=1)

    sizes = np.bincount(groups, minlength=int(groups.max()) + 1 if n else 0).astype(np.float64)
    d = len(src) / (n * (n - 1)) if n > 1 else 0.0
    exp_grp, var_grp = _node_moments(sizes, float(n), d)
    expected = exp_grp[groups]
    sd = np.sqrt(var_grp[groups])
    graph_raw = raw.sum(axis=0)
    graph_expected, graph_var = _graph_moments(sizes[sizes > 0], float(n), d)
    graph_sd = np.sqrt(graph_var)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (raw - expected) / sd, np.nan)
        graph_z = np.where(graph_sd > 0, (graph_raw - graph_expected) / graph_sd, np.nan)
    return BrokerageResult(raw, expected, sd, z, graph_raw, graph_expected, graph_sd, graph_z)


def _csr(rows: np.ndarray, cols: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Compressed rows with sorted column indices (binary search needs them sorted)."""
    order = np.lexsort((cols, rows))
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=ptr[1:])
    return ptr, np.ascontiguousarray(cols[order], dtype=np.int64)


@numba.njit(cache=True, inline="always")
def _has_arc(ptr, idx, i, k):
    lo, hi = ptr[i], ptr[i + 1]
    while lo < hi:
        mid = (lo + hi) >> 1
        v = idx[mid]
        if v < k:
            lo = mid + 1
        elif v > k:
            hi = mid
        else:
            return True
    return False


@kernel
def _count_roles(first, step, out_ptr, out_idx, in_ptr, in_idx, groups):  # pragma: no cover
    n = len(out_ptr) - 1
    raw = np.zeros((n, 6), dtype=np.int64)
    for j in range(first, n, step):
        gj = groups[j]
        for a in range(in_ptr[j], in_ptr[j + 1]):
            i = in_idx[a]
            if i == j:
                continue
            gi = groups[i]
            for b in range(out_ptr[j], out_ptr[j + 1]):
                k = out_idx[b]
                if k == i or k == j or _has_arc(out_ptr, out_idx, i, k):  # noqa: SIM109
                    continue
                gk = groups[k]
                if gj == gi:
                    raw[j, 0 if gj == gk else 2] += 1
                elif gj == gk:
                    raw[j, 3] += 1
                elif gi == gk:
                    raw[j, 1] += 1
                else:
                    raw[j, 4] += 1
    return raw


def _choose2(x):
    return x * (x - 1) / 2


def _node_moments(sizes: np.ndarray, N: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expectation and variance of each role for a broker in each group (sna ``exp.grp``)."""
    q = d**2 * (1 - d)
    r = d**3 * (1 - d) ** 3
    n = sizes
    others = sizes.sum() - n  # N - n, as the sizes partition the nodes
    sum_others_sq = (sizes**2).sum() - n**2
    exp = np.zeros((len(n), 6))
    var = np.zeros((len(n), 6))
    exp[:, 0] = q * (n - 1) * (n - 2)
    var[:, 0] = 2 * (n - 1) * (n - 2) * (n - 3) * r
    exp[:, 1] = q * ((sizes * (sizes - 1)).sum() - n * (n - 1))
    var[:, 1] = 2 * ((sizes * (sizes - 1) * (sizes - 2)).sum() - n * (n - 1) * (n - 2)) * r
    exp[:, 2] = q * (N - n) * (n - 1)
    var[:, 2] = 2 * ((n - 1) * _choose2(N - n) + (N - n) * _choose2(n - 1)) * r
    exp[:, 3], var[:, 3] = exp[:, 2], var[:, 2]
    exp[:, 4] = q * (others**2 - sum_others_sq)
    liaison = sizes[None, :] * _choose2(N - sizes[None, :] - n[:, None])
    np.fill_diagonal(liaison, 0.0)
    var[:, 4] = 4 * liaison.sum(axis=1) * r
    exp[:, 5] = q * (N - 1) * (N - 2)
    var[:, 5] = 2 * (N - 1) * (N - 2) * (N - 3) * r
    var += exp * (1 - q)
    return exp, var


def _graph_moments(n: np.ndarray, N: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expectation and variance of the graph-level role counts (sna ``exp.gli``, ``sd.gli``)."""
    q = d**2 * (1 - d)
    r = d**3 * (1 - d) ** 3
    s4 = d**4 * (1 - d) ** 2
    s5 = d**5 * (1 - d)
    exp = np.zeros(6)
    var = np.zeros(6)
    exp[0] = q * (n * (n - 1) * (n - 2)).sum()
    var[0] = (n * (n - 1) * (n - 2) * ((4 * n - 10) * r - 4 * (n - 3) * s4 + (n - 3) * s5)).sum()
    exp[1] = q * (n * (N - n) * (n - 1)).sum()
    x, y = n[:, None], n[None, :]
    var[1] = (x * y * (x - 1) * ((2 * x + 2 * y - 6) * r + (N - x - 1) * s5)).sum() - (
        n * n * (n - 1) * ((4 * n - 6) * r + (N - n - 1) * s5)
    ).sum()
    exp[2] = q * (n * (N - n) * (n - 1)).sum()
    var[2] = (n * (N - n) * (n - 1) * ((N - 3) * r + (n - 2) * s5)).sum()
    exp[3], var[3] = exp[2], var[2]
    exp[4] = q * ((x * y * (N - x - y)).sum() - (n * n * (N - 2 * n)).sum())
    var[4] = _liaison_graph_variance(n, N, r, s4, s5)
    exp[5] = q * N * (N - 1) * (N - 2)
    var[5] = N * (N - 1) * (N - 2) * ((4 * N - 10) * r - 4 * (N - 3) * s4 + (N - 3) * s5)
    var += exp * (1 - q)
    return exp, var


def _liaison_graph_variance(n: np.ndarray, N: float, r: float, s4: float, s5: float) -> float:
    """sna's triple sum over distinct groups i != j != k != i, one group ``i`` at a time."""
    total = 0.0
    nj, nk = n[:, None], n[None, :]
    distinct_jk = ~np.eye(len(n), dtype=bool)
    for i, ni in enumerate(n):
        term = (
            ni
            * nj
            * nk
            * (
                (4 * (N - nj) - 2 * (ni + nk + 1)) * r
                - (4 * (N - nk) - 2 * (ni + nj + 1)) * s4
                + (N - (ni + nk + 1)) * s5
            )
        )
        mask = distinct_jk.copy()
        mask[i, :] = False
        mask[:, i] = False
        total += term[mask].sum()
    return total
