r"""Burt's structural holes: constraint, effective size and efficiency.

Two models, because the field uses both and their numbers differ:

``"whole"``
    Alters' ties are read from the whole network (igraph, networkx, UCINET ``whole``).
    Constraint equals igraph's ``Graph.constraint()`` and effective size networkx's
    ``effective_size`` (both tested); they are computed here in one compiled pass over the
    mutual ties, in parallel, because igraph has no effective size and its constraint runs
    on one core (this pass takes about a third of igraph's constraint time at 100,000
    nodes).
``"ego"``
    UCINET's default ego-network model: every quantity is computed inside ego's network
    (ego, its in- and out-neighbours and the ties among them). Isolates have effective size
    0, pendants 1, and neither has a constraint. No Python library offers this model, so it
    is written here and checked against UCINET's Campnet table.

Tie strength between :math:`i` and :math:`j` is the mutual weight
:math:`s_{ij} = z_{ij} + z_{ji}`. With :math:`p_{ij} = s_{ij} / \sum_k s_{ik}` and
:math:`m_{jq} = s_{jq} / \max_k s_{jk}`:

.. math::

    \text{effective size}_i = \sum_{j} \Big(1 - \sum_{q \ne i, j} p_{iq} m_{jq}\Big), \quad
    \text{constraint}_i = \sum_{j} \Big(p_{ij} + \sum_{q \ne i, j} p_{iq} p_{qj}\Big)^2,

sums running over :math:`i`'s neighbours, and efficiency = effective size / number of
neighbours.

References
----------
Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. Harvard
University Press.

Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
Connections 20(1), 35-38.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nlc.analysis._kernels import kernel
from nlc.network.model import Network

__all__ = ["HOLES_MODELS", "StructuralHoles", "structural_holes"]

HOLES_MODELS = ("whole", "ego")


@dataclass(frozen=True)
class StructuralHoles:
    """Per-node constraint, effective size and efficiency; NaN where undefined."""

    model: str
    constraint: np.ndarray
    effective_size: np.ndarray
    efficiency: np.ndarray


def structural_holes(network: Network, model: str = "whole") -> StructuralHoles:
    """Burt's structural-hole measures for every node.

    Parameters
    ----------
    network : Network
        Weights are used when present (``network.weighted``); otherwise each tie weighs 1.
    model : {"whole", "ego"}
        See the module notes. ``"whole"`` matches igraph and networkx, ``"ego"`` UCINET.

    Returns
    -------
    StructuralHoles

    Examples
    --------
    A star: the centre has three non-redundant contacts and a constraint of 1/3.

    >>> import numpy as np
    >>> from nlc.network import Network
    >>> star = Network(list("abcd"), np.zeros(3, int), np.arange(1, 4), np.ones(3), False)
    >>> holes = structural_holes(star)
    >>> round(float(holes.constraint[0]), 3), float(holes.effective_size[0])
    (0.333, 3.0)
    """
    if model not in HOLES_MODELS:
        raise ValueError(f"model must be one of {HOLES_MODELS}, not {model!r}")
    ptr, idx, val = _mutual_csr(network)
    degree = np.diff(ptr)
    if model == "whole":
        effective, constraint = _holes_whole(len(idx), ptr, idx, val)
        effective = np.where(degree > 0, effective, np.nan)
        constraint = np.where(degree > 0, constraint, np.nan)
    else:
        effective, constraint = _ego_model(len(idx), ptr, idx, val)
        constraint = np.where(degree > 1, constraint, np.nan)
        effective = np.where(degree == 1, 1.0, effective)
    with np.errstate(divide="ignore", invalid="ignore"):
        efficiency = np.where(degree > 0, effective / degree, np.nan)
    return StructuralHoles(model, constraint, effective, efficiency)


def _mutual_csr(network: Network) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Symmetric CSR of mutual weights s_ij = z_ij + z_ji, sorted by column."""
    w = network.weight if network.weighted else np.ones(network.m)
    rows = np.concatenate([network.source, network.target])
    cols = np.concatenate([network.target, network.source])
    vals = np.concatenate([w, w])
    n = network.n
    key = rows * n + cols
    uniq, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=vals, minlength=len(uniq))
    r, c = np.divmod(uniq, max(n, 1))
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=n), out=ptr[1:])
    return ptr, c.astype(np.int64), summed


