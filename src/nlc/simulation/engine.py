"""Run the diffusion models on a :class:`~nlc.network.Network` and summarise the runs.

Two models are offered.

Independent cascade (Kempe, Kleinberg & Tardos 2003)
    Seeds adopt at step 0. A node that adopts at step :math:`t` has one chance to pass the
    practice along each of its out-arcs :math:`u \\to v`, succeeding with probability
    :math:`p_{uv}`; a node reached adopts at step :math:`t + 1`. The probability is uniform,
    taken from a tie column, and may be multiplied by a factor for the pair of groups
    (source group, target group), e.g. to make crossing from schools into community partners
    harder: :math:`p_{uv} = p^{tie}_{uv} \\cdot f_{g(u) g(v)}`.

Threshold (complex contagion; Granovetter 1978, Centola & Macy 2007)
    A node adopts at step :math:`t + 1` once at least a given number, or a given share, of its
    in-neighbours have adopted by step :math:`t` (synchronous updating, as NDlib's
    ThresholdModel). The share rule needs :math:`\\lceil s \\, k^{in}_v \\rceil` adopting
    in-neighbours, and at least one: a practice is not adopted without exposure. Thresholds
    may differ by group. With ``random_share=True`` each node draws its share afresh in every
    run, uniform on (0, 1]: Kempe et al.'s linear threshold model with weights
    :math:`1/k^{in}_v`.

An undirected tie carries the practice both ways. In a directed network the practice moves
from ``source`` to ``target``; pass ``flow="backward"`` when ties point the other way (e.g.
"``source`` asks ``target`` for advice", where practice moves from target to source).

Every run's randomness is a pure function of ``rng`` and the run's index (see
:mod:`nlc.simulation.kernels`), so the same ``rng`` gives the same result whatever the number
of threads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from nlc.cores import usable_cores
from nlc.errors import InputError
from nlc.network.model import Network
from nlc.simulation import kernels
from nlc.simulation.models import IndependentCascade, ThresholdModel, _Groups, _groups

__all__ = [
    "IndependentCascade",
    "Prepared",
    "RunOptions",
    "SimulationResult",
    "ThresholdModel",
    "normal_ci",
    "prepare",
    "seed_key",
    "simulate",
    "trace_run",
]

Z95 = 1.959963984540054
_TWO53 = float(2**53)


def seed_key(rng: int | None, salt: int = 0) -> np.uint64:
    """Normalise a user seed (any int) into the 64-bit key the kernels use."""
    if rng is None:
        rng = int(np.random.SeedSequence().entropy)
    return np.uint64((int(rng) * 0x9E3779B97F4A7C15 + salt * 0xD1B54A32D192ED03) % 2**64)


def normal_ci(values: np.ndarray) -> tuple[float | None, float | None]:
    """95% interval of the mean by the normal approximation: :math:`\\bar x \\pm 1.96 s/\\sqrt R`.

    ``s`` is the sample standard deviation (``ddof=1``); ``(None, None)`` for fewer than two
    values.
    """
    values = np.asarray(values, dtype=np.float64)
    if len(values) < 2:
        return None, None
    mean = float(values.mean())
    half = Z95 * float(values.std(ddof=1)) / math.sqrt(len(values))
    return mean - half, mean + half


@dataclass
class Prepared:
    """A network compiled for one model: CSR arrays in the direction of flow.

    Cascade model: ``thr`` holds each arc's probability as an integer
    :math:`\\lfloor p\\,2^{53} \\rfloor`, which the kernels compare with bit-sliced
    uniforms (:func:`nlc.simulation.kernels.arc_lanes`). Threshold model: ``need`` and
    ``indeg``.
    """

    network: Network
    model: IndependentCascade | ThresholdModel
    groups: _Groups | None
    indptr: np.ndarray
    indices: np.ndarray
    src: np.ndarray
    thr: np.ndarray
    need: np.ndarray
    indeg: np.ndarray

    @property
    def n(self) -> int:
        return self.network.n

    @cached_property
    def arcs(self) -> kernels.CascadeArcs | kernels.ThresholdArcs:
        """The arrays the model's kernels read, packed once."""
        if isinstance(self.model, ThresholdModel):
            return kernels.ThresholdArcs(
                self.indptr, self.indices, self.need, self.indeg, bool(self.model.random_share)
            )
        return kernels.cascade_arcs(self.indptr, self.indices, self.thr)

    def reverse(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """In-arc CSR (for reverse-reachable sets): ``in_ptr``, ``in_idx`` (sources), ``thr``."""
        order = np.argsort(self.indices, kind="stable")
        in_idx = self.src[order]
        in_ptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.indices, minlength=self.n), out=in_ptr[1:])
        return in_ptr, np.ascontiguousarray(in_idx), np.ascontiguousarray(self.thr[order])


