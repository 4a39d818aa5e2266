"""Compiled loops in two builds: serial for small graphs, parallel (prange) for large ones.

Starting numba's thread pool costs more than a small graph's whole computation (about 50 ms
on a busy machine against well under 1 ms of work), so small inputs run the serial build.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

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


def on_threads(task: Callable, items: Iterable) -> list:
    """``task(item)`` for each item, on as many threads as numba has (``NUMBA_NUM_THREADS``).

    For compiled kernels built with ``nogil=True``: they run in parallel on Python threads,
    and compile far faster than ``parallel=True`` builds. Results come back in item order.
    """
    items = list(items)
    threads = min(len(items), numba.get_num_threads())
    if threads <= 1:
        return [task(item) for item in items]
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(task, items))
