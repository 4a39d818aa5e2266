"""Compile the analysis kernels ahead of time (``make install``).

Kept apart from :mod:`nlc.analysis._kernels`, which the measure modules import: this module
imports them, so the dependency runs one way only.
"""

from __future__ import annotations

import numpy as np

from nlc.analysis.brokerage import _count_roles, _csr
from nlc.analysis.centrality import _source_dependencies
from nlc.analysis.homophily import _count_external
from nlc.analysis.structural_holes import _ego_model, _holes_whole, _mutual_csr
from nlc.network.model import Network

__all__ = ["warm_up"]


def warm_up() -> None:
    """Compile every analysis kernel into numba's on-disk cache.

    ``make install`` runs this once so that the first ``nlc analyse`` does not spend about
    3 s compiling (11 s before the kernels ran on threads); later calls only load the
    cached machine code.
    """
    rng = np.random.default_rng(0)
    n = 40
    src, tgt = rng.integers(0, n, (2, 200))
    keep = src != tgt
    net = Network([str(i) for i in range(n)], src[keep], tgt[keep], np.ones(keep.sum()), True)
    arcs_from, arcs_to = net.arcs()
    out_ptr, out_idx = _csr(arcs_from, arcs_to, n)
    in_ptr, in_idx = _csr(arcs_to, arcs_from, n)
    groups = rng.integers(0, 3, n).astype(np.int64)
    _count_roles.compiled(0, 1, out_ptr, out_idx, in_ptr, in_idx, groups)
    mutual = _mutual_csr(net)
    _holes_whole.compiled(0, 1, *mutual)
    _ego_model.compiled(0, 1, *mutual)
    _source_dependencies(out_ptr, out_idx, np.arange(4, dtype=np.int64), 2)
    labels = np.zeros((2, n), dtype=np.int32)
    ends = net.source.astype(np.int32), net.target.astype(np.int32)
    _count_external(labels, *ends)