def prepare(
    network: Network,
    model: IndependentCascade | ThresholdModel,
    *,
    group: str | None = None,
    flow: str = "forward",
    like: Prepared | None = None,
) -> Prepared:
    """Compile ``network`` for ``model``: arcs in the direction the practice flows, as CSR.

    With ``like`` (the same nodes compiled for the cascade model), arcs are laid out as in
    ``like``: arcs that ``network`` lacks stay in place with probability 0 and new arcs come
    after each node's old ones. A node then passes the practice along the same old ties in
    run ``r`` of both networks (common random numbers), so scenario differences are measured
    run by run, not blurred by fresh randomness (each arc compares the same uniform with its
    probability in both networks).
    """
    if flow not in ("forward", "backward"):
        raise InputError(f"flow must be 'forward' or 'backward', not {flow!r}")
    groups = _groups(network, group)
    src, tgt = network.arcs()
    if flow == "backward":
        src, tgt = tgt, src
    n = network.n
    src, tgt = _sorted_arcs(src, tgt, n)
    indeg = np.bincount(tgt, minlength=n).astype(np.int64)
    if isinstance(model, ThresholdModel):
        indptr = _indptr(src, n)
        need = model.needs(indeg, groups)
        return Prepared(network, model, groups, indptr, tgt, src, _EMPTY_U64, need, indeg)
    if not isinstance(model, IndependentCascade):  # pragma: no cover - programming error
        raise TypeError(f"unknown model {model!r}")
    alive = np.ones(len(src), dtype=bool)
    if like is not None and like.n == n and like.network.ids == network.ids:
        key = src * max(n, 1) + tgt
        old_key = like.src * max(n, 1) + like.indices
        new = ~np.isin(key, old_key)
        alive = np.concatenate([np.isin(old_key, key), np.ones(int(new.sum()), dtype=bool)])
        src = np.concatenate([like.src, src[new]])
        tgt = np.concatenate([like.indices, tgt[new]])
        order = np.argsort(src, kind="stable")  # old arcs keep their places, new ones follow
        src, tgt, alive = src[order], tgt[order], alive[order]
    p = np.zeros(len(src))
    p[alive] = model.arc_probabilities(network, src[alive], tgt[alive], groups, flow)
    thr = np.minimum(np.floor(p * _TWO53), _TWO53).astype(np.uint64)
    return Prepared(
        network,
        model,
        groups,
        _indptr(src, n),
        np.ascontiguousarray(tgt),
        np.ascontiguousarray(src),
        thr,
        np.zeros(0, dtype=np.int64),
        indeg,
    )


_EMPTY_U64 = np.zeros(0, dtype=np.uint64)


