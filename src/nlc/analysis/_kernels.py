"""Compiled loops, run on one thread for small graphs and on several for large ones.

Each kernel is compiled once, serially and with ``nogil=True``, and takes two leading
arguments ``first, step``: it handles the items ``first, first + step, ...`` of its outer
loop. Large inputs run it on as many Python threads as numba has (``NUMBA_NUM_THREADS``),
but no more than the cores the process may use (more would only take turns and evict each
other's data from the caches), one ``first`` each, and add up the outputs (each thread
writes only its own items, so the sum is exact and does not depend on timing). This
compiles in a fraction of the time of numba's ``parallel=True`` builds
(``benchmarks/proposals.py``, proposal 2: 12 s of compilation on a first run down to 3 s)
and runs as fast. Small inputs run on the calling thread: starting threads costs more than
a small graph's whole computation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

from nlc.cores import usable_cores

#: Below this much work (arcs, or arc pairs visited) one thread is used.
PARALLEL_MIN_WORK = 200_000


def threads() -> int:
    """Worker threads: numba's count (``NUMBA_NUM_THREADS``), at most the usable cores."""
    return max(1, min(numba.get_num_threads(), usable_cores()))


def kernel(func: Callable) -> Callable:
    """Compile ``func(first, step, *args)``; call the result as ``run(work, *args)``.

    ``run.serial(*args)`` and ``run.parallel(*args)`` force one thread or several (at
    least two, to test that the split gives the same result).
    """
    compiled = numba.njit(cache=True, nogil=True)(func)

    def serial(*args):
        return compiled(0, 1, *args)

    def parallel(*args):
        count = max(2, threads())
        parts = on_threads(lambda first: compiled(first, count, *args), range(count))
        if isinstance(parts[0], tuple):
            return tuple(functools.reduce(np.add, outputs) for outputs in zip(*parts, strict=True))
        return functools.reduce(np.add, parts)

    def run(work: int, *args):
        if work >= PARALLEL_MIN_WORK and threads() > 1:
            return parallel(*args)
        return serial(*args)

    run.compiled = compiled
    run.serial = serial
    run.parallel = parallel
    run.__doc__ = func.__doc__
    run.__name__ = func.__name__
    return run


def on_threads(task: Callable, items: Iterable) -> list:
    """``task(item)`` for each item, on :func:`threads` threads.

    For compiled kernels built with ``nogil=True``, which then run in parallel on Python
    threads. Results come back in item order.
    """
    items = list(items)
    count = min(len(items), threads())
    if count <= 1:
        return [task(item) for item in items]
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(task, items))
