"""Networking for Learning Simulation: how a practice spreads across a real network.

Framework-free (never imports Django): functions take a :class:`~nlc.network.Network` and
return plain objects, for the CLI (``nlc simulate``), the web app and notebooks alike.

* :mod:`~nlc.simulation.engine`: the independent cascade and threshold models,
  :func:`simulate` and :func:`trace_run`, and :class:`RunOptions` (runs, random seed, group,
  flow, step limit, threads) which they share with the seed and tie searches;
* :mod:`~nlc.simulation.seeding`: seeds by id, at random, by degree, by brokerage, optimal;
* :mod:`~nlc.simulation.interventions`: the best ``k`` seeds (IMM, CELF) and new ties;
* :mod:`~nlc.simulation.scenarios`: ties added or removed, generated designs, paired
  differences;
* :mod:`~nlc.simulation.kernels`: the compiled loops; :mod:`~nlc.simulation.report`: HTML.

JSON summary (:meth:`SimulationResult.to_dict`; ``nlc simulate --json`` adds ``network``,
``seed_selection``, ``scenarios`` and, with ``--suggest-ties``, ``suggested_ties``). Values
that are undefined are ``null``, never NaN.

``model``
    ``"cascade"`` or ``"threshold"``; ``parameters`` holds its settings.
``runs``, ``rng``
    Number of runs and the seed of every random draw (same value, same result, whatever
    the number of threads).
``seeds``
    Seed ids used in every run, or ``null`` when ``seed_count`` seeds are drawn at random
    afresh in each run (``seed_strategy`` says how they were chosen).
``mean_adopters``
    Final adopters, seeds included, averaged over runs (``mean_share``: as a share of ``n``).
``ci95``
    ``[low, high]``: 95% interval of ``mean_adopters`` by the normal approximation,
    :math:`\\bar x \\pm 1.96\\, s/\\sqrt{R}` (``null`` for a single run).
``curve``
    Per step (0 = the seeds): ``mean`` cumulative adopters, ``low``/``high`` the 2.5th and
    97.5th percentiles over runs (where 95% of runs lie) and ``mean_ci95``, the normal
    interval of the mean. A run that has stopped keeps its final count.
``final_reach_distribution``
    Histogram of final adopters over runs: bins ``{"from", "to", "runs"}`` (inclusive counts).
``adoption_probability``
    Node id -> share of runs in which the node adopted.
``group_reach``
    Group -> mean share of the group's nodes adopting (with a group column; else ``{}``).
``time_to_half``
    Mean number of steps to reach :math:`\\lceil n/2 \\rceil` adopters, over the runs that
    do (``share_of_runs_reaching_half``); ``null`` if none does.
"""

from importlib import import_module

__all__ = [
    "IndependentCascade",
    "RunOptions",
    "SimulationResult",
    "ThresholdModel",
    "add_ties",
    "best_new_ties",
    "celf_seeds",
    "choose_seeds",
    "compare",
    "design_network",
    "imm_seeds",
    "remove_ties",
    "simulate",
    "trace_run",
]

# Loaded on first use, so that ``nlc --help`` and the CLI's imports do not pay for numba.
_HOME = {
    "IndependentCascade": "models",
    "RunOptions": "engine",
    "SimulationResult": "engine",
    "ThresholdModel": "models",
    "simulate": "engine",
    "trace_run": "engine",
    "best_new_ties": "interventions",
    "celf_seeds": "interventions",
    "imm_seeds": "interventions",
    "add_ties": "scenarios",
    "compare": "scenarios",
    "design_network": "scenarios",
    "remove_ties": "scenarios",
    "choose_seeds": "seeding",
}


def __getattr__(name: str):
    if name in _HOME:
        return getattr(import_module(f"nlc.simulation.{_HOME[name]}"), name)
    raise AttributeError(f"module 'nlc.simulation' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