def _sorted_arcs(src: np.ndarray, tgt: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Arcs sorted by source, then target, as int64 arrays.

    Sorts one int64 key per arc (``src * n + tgt``) rather than the pairs: repeated arcs are
    equal, so the order is the pairs' order, in a fifth of the time of a two-key sort
    (about 0.1 s for 1,000,000 arcs in file order); arcs already in order are not sorted.
    """
    src, tgt = np.asarray(src, dtype=np.int64), np.asarray(tgt, dtype=np.int64)
    key = src * max(n, 1) + tgt
    if np.all(key[:-1] <= key[1:]):  # a directed network's own arcs are in order already
        return src, tgt
    key.sort()
    return np.divmod(key, max(n, 1))


def _indptr(src: np.ndarray, n: int) -> np.ndarray:
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr


def _threads(threads: int | None) -> int:
    """Worker threads for the kernels: ``threads`` (default numba's), at most the usable cores.

    The kernels are CPU-bound and each thread keeps its own per-node state of a batch (a few
    bytes per node, 4.8 MB at 100,000 nodes), so threads beyond the cores only take turns
    and evict each other's state from the caches: 16 threads on 2 cores used 45% more CPU
    than 2. Results do not depend on the number of threads, so the cap changes none.
    """
    if threads is None:
        import numba

        threads = numba.get_num_threads()
    return max(1, min(int(threads), usable_cores()))


def _chunks(total: int, threads: int) -> list[tuple[int, int]]:
    """Split ``range(total)`` into contiguous pieces, a few per thread for load balance."""
    pieces = min(total, threads * 4 if threads > 1 else 1)
    bounds = np.linspace(0, total, pieces + 1).round().astype(np.int64)
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]


def _batches(runs: int) -> int:
    """Number of 64-run batches of the bit-parallel cascade kernel."""
    return -(-runs // kernels.LANES)


def parallel_map(func, items: Sequence, threads: int) -> list:
    """``[func(x) for x in items]``, on ``threads`` threads (numba kernels release the GIL)."""
    if threads <= 1 or len(items) <= 1:
        return [func(x) for x in items]
    with ThreadPoolExecutor(max_workers=min(threads, len(items))) as pool:
        return list(pool.map(func, items))


def total_adopters(
    prepared: Prepared,
    seeds: np.ndarray,
    runs: int,
    key: np.uint64,
    threads: int = 1,
    n_random: int = 0,
) -> int:
    """Sum of final adopters over ``runs`` runs (common random numbers for a given ``key``).

    Seeds are ``seeds`` in every run, or ``n_random`` nodes drawn afresh in each run. A
    deterministic threshold model with fixed seeds is run once.
    """
    model = prepared.model
    if _deterministic(model, n_random):
        runs = 1
    plan = _plan(np.ascontiguousarray(seeds, dtype=np.int64), n_random, key, runs, None)
    if isinstance(model, IndependentCascade):
        kernel, units = kernels.cascade_total, _chunks(_batches(runs), threads)
    else:
        kernel, units = kernels.threshold_total, _chunks(runs, threads)
    parts = parallel_map(lambda ab: kernel(prepared.arcs, plan, ab[0], ab[1]), units, threads)
    return int(sum(parts))


def _plan(
    seeds: np.ndarray, n_random: int, key: np.uint64, runs: int, max_steps: int | None
) -> kernels.Plan:
    """The kernels' :class:`~nlc.simulation.kernels.Plan`, with consistent types."""
    return kernels.Plan(
        seeds, int(n_random), np.uint64(key), int(runs), -1 if max_steps is None else int(max_steps)
    )


def expected_reach(prepared: Prepared, seeds: np.ndarray, runs: int, key, **options) -> float:
    """Monte Carlo estimate of the expected number of final adopters (seeds included).

    ``options`` (``threads``, ``n_random``) and the runs are those of :func:`total_adopters`.
    """
    if _deterministic(prepared.model, options.get("n_random", 0)):
        runs = 1
    return total_adopters(prepared, seeds, runs, key, **options) / runs


def final_adopters(
    prepared: Prepared, seeds: np.ndarray, runs: int, key, n_random: int = 0
) -> np.ndarray:
    """Final adopters (seeds included) of each run, the runs :func:`expected_reach` averages
    (the same ``key`` gives the same random draws, so two networks' runs pair up)."""
    if _deterministic(prepared.model, n_random):
        runs = 1
    plan = _plan(np.ascontiguousarray(seeds, dtype=np.int64), n_random, key, runs, None)
    return _record_runs(prepared, plan, 1)[1].astype(np.float64)


def _deterministic(model: IndependentCascade | ThresholdModel, n_random: int) -> bool:
    """Whether every run is the same: a threshold model with fixed thresholds and seeds."""
    return isinstance(model, ThresholdModel) and model.deterministic and n_random == 0


@dataclass
class SimulationResult:
    """All runs of one simulation, summarised on demand by :meth:`to_dict`.

    Attributes
    ----------
    final : numpy.ndarray
        Adopters (seeds included) at the end of each run.
    counts : numpy.ndarray
        For each node, the number of runs in which it adopted.
    levels, level_offsets : numpy.ndarray
        New adopters per step of run ``r``: ``levels[level_offsets[r]:level_offsets[r+1]]``
        (step 0: the seeds; the run stops after its last step with a new adopter).
    """

    model: str
    parameters: dict
    runs: int
    rng: int | None
    ids: list[str]
    directed: bool
    m: int
    seeds: list[str] | None
    seed_count: int
    final: np.ndarray
    counts: np.ndarray
    levels: np.ndarray
    level_offsets: np.ndarray
    groups: _Groups | None = None
    seed_strategy: str = "ids"
    notes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def mean_adopters(self) -> float:
        return float(self.final.mean())

    def ci95(self) -> tuple[float | None, float | None]:
        """95% interval of the mean final reach (normal approximation)."""
        return normal_ci(self.final)

    @property
    def adoption_probability(self) -> np.ndarray:
        return self.counts / self.runs

    def group_reach(self) -> dict[str, float]:
        """Mean share of each group that adopts: :math:`\\frac{1}{|g|}\\sum_{i\\in g} P(i)`."""
        if self.groups is None:
            return {}
        prob = self.adoption_probability
        sizes = np.bincount(self.groups.codes, minlength=len(self.groups.labels))
        sums = np.bincount(self.groups.codes, weights=prob, minlength=len(self.groups.labels))
        return {
            label: float(sums[i] / sizes[i])
            for i, label in enumerate(self.groups.labels)
            if sizes[i]
        }

    def cumulative_at(self, steps: np.ndarray) -> np.ndarray:
        """Cumulative adopters of every run at each of ``steps``: shape ``(runs, len(steps))``.

        A run that has stopped keeps its final count.
        """
        cum = self._cumulative()
        nlev = np.diff(self.level_offsets)
        pos = np.minimum(np.asarray(steps)[None, :], nlev[:, None] - 1)
        return cum[self.level_offsets[:-1, None] + pos]

    def _cumulative(self) -> np.ndarray:
        """Each run's cumulative adopters by step, concatenated like ``levels``."""
        cum = np.cumsum(self.levels.astype(np.int64))
        before = np.zeros(self.runs, dtype=np.int64)
        before[1:] = cum[self.level_offsets[1:-1] - 1]
        return cum - np.repeat(before, np.diff(self.level_offsets))

    @property
    def max_steps(self) -> int:
        return int(np.diff(self.level_offsets).max()) - 1

    def curve(self, max_points: int = 500) -> list[dict]:
        """Cumulative adopters by step: mean, 2.5-97.5 percentile band and the mean's 95% CI.

        ``low``/``high`` bound where 95% of runs lie at that step (percentiles over runs);
        ``mean_ci95`` is the normal-approximation interval of the mean. Curves longer than
        ``max_points`` steps are reported at evenly spaced steps (always including the last).
        """
        last = self.max_steps
        if last + 1 > max_points:
            steps = np.unique(np.linspace(0, last, max_points).round().astype(np.int64))
        else:
            steps = np.arange(last + 1)
        values = self.cumulative_at(steps)
        mean = values.mean(axis=0)
        low, high = np.percentile(values, [2.5, 97.5], axis=0)
        if self.runs > 1:
            half = Z95 * values.std(axis=0, ddof=1) / math.sqrt(self.runs)
        else:
            half = np.full(len(steps), np.nan)
        return [
            {
                "step": int(t),
                "mean": float(mean[i]),
                "low": float(low[i]),
                "high": float(high[i]),
                "mean_ci95": [_num(mean[i] - half[i]), _num(mean[i] + half[i])],
            }
            for i, t in enumerate(steps)
        ]

    def time_to_half(self) -> tuple[float | None, float]:
        """Mean steps to reach half the network (:math:`\\lceil n/2 \\rceil` adopters).

        Averaged over the runs that get there; also returns the share of runs that do.
        """
        half = math.ceil(self.n / 2)
        starts = self.level_offsets[:-1]
        run_of = np.repeat(np.arange(self.runs), np.diff(self.level_offsets))
        hit = self._cumulative() >= half
        first = np.full(self.runs, -1, dtype=np.int64)
        idx = np.flatnonzero(hit)
        if len(idx):
            runs_hit, first_pos = np.unique(run_of[idx], return_index=True)
            first[runs_hit] = idx[first_pos] - starts[runs_hit]
        reached = first >= 0
        share = float(reached.mean())
        return (float(first[reached].mean()) if reached.any() else None), share

    def reach_distribution(self) -> list[dict]:
        """Histogram of final reach over runs: one bin per count up to 50 nodes, else 20 bins."""
        n = self.n
        if n <= 50:
            counts = np.bincount(self.final, minlength=n + 1)
            return [
                {"from": k, "to": k, "runs": int(c)} for k, c in enumerate(counts.tolist()) if c
            ]
        edges = np.linspace(0, n + 1, 21).round().astype(np.int64)
        counts, _ = np.histogram(self.final, bins=edges)
        return [
            {"from": int(edges[i]), "to": int(edges[i + 1] - 1), "runs": int(c)}
            for i, c in enumerate(counts.tolist())
        ]

    def to_dict(self) -> dict:
        """The JSON summary (see the module docstring of :mod:`nlc.simulation`)."""
        low, high = self.ci95()
        tth, tth_share = self.time_to_half()
        final = self.final.astype(np.float64)
        out = {
            "model": self.model,
            "parameters": self.parameters,
            "runs": self.runs,
            "rng": self.rng,
            "n": self.n,
            "m": self.m,
            "directed": self.directed,
            "seed_strategy": self.seed_strategy,
            "seed_count": self.seed_count,
            "seeds": self.seeds,
            "mean_adopters": float(final.mean()),
            "mean_share": float(final.mean() / self.n) if self.n else None,
            "sd_adopters": _num(final.std(ddof=1)) if self.runs > 1 else None,
            "ci95": [_num(low), _num(high)],
            "ci95_method": "normal approximation: mean ± 1.96 sd / sqrt(runs)",
            "curve": self.curve(),
            "final_reach_distribution": self.reach_distribution(),
            "adoption_probability": {
                node: float(p) for node, p in zip(self.ids, self.adoption_probability, strict=True)
            },
            "group_column": self.groups.column if self.groups else None,
            "group_reach": self.group_reach(),
            "time_to_half": _num(tth),
            "share_of_runs_reaching_half": tth_share,
            "notes": list(self.notes),
        }
        out.update(self.extra)
        return out


def _num(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


@dataclass(frozen=True)
class RunOptions:
    """How to run a model: the settings :func:`simulate`, :func:`trace_run` and the seed and
    tie searches share, so that one object gives the same runs everywhere.

    Parameters
    ----------
    runs : int
        Number of runs (at least 1).
    rng : int or None
        Seed of every random draw; the same value gives the same result on any number of
        threads. ``None`` draws one (:func:`simulate` reports it in the result).
    group : str, optional
        Node attribute for ``group_reach`` and group-specific parameters.
    flow : {"forward", "backward"}
        Direction in which practice moves along a directed tie.
    max_steps : int, optional
        Stop every run after this many steps.
    threads : int, optional
        Threads to use; by default ``numba.get_num_threads()``.

    Examples
    --------
    >>> RunOptions(runs=0)
    Traceback (most recent call last):
    ...
    nlc.errors.InputError: runs must be at least 1, not 0
    """

    runs: int = 1000
    rng: int | None = 0
    group: str | None = None
    flow: str = "forward"
    max_steps: int | None = None
    threads: int | None = None

    def __post_init__(self):
        if not isinstance(self.runs, int | np.integer) or self.runs < 1:
            raise InputError(f"must be at least 1, not {self.runs}", parameter="runs")

    def prepare(self, network: Network, model, like: Prepared | None = None) -> Prepared:
        """:func:`prepare` ``model`` on ``network`` for these options' group and flow."""
        return prepare(network, model, group=self.group, flow=self.flow, like=like)


def simulate(
    network: Network,
    model: IndependentCascade | ThresholdModel,
    seeds: Sequence[str] | None = None,
    *,
    seed_count: int | None = None,
    options: RunOptions = RunOptions(),
    prepared: Prepared | None = None,
) -> SimulationResult:
    """Run ``model`` ``options.runs`` times on ``network`` and keep what the summary needs.

    Parameters
    ----------
    network : Network
    model : IndependentCascade or ThresholdModel
    seeds : sequence of str, optional
        Ids of the nodes that adopt at step 0, the same in every run.
    seed_count : int, optional
        Without ``seeds``: draw this many seeds uniformly at random, afresh in every run, so
        that the result is the expected reach of a random choice.
    options : RunOptions
        Runs, random seed, group, flow, step limit and threads.
    prepared : Prepared, optional
        ``model`` already prepared on ``network`` (by :func:`prepare`).

    Returns
    -------
    SimulationResult

    Examples
    --------
    A star of 5 nodes seeded at its centre with p = 1 reaches everyone in one step:

    >>> from nlc.network import Network
    >>> import numpy as np
    >>> star = Network(ids=list("abcde"), source=np.zeros(4, dtype=np.int64),
    ...                target=np.arange(1, 5), weight=np.ones(4), directed=False)
    >>> options = RunOptions(runs=10, rng=1)
    >>> result = simulate(star, IndependentCascade(p=1.0), ["a"], options=options)
    >>> result.mean_adopters, result.max_steps
    (5.0, 1)
    """
    runs, rng, max_steps = options.runs, options.rng, options.max_steps
    if rng is None:
        rng = int(np.random.SeedSequence().entropy % 2**63)
    if prepared is None:
        prepared = options.prepare(network, model)
    if network.n == 0:
        raise InputError("the network has no nodes to simulate on")
    seed_idx, n_random = seed_plan(network, seeds, seed_count)
    deterministic = _deterministic(model, n_random)
    plan = _plan(seed_idx, n_random, seed_key(rng), 1 if deterministic else runs, max_steps)
    counts, final, nlev, levels = _record_runs(prepared, plan, _threads(options.threads))
    if deterministic and runs > 1:
        final = np.repeat(final, runs)
        nlev = np.repeat(nlev, runs)
        levels = np.tile(levels, runs)
        counts = counts * runs
    offsets = np.zeros(runs + 1, dtype=np.int64)
    np.cumsum(nlev, out=offsets[1:])
    notes = list(network.warnings)
    if deterministic:
        notes.append("the threshold model with fixed seeds is deterministic: every run is equal")
    return SimulationResult(
        model=model.name,
        parameters=model.describe() | {"flow": options.flow, "max_steps": max_steps},
        runs=int(runs),
        rng=rng,
        ids=list(network.ids),
        directed=network.directed,
        m=network.m,
        seeds=[network.ids[i] for i in seed_idx] if n_random == 0 else None,
        seed_count=n_random or len(seed_idx),
        final=final,
        counts=counts,
        levels=levels,
        level_offsets=offsets,
        groups=prepared.groups,
        seed_strategy="ids" if n_random == 0 else "random",
        notes=notes,
    )


def seed_plan(
    network: Network, seeds: Sequence[str] | None, seed_count: int | None
) -> tuple[np.ndarray, int]:
    """Seeds as the kernels take them: (indices of fixed seeds, number drawn in each run).

    Either ``seeds`` (ids, the same in every run) or ``seed_count`` nodes drawn afresh in
    every run, from 1 to the number of nodes.
    """
    if seeds is not None:
        return seed_indices(network, seeds), 0
    if seed_count is None or seed_count < 1:
        raise InputError("give seeds by id or a seed count of at least 1")
    if seed_count > network.n:
        raise InputError(f"cannot choose {seed_count} seeds in a network of {network.n} nodes")
    return np.zeros(0, dtype=np.int64), int(seed_count)


def _record_runs(prepared: Prepared, plan: kernels.Plan, threads: int) -> tuple:
    """All runs of ``plan``, split among threads: (counts, final, nlev, levels)."""
    final = np.zeros(plan.runs, dtype=np.int64)
    nlev = np.zeros(plan.runs, dtype=np.int64)
    if isinstance(prepared.model, IndependentCascade):
        kernel, units = kernels.cascade_record, _chunks(_batches(plan.runs), threads)
    else:
        kernel, units = kernels.threshold_record, _chunks(plan.runs, threads)

    def work(ab):
        counts = np.zeros(prepared.n, dtype=np.int64)
        return counts, kernel(prepared.arcs, plan, ab[0], ab[1], counts, final, nlev)

    parts = parallel_map(work, units, threads)
    counts = np.sum([c for c, _ in parts], axis=0) if len(parts) > 1 else parts[0][0]
    return counts, final, nlev, np.concatenate([lv for _, lv in parts])


def trace_run(
    network: Network,
    model: IndependentCascade | ThresholdModel,
    seeds: Sequence[str] | None = None,
    *,
    seed_count: int | None = None,
    run: int = 0,
    options: RunOptions = RunOptions(),
    prepared: Prepared | None = None,
) -> np.ndarray:
    """The step at which each node adopts in run ``run`` of :func:`simulate` (-1: never).

    The same arguments give the run that :func:`simulate` counts as run ``run``, so a
    workshop can step through one run on the map and find it in the summary (of
    ``options``, only ``rng``, ``group`` and ``flow`` matter here).

    Examples
    --------
    >>> from nlc.network import Network
    >>> import numpy as np
    >>> line = Network(ids=list("abcd"), source=np.arange(3), target=np.arange(1, 4),
    ...                weight=np.ones(3), directed=False)
    >>> trace_run(line, ThresholdModel(threshold=1), ["b"]).tolist()
    [1, 0, 1, 2]
    """
    if prepared is None:
        prepared = options.prepare(network, model)
    seed_idx, n_random = seed_plan(network, seeds, seed_count)
    plan = _plan(seed_idx, n_random, seed_key(options.rng), run + 1, None)
    steps = np.full(network.n, -1, dtype=np.int64)
    if isinstance(model, IndependentCascade):
        kernels.cascade_trace(prepared.arcs, plan, run, steps)
        return steps
    work = kernels.threshold_work(network.n)
    tail, n_levels = kernels.threshold_run(
        prepared.arcs, plan, np.uint64(kernels.run_key(plan.seed_key, run)), 1, work
    )
    steps[work.queue[:tail]] = np.repeat(np.arange(n_levels), work.levels[:n_levels])
    return steps


def seed_indices(network: Network, seeds: Sequence[str]) -> np.ndarray:
    """Node indices of seed ids, refusing ids the network lacks and repeated ids."""
    index = network.index
    seeds = [str(s).strip() for s in seeds]
    unknown = [s for s in seeds if s not in index]
    if unknown:
        shown = ", ".join(repr(s) for s in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise InputError(f"seeds not in the network: {shown}{more}")
    if not seeds:
        raise InputError("no seeds given")
    if len(set(seeds)) < len(seeds):
        raise InputError("a seed is named twice")
    return np.array([index[s] for s in seeds], dtype=np.int64)
