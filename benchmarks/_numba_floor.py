"""The least a command that runs numba-compiled code can take: numba's fixed start.

A fresh Python imports numpy and numba and calls one trivial kernel whose machine code is
already in numba's on-disk cache, then ends as ``nlc simulate`` does (exit handlers, flush,
``os._exit``). No reading, no runs: what is left is Python's start-up, numba's import and
what numba does on the first call of a process (setting up its typing and target contexts,
which imports most of numba and scipy, then loading the cached code). ``bench_simulation.py
--cli`` times it beside the whole ``nlc simulate`` to show how much of that command's time
no kernel can win back.
"""

from __future__ import annotations

import atexit
import os
import sys

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def total(values):  # pragma: no cover - compiled
    """The sum of ``values``: a loop numba compiles once and then loads from its cache."""
    s = 0
    for x in values:
        s += x
    return s


if __name__ == "__main__":
    print(total(np.arange(3)))
    atexit._run_exitfuncs()
    sys.stdout.flush()
    os._exit(0)
