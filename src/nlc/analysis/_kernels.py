"""Compiled loops, run on one thread for small graphs and on several for large ones.

Each kernel is compiled once, serially and with ``nogil=True``, and takes two leading
arguments ``first, step``: it handles the items ``first, first + step, ...`` of its outer
loop. Large inputs run it on as many Python threads as numba has (``NUMBA_NUM_THREADS``),
one ``first`` each, and add up the outputs (each thread writes only its own items, so the
sum is exact and does not depend on timing). This compiles in a fraction of the time of
numba's ``parallel=True`` builds (``benchmarks/proposals.py``, proposal 2: 12 s of
compilation on a first run down to 3 s) and runs as fast. Small inputs run on the calling
thread: starting threads costs more than a small graph's whole computation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

#: Below this much work (arcs, or arc pairs visited) one thread is used.
PARALLEL_MIN_WORK = 200_000


def kernel(func: Callable) -> Callable:
    """Compile ``func(first, step, *args)``; call the result as ``run(work, *args)``.

    ``run.serial(*args)`` and ``run.parallel(*args)`` force one thread or several (at
    least two, to test that the split gives the same result).
    """
    compiled = numba.njit(cache=True, nogil=True)(func)

    def serial(*args):
        return compiled(0, 1, *args)

    def parallel(*args):
        threads = max(2, numba.get_num_threads())
        parts = on_threads(lambda first: compiled(first, threads, *args), range(threads))
        if isinstance(parts[0], tuple):
            return tuple(functools.reduce(np.add, outputs) for outputs in zip(*parts, strict=True))
        return functools.reduce(np.add, parts)

    def run(work: int, *args):
        if work >= PARALLEL_MIN_WORK and numba.get_num_threads() > 1:
            return parallel(*args)
        return serial(*args)

    run.compiled = compiled
    run.serial = serial
    run.parallel = parallel
    run.__doc__ = func.__doc__
    run.__name__ = func.__name__
    return run


def on_threads(task: Callable, items: Iterable) -> list:
    """``task(item)`` for each item, on as many threads as numba has (``NUMBA_NUM_THREADS``).

    For compiled kernels built with ``nogil=True``, which then run in parallel on Python
    threads. Results come back in item order.
    """
    items = list(items)
    threads = min(len(items), numba.get_num_threads())
    if threads <= 1:
        return [task(item) for item in items]
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(task, items))