@kernel
def _holes_whole(first, step, ptr, idx, val):  # pragma: no cover - compiled
    """Effective size and constraint together, alters' ties read from the whole network."""
    n = len(ptr) - 1
    rowsum = np.zeros(n)
    rowmax = np.zeros(n)
    for i in range(n):
        for a in range(ptr[i], ptr[i + 1]):
            rowsum[i] += val[a]
            rowmax[i] = max(rowmax[i], val[a])
    effective = np.zeros(n)
    constraint = np.zeros(n)
    chunks = 64
    for c in range(first, chunks, step):
        p = np.zeros(n)  # p_iq for the contacts q of ego i, else 0
        indirect = np.zeros(n)  # sum over j of p_ij p_jq, for the contacts q of i
        for i in range(c, n, chunks):
            lo, hi = ptr[i], ptr[i + 1]
            for a in range(lo, hi):
                p[idx[a]] = val[a] / rowsum[i]
            redundancy = 0.0
            for a in range(lo, hi):
                j = idx[a]
                pij = val[a] / rowsum[i]
                for b in range(ptr[j], ptr[j + 1]):
                    q = idx[b]
                    if p[q] > 0.0:  # q is also a contact of i (and q differs from i and j)
                        redundancy += p[q] * val[b] / rowmax[j]
                        indirect[q] += pij * val[b] / rowsum[j]
            total = 0.0
            for a in range(lo, hi):
                q = idx[a]
                total += (p[q] + indirect[q]) ** 2
                p[q] = 0.0
                indirect[q] = 0.0
            effective[i] = (hi - lo) - redundancy
            constraint[i] = total
    return effective, constraint


@kernel
def _ego_model(first, step, ptr, idx, val):  # pragma: no cover - compiled
    n = len(ptr) - 1
    effective = np.zeros(n)
    constraint = np.zeros(n)
    chunks = 64
    for c in range(first, chunks, step):
        p = np.zeros(n)  # p_iq for alters q of ego i; 0 outside ego's network
        inside = np.zeros(n, dtype=np.bool_)
        esum = np.zeros(n)  # alter's tie total inside ego's network
        emax = np.zeros(n)
        indirect = np.zeros(n)
        for i in range(c, n, chunks):
            lo, hi = ptr[i], ptr[i + 1]
            if hi == lo:
                continue
            total = 0.0
            for a in range(lo, hi):
                total += val[a]
            inside[i] = True
            for a in range(lo, hi):
                p[idx[a]] = val[a] / total
                inside[idx[a]] = True
            for a in range(lo, hi):
                j = idx[a]
                s, mx = 0.0, 0.0
                for b in range(ptr[j], ptr[j + 1]):
                    if inside[idx[b]]:
                        s += val[b]
                        mx = max(mx, val[b])
                esum[j], emax[j] = s, mx
            redundancy = 0.0
            for a in range(lo, hi):
                q = idx[a]
                for b in range(ptr[q], ptr[q + 1]):
                    j = idx[b]
                    if j != i and p[j] > 0.0:
                        # q and j are both alters of i, tied to each other
                        redundancy += p[q] * val[b] / emax[j]
                        indirect[j] += p[q] * val[b] / esum[q]
            cons = 0.0
            for a in range(lo, hi):
                j = idx[a]
                cons += (p[j] + indirect[j]) ** 2
            effective[i] = (hi - lo) - redundancy
            constraint[i] = cons
            inside[i] = False
            for a in range(lo, hi):
                j = idx[a]
                p[j] = 0.0
                inside[j] = False
                indirect[j] = 0.0
    return effective, constraint
