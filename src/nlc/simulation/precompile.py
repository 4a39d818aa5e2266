"""Compile the simulation kernels ahead of time (``make install``).

The kernels are numba functions cached on disk (``cache=True``): the first simulation after
installing would otherwise spend several seconds compiling them (about 9 s for the web
page's first run). :func:`warm_up` runs every model, seeding and tracing path once on a tiny
network so that later runs only load the cached machine code.
"""

from __future__ import annotations

import numpy as np

from nlc.network.model import Network
from nlc.simulation.engine import (
    IndependentCascade,
    RunOptions,
    ThresholdModel,
    simulate,
    trace_run,
)
from nlc.simulation.seeding import choose_seeds

__all__ = ["warm_up"]


def warm_up() -> None:
    """Compile every simulation kernel into numba's on-disk cache.

    Runs the cascade model with a low and a high probability, the threshold model, fixed and
    random seeds, the seed strategies the web page offers, and a traced run.
    """
    rng = np.random.default_rng(0)
    n = 30
    src, tgt = rng.integers(0, n, (2, 120))
    keep = src != tgt
    kinds = ["school" if i % 2 else "health" for i in range(n)]
    net = Network(
        [str(i) for i in range(n)],
        src[keep],
        tgt[keep],
        np.ones(keep.sum()),
        True,
        attributes={"kind": kinds},
    )
    models = [
        IndependentCascade(p=0.1),
        IndependentCascade(p=0.8),
        ThresholdModel(threshold=0.3, share=True),
    ]
    for model in models:
        simulate(net, model, ["0", "1"], options=RunOptions(runs=70, rng=0, group="kind"))
        simulate(net, model, seed_count=2, options=RunOptions(runs=70, rng=0, group="kind"))
        trace_run(net, model, ["0"], run=0, options=RunOptions(rng=0))
        for strategy in ("degree", "brokers", "optimal"):
            choose_seeds(net, model, 2, strategy, options=RunOptions(runs=20, rng=0))
