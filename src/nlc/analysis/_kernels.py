"""Compiled loops in two builds: serial for small graphs, parallel (prange) for large ones.

Starting numba's thread pool costs more than a small graph's whole computation (about 50 ms
on a busy machine against well under 1 ms of work), so small inputs run the serial build.
"""

from __future__ import annotations

import types
from collections.abc import Callable

import numba

#: Below this much work (arcs, or arc pairs visited) the serial build is used.
PARALLEL_MIN_WORK = 200_000


def kernel(func: Callable) -> Callable:
    """Compile ``func`` serially and in parallel; call the result as ``run(work, *args)``."""
    copy = types.FunctionType(
        func.__code__,
        func.__globals__,
        func.__name__ + "_serial",
        func.__defaults__,
        func.__closure__,
    )
    copy.__qualname__ = func.__qualname__ + "_serial"
    serial = numba.njit(cache=True)(copy)
    parallel = numba.njit(cache=True, parallel=True)(func)

    def run(work: int, *args):
        return (parallel if work >= PARALLEL_MIN_WORK else serial)(*args)

    run.serial = serial
    run.parallel = parallel
    run.__doc__ = func.__doc__
    run.__name__ = func.__name__
    return run


def warm_up() -> None:
    """Compile every analysis kernel, serial and parallel, into numba's on-disk cache.

    ``make install`` runs this once so that the first ``nlc analyse`` does not spend about
    10 s compiling; later calls only load the cached machine code.
    """
    import numpy as np

    from nlc.analysis.brokerage import _count_roles, _csr
    from nlc.analysis.centrality import _source_dependencies
    from nlc.analysis.structural_holes import _ego_model, _holes_whole, _mutual_csr
    from nlc.network.model import Network

    rng = np.random.default_rng(0)
    n = 40
    src, tgt = rng.integers(0, n, (2, 200))
    keep = src != tgt
    net = Network([str(i) for i in range(n)], src[keep], tgt[keep], np.ones(keep.sum()), True)
    arcs_from, arcs_to = net.arcs()
    out_ptr, out_idx = _csr(arcs_from, arcs_to, n)
    in_ptr, in_idx = _csr(arcs_to, arcs_from, n)
    groups = rng.integers(0, 3, n).astype(np.int64)
    for build in (_count_roles.serial, _count_roles.parallel):
        build(out_ptr, out_idx, in_ptr, in_idx, groups)
    mutual = _mutual_csr(net)
    for kernel_pair in (_holes_whole, _ego_model):
        kernel_pair.serial(*mutual)
        kernel_pair.parallel(*mutual)
    _source_dependencies(out_ptr, out_idx, np.arange(4, dtype=np.int64), 2)
