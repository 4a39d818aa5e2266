"""Choose the seeds of a simulation: by id, at random, by degree, by brokerage or optimally.

``random`` draws fresh seeds in every run (so the result is the expected reach of a random
choice); the other strategies pick one seed set used in every run. ``optimal`` maximises the
expected reach: reverse-reachable-set sampling (IMM) for the cascade model, lazy greedy (CELF)
with Monte Carlo for the threshold model; see :mod:`nlc.simulation.interventions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nlc.errors import InputError
from nlc.network.model import Network
from nlc.simulation.engine import IndependentCascade, Prepared, RunOptions, ThresholdModel

__all__ = ["STRATEGIES", "SeedChoice", "broker_scores", "choose_seeds", "degree_scores"]

STRATEGIES = ("random", "degree", "brokers", "optimal")


@dataclass
class SeedChoice:
    """Seeds chosen by a strategy: ``ids`` (``None`` for random seeds, drawn in every run)."""

    strategy: str
    count: int
    ids: list[str] | None
    details: dict = field(default_factory=dict)


def degree_scores(network: Network, flow: str = "forward") -> np.ndarray:
    """Ties along which a node can pass the practice on.

    Out-degree in the direction of flow for a directed network (in-degree with
    ``flow="backward"``); degree for an undirected one.
    """
    deg, indeg, outdeg = network.degrees()
    if not network.directed:
        return deg
    return outdeg if flow == "forward" else indeg


def broker_scores(network: Network) -> tuple[np.ndarray, str]:
    """Brokerage score of each node and its name.

    Total Gould-Fernandez brokerage (open two-paths :math:`i \\to j \\to k` with no arc
    :math:`i \\to k`; the total does not depend on the groups) from
    :func:`nlc.analysis.brokerage.brokerage_roles`.
    """
    from nlc.analysis.brokerage import ROLES, brokerage_roles

    result = brokerage_roles(network, np.zeros(network.n, dtype=np.int64))
    return np.asarray(result.raw[:, ROLES.index("total")], dtype=np.float64), "total brokerage"


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores; ties go to the lower index."""
    order = np.lexsort((np.arange(len(scores)), -np.asarray(scores, dtype=np.float64)))
    return order[:k]


def choose_seeds(
    network: Network,
    model: IndependentCascade | ThresholdModel,
    count: int,
    strategy: str,
    *,
    epsilon: float = 0.1,
    options: RunOptions = RunOptions(),
    prepared: Prepared | None = None,
) -> SeedChoice:
    """Choose ``count`` seeds by ``strategy`` (one of :data:`STRATEGIES`).

    Parameters
    ----------
    network : Network
    model : IndependentCascade or ThresholdModel
    count : int
        Number of seeds, from 1 to the number of nodes.
    strategy : str
        ``random`` (fresh seeds each run), ``degree`` (highest out-degree in the direction of
        flow), ``brokers`` (highest total brokerage) or ``optimal``.
    epsilon : float
        For ``optimal`` with the cascade model: the IMM accuracy :math:`\\varepsilon`.
    options : RunOptions
        The flow (for ``degree``); for ``optimal`` also the group, the Monte Carlo runs per
        estimate (CELF), the seed of every draw and the threads.
    prepared : Prepared, optional
        ``model`` already prepared on ``network`` (by :func:`~nlc.simulation.engine.prepare`).

    Returns
    -------
    SeedChoice
    """
    if strategy not in STRATEGIES:
        raise InputError(f"unknown seed strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")
    if count < 1:
        raise InputError(f"must be at least 1, not {count}", parameter="count")
    if count > network.n:
        raise InputError(f"cannot choose {count} seeds in a network of {network.n} nodes")
    if strategy == "random":
        return SeedChoice("random", count, None, {"method": "drawn afresh in every run"})
    if strategy == "degree":
        idx = _top(degree_scores(network, options.flow), count)
        return SeedChoice("degree", count, [network.ids[i] for i in idx], {"method": "degree"})
    if strategy == "brokers":
        scores, name = broker_scores(network)
        idx = _top(scores, count)
        return SeedChoice(
            "brokers",
            count,
            [network.ids[i] for i in idx],
            {"method": name, "scores": [float(scores[i]) for i in idx]},
        )
    from nlc.simulation import interventions

    if prepared is None:
        prepared = options.prepare(network, model)
    rng, threads = options.rng, options.threads
    if isinstance(model, IndependentCascade):
        found = interventions.imm_seeds(prepared, count, epsilon=epsilon, rng=rng, threads=threads)
    else:
        found = interventions.celf_seeds(
            prepared, count, runs=options.runs, rng=rng, threads=threads
        )
    return SeedChoice("optimal", count, [network.ids[i] for i in found.seeds], found.details())
