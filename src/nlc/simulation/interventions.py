r"""Interventions: the ``k`` seeds, or the ``k`` new ties, that most increase expected reach.

Seeds
-----
Expected reach :math:`\sigma(S)` is monotone and submodular in the seed set :math:`S` for the
independent cascade and for the linear threshold model with random thresholds (Kempe,
Kleinberg & Tardos 2003), so the greedy choice is within :math:`1 - 1/e` of the best.

* :func:`imm_seeds` (cascade model) samples reverse-reachable (RR) sets (Borgs et al. 2014)
  and picks the greedy maximum coverage: IMM (Tang, Shi & Xiao 2015), with the final sets
  drawn afresh as Chen (2018) shows is needed. With probability at least :math:`1 - n^{-\ell}`
  the seeds reach at least :math:`(1 - 1/e - \varepsilon)` times the best possible expected
  reach, in :math:`O((k + \ell)(n + m)\log n / \varepsilon^2)` expected time.
* :func:`celf_seeds` estimates :math:`\sigma` by Monte Carlo with common random numbers and
  uses lazy greedy evaluation (CELF; Leskovec et al. 2007): a node's marginal gain can only
  fall as the seed set grows, so a stale gain that still tops the queue need not be
  recomputed. Its guarantee is :math:`1 - 1/e` up to the Monte Carlo error of the estimates.
  For the threshold model with fixed thresholds (complex contagion; Centola & Macy 2007)
  :math:`\sigma` is *not* submodular: lazy evaluation would be unsound, so every candidate is
  re-evaluated each round (plain greedy) and no guarantee is claimed.

New ties
--------
:func:`best_new_ties` adds, one at a time, the candidate tie that most raises expected reach
(plain greedy with common random numbers). Reach is not submodular in the tie set (a tie can
matter only once another one exists), so no approximation guarantee is claimed.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from nlc.errors import InputError
from nlc.network.model import Network
from nlc.simulation import kernels
from nlc.simulation.engine import (
    IndependentCascade,
    Prepared,
    RunOptions,
    ThresholdModel,
    _threads,
    expected_reach,
    final_adopters,
    normal_ci,
    parallel_map,
    seed_key,
    seed_plan,
)

__all__ = ["SeedSearch", "best_new_ties", "celf_seeds", "default_tie_candidates", "imm_seeds"]

#: Above this many nodes, Monte Carlo greedy considers only the highest-degree candidates.
MAX_GREEDY_CANDIDATES = 2000
#: Refuse to hold more reverse-reachable set members than this (memory guard).
MAX_RR_ENTRIES = 60_000_000

_SALT_CELF = 11
_SALT_RR_SAMPLING = 12
_SALT_RR_FINAL = 13
_SALT_TIES = 14


@dataclass
class SeedSearch:
    """Seeds found by an optimiser and how they were found."""

    seeds: np.ndarray
    method: str
    estimate: float
    guarantee: str
    info: dict = field(default_factory=dict)

    def details(self) -> dict:
        return {
            "method": self.method,
            "estimated_mean_adopters": self.estimate,
            "guarantee": self.guarantee,
            **self.info,
        }


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


class _RRPool:
    """Reverse-reachable sets generated in parallel, set ``j`` from the key of ``j`` alone."""

    def __init__(self, prepared: Prepared, key: np.uint64, threads: int):
        self.in_ptr, self.in_idx, self.in_thr = prepared.reverse()
        self.n = prepared.n
        self.key = key
        self.threads = threads
        self.members: list[np.ndarray] = []
        self.sizes: list[np.ndarray] = []
        self.count = 0
        self.entries = 0

    def extend_to(self, target: int) -> None:
        if target <= self.count:
            return
        pieces = max(1, min(target - self.count, self.threads * 4))
        bounds = np.linspace(self.count, target, pieces + 1).round().astype(np.int64)
        ranges = [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]

        def work(ab):
            return kernels.rr_sets_chunk(
                self.in_ptr, self.in_idx, self.in_thr, self.key, ab[0], ab[1]
            )

        for members, sizes in parallel_map(work, ranges, self.threads):
            self.entries += len(members)
            if self.entries > MAX_RR_ENTRIES:
                raise InputError(
                    f"is too small for this network: the optimiser needs more than "
                    f"{MAX_RR_ENTRIES:,} reverse-reachable set entries (cascades are very "
                    "large); raise it or choose seeds by degree or brokers",
                    parameter="epsilon",
                )
            self.members.append(members.astype(np.int32))
            self.sizes.append(sizes)
        self.count = target

    def select(self, k: int) -> tuple[np.ndarray, float]:
        """Greedy max coverage: ``k`` nodes and the share of sets they cover."""
        members = np.concatenate(self.members)
        sizes = np.concatenate(self.sizes)
        offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        node_ptr, node_sets = kernels.invert_sets(members, sizes, self.n)
        chosen, covered = kernels.max_coverage(members, offsets, self.n, k, node_ptr, node_sets)
        return chosen, covered / len(sizes)


def imm_seeds(
    prepared: Prepared,
    k: int,
    *,
    epsilon: float = 0.1,
    ell: float = 1.0,
    rng: int | None = 0,
    threads: int | None = None,
) -> SeedSearch:
    r"""Seeds maximising expected cascade reach by IMM (Tang, Shi & Xiao 2015).

    Sampling phase: for :math:`x = n/2, n/4, \ldots` draw :math:`\theta_i = \lambda'/x` RR sets
    with :math:`\varepsilon' = \sqrt 2 \varepsilon` and

    .. math::
        \lambda' = \frac{(2 + \tfrac23 \varepsilon')
                   (\ln\binom nk + \ell \ln n + \ln \log_2 n)\, n}{\varepsilon'^2},

    until the greedy cover :math:`S_i` has :math:`n F_R(S_i) \ge (1+\varepsilon') x`; then
    :math:`LB = n F_R(S_i)/(1+\varepsilon')` bounds the optimum from below. Final phase: draw
    :math:`\theta = \lambda^*/LB` *fresh* RR sets (Chen 2018) with

    .. math::
        \lambda^* = 2n\,\frac{((1-1/e)\alpha + \beta)^2}{\varepsilon^2},\quad
        \alpha = \sqrt{\ell\ln n + \ln 2},\quad
        \beta = \sqrt{(1-1/e)(\ln\tbinom nk + \ell\ln n + \ln 2)}

    and return their greedy maximum cover. :math:`\ell` is raised to
    :math:`\ell(1 + \ln 2/\ln n)` so that both phases together fail with probability at most
    :math:`n^{-\ell}`.

    Guarantee: with probability at least :math:`1 - n^{-\ell}` the expected reach of the
    returned seeds is at least :math:`(1 - 1/e - \varepsilon)\,\mathrm{OPT}_k`.

    Parameters
    ----------
    prepared : Prepared
        A network compiled for an :class:`~nlc.simulation.IndependentCascade`.
    k : int
        Number of seeds.
    epsilon : float
        Accuracy :math:`\varepsilon` in (0, 1).
    ell : float
        Confidence exponent :math:`\ell > 0`.

    References
    ----------
    Kempe, D., Kleinberg, J. and Tardos, E. (2003). Maximizing the spread of influence
    through a social network. KDD '03, 137-146.

    Borgs, C., Brautbar, M., Chayes, J. and Lucier, B. (2014). Maximizing social influence in
    nearly optimal time. SODA '14, 946-957.

    Tang, Y., Shi, Y. and Xiao, X. (2015). Influence maximization in near-linear time: a
    martingale approach. SIGMOD '15, 1539-1554.

    Chen, W. (2018). An issue in the martingale analysis of the influence maximization
    algorithm IMM. CSoNet 2018, LNCS 11280, 286-297.
    """
    if not isinstance(prepared.model, IndependentCascade):
        raise InputError("reverse-reachable sets need the cascade model")
    if not 0 < epsilon < 1:
        raise InputError(f"must be between 0 and 1, not {epsilon}", parameter="epsilon")
    n = prepared.n
    threads = _threads(threads)
    if k >= n:
        seeds = np.arange(n)
        return SeedSearch(seeds, "all nodes", float(n), "exact (every node is a seed)")
    guarantee = (
        f"with probability at least 1 - 1/n^{ell:g}, expected reach at least "
        f"(1 - 1/e - {epsilon:g}) = {1 - 1 / math.e - epsilon:.3f} of the best possible"
    )
    eps_p, lam_p, lam_star = _imm_sample_sizes(n, k, epsilon, ell)
    sampling = _RRPool(prepared, seed_key(rng, _SALT_RR_SAMPLING), threads)
    lower = _imm_lower_bound(sampling, k, eps_p, lam_p)
    theta = math.ceil(lam_star / lower)
    final = _RRPool(prepared, seed_key(rng, _SALT_RR_FINAL), threads)
    final.extend_to(theta)
    seeds, share = final.select(k)
    return SeedSearch(
        seeds,
        "IMM reverse-reachable sets (Tang, Shi & Xiao 2015)",
        float(n * share),
        guarantee,
        {"rr_sets": int(theta), "epsilon": epsilon, "ell": ell},
    )


def _imm_sample_sizes(n: int, k: int, epsilon: float, ell: float) -> tuple[float, float, float]:
    r"""IMM's :math:`\varepsilon'`, :math:`\lambda'` and :math:`\lambda^*` (:func:`imm_seeds`)."""
    log_n = math.log(max(n, 2))
    ell_adj = ell * (1 + math.log(2) / log_n)
    lcnk = _log_choose(n, k)
    eps_p = math.sqrt(2) * epsilon
    lam_p = (
        (2 + 2 / 3 * eps_p)
        * (lcnk + ell_adj * log_n + math.log(max(math.log2(max(n, 2)), 1.0)))
        * n
        / eps_p**2
    )
    e1 = 1 - 1 / math.e
    alpha = math.sqrt(ell_adj * log_n + math.log(2))
    beta = math.sqrt(e1 * (lcnk + ell_adj * log_n + math.log(2)))
    lam_star = 2 * n * (e1 * alpha + beta) ** 2 / epsilon**2
    return eps_p, lam_p, lam_star


def _imm_lower_bound(sampling: _RRPool, k: int, eps_p: float, lam_p: float) -> float:
    """IMM's sampling phase: a lower bound of the best expected reach of ``k`` seeds."""
    n = sampling.n
    for i in range(1, max(int(math.log2(n)), 1)):
        x = n / 2**i
        sampling.extend_to(math.ceil(lam_p / x))
        _, share = sampling.select(k)
        if n * share >= (1 + eps_p) * x:
            return n * share / (1 + eps_p)
    return 1.0


def _candidates(prepared: Prepared, candidates: Sequence[int] | None) -> np.ndarray:
    if candidates is not None:
        return np.asarray(candidates, dtype=np.int64)
    n = prepared.n
    if n <= MAX_GREEDY_CANDIDATES:
        return np.arange(n, dtype=np.int64)
    outdeg = np.diff(prepared.indptr)
    order = np.lexsort((np.arange(n), -outdeg))
    return np.sort(order[:MAX_GREEDY_CANDIDATES])


def celf_seeds(
    prepared: Prepared,
    k: int,
    *,
    runs: int = 1000,
    rng: int | None = 0,
    candidates: Sequence[int] | None = None,
    threads: int | None = None,
) -> SeedSearch:
    r"""Seeds maximising expected reach by greedy Monte Carlo, lazily (CELF) when sound.

    Each estimate :math:`\hat\sigma(S)` averages ``runs`` runs that share their random draws
    across seed sets (common random numbers), so comparisons between candidates are not
    blurred by independent noise. Round :math:`i` adds
    :math:`\arg\max_v \hat\sigma(S \cup \{v\}) - \hat\sigma(S)`; ties go to the node with more
    out-ties, then to the lower index.

    For submodular :math:`\sigma` (cascade; threshold with random shares) gains are evaluated
    lazily (CELF; Leskovec et al. 2007) and the result is within :math:`1 - 1/e` of the best
    up to Monte Carlo error (Kempe, Kleinberg & Tardos 2003). For fixed thresholds
    :math:`\sigma` is not submodular, every gain is recomputed each round (plain greedy) and
    no guarantee holds. Above :data:`MAX_GREEDY_CANDIDATES` nodes only the nodes with most
    out-ties are candidates.

    References
    ----------
    Leskovec, J., Krause, A., Guestrin, C., Faloutsos, C., VanBriesen, J. and Glance, N.
    (2007). Cost-effective outbreak detection in networks. KDD '07, 420-429.

    Kempe, D., Kleinberg, J. and Tardos, E. (2003). Maximizing the spread of influence
    through a social network. KDD '03, 137-146.

    Centola, D. and Macy, M. (2007). Complex contagions and the weakness of long ties.
    American Journal of Sociology 113(3), 702-734.
    """
    threads = _threads(threads)
    key = seed_key(rng, _SALT_CELF)
    cand = _candidates(prepared, candidates)
    if k > len(cand):
        raise InputError(f"cannot choose {k} seeds among {len(cand)} candidates")
    outdeg = np.diff(prepared.indptr)
    model = prepared.model
    lazy = isinstance(model, IndependentCascade) or model.random_share

    def reach_many(sets: list[np.ndarray]) -> list[float]:
        return parallel_map(
            lambda s: expected_reach(prepared, s, runs, key, threads=1), sets, threads
        )

    chosen: list[int] = []
    current = 0.0
    evaluations = 0
    if lazy:
        first = reach_many([np.array([v]) for v in cand])
        evaluations += len(cand)
        heap = [(-g, -int(outdeg[v]), int(v), 0) for g, v in zip(first, cand, strict=True)]
        heapq.heapify(heap)
        while len(chosen) < k:
            neg, negdeg, v, stamp = heapq.heappop(heap)
            if stamp == len(chosen):
                chosen.append(v)
                current += -neg
                continue
            gain = (
                expected_reach(prepared, np.array(chosen + [v]), runs, key, threads=threads)
                - current
            )
            evaluations += 1
            heapq.heappush(heap, (-gain, negdeg, v, len(chosen)))
        method = "CELF lazy greedy with Monte Carlo (Leskovec et al. 2007)"
        guarantee = "within 1 - 1/e of the best expected reach, up to Monte Carlo error"
    else:
        remaining = [int(v) for v in cand]
        while len(chosen) < k:
            values = reach_many([np.array(chosen + [v]) for v in remaining])
            evaluations += len(remaining)
            best = min(
                range(len(remaining)),
                key=lambda i: (-values[i], -int(outdeg[remaining[i]]), remaining[i]),
            )
            chosen.append(remaining.pop(best))
            current = values[best]
        method = "greedy with Monte Carlo (threshold model: not submodular, no lazy evaluation)"
        guarantee = "none: reach under fixed thresholds is not submodular"
    runs_used = 1 if isinstance(model, ThresholdModel) and model.deterministic else runs
    return SeedSearch(
        np.array(chosen, dtype=np.int64),
        method,
        float(current),
        guarantee,
        {"runs_per_estimate": runs_used, "evaluations": evaluations, "candidates": len(cand)},
    )


def default_tie_candidates(
    network: Network,
    probability: np.ndarray,
    *,
    groups: np.ndarray | None = None,
    reached: int = 10,
    unreached: int = 20,
    flow: str = "forward",
) -> list[tuple[str, str]]:
    """Candidate bridging ties: from the nodes most likely to adopt to the least likely.

    Pairs ``(a, b)`` with ``a`` among the ``reached`` nodes of highest adoption probability and
    ``b`` among the ``unreached`` of lowest, not already tied, and in different groups when
    ``groups`` is given. Returned as ties in file orientation (reversed for
    ``flow="backward"``) so that practice would move from ``a`` to ``b``.
    """
    n = network.n
    idx = np.arange(n)
    top = np.lexsort((idx, -probability))[:reached]
    bottom = np.lexsort((idx, probability))[:unreached]
    src, tgt = network.arcs()
    existing = set(zip(src.tolist(), tgt.tolist(), strict=True))
    out = []
    for a in top.tolist():
        for b in bottom.tolist():
            if a == b or probability[a] <= probability[b]:
                continue
            if groups is not None and groups[a] == groups[b]:
                continue
            pair = (a, b) if flow == "forward" else (b, a)
            if pair in existing:
                continue
            out.append((network.ids[pair[0]], network.ids[pair[1]]))
    return out


def best_new_ties(
    network: Network,
    model: IndependentCascade | ThresholdModel,
    k: int,
    candidates: Sequence[tuple[str, str]],
    *,
    seeds: Sequence[str] | None = None,
    seed_count: int | None = None,
    options: RunOptions = RunOptions(runs=500),
) -> list[dict]:
    """Greedily add the ``k`` candidate ties that most raise expected reach.

    Each round tries every remaining candidate added to the ties chosen so far and keeps the
    one with the highest estimated mean adopters (``options.runs`` runs, common random
    numbers; ties go to the earlier candidate). Seeds are fixed ids, or ``seed_count`` random
    seeds drawn afresh in each run. No approximation guarantee: reach is not submodular in
    the ties. ``options.max_steps`` is not used.

    Returns
    -------
    list of dict
        For each tie added, in order: ``source``, ``target``, ``mean_adopters`` after adding
        it, ``gain`` over the previous round and ``gain_ci95``, its 95% interval from the
        runs paired by their common random numbers (mean difference
        :math:`\\pm 1.96\\,s/\\sqrt{R}`; ``[None, None]`` when every run is the same).
    """
    from nlc.simulation.scenarios import add_ties

    if k < 1:
        raise InputError(f"must be at least 1, not {k}", parameter="k")
    threads, runs = _threads(options.threads), options.runs
    key = seed_key(options.rng, _SALT_TIES)
    fixed, n_random = seed_plan(network, seeds, seed_count)

    base = options.prepare(network, model)

    def reach(net: Network) -> float:
        prepared = options.prepare(net, model, like=base)
        return expected_reach(prepared, fixed, runs, key, threads=1, n_random=n_random)

    remaining = list(dict.fromkeys(candidates))
    chosen: list[tuple[str, str]] = []

    def finals(net: Network) -> np.ndarray:
        prepared = options.prepare(net, model, like=base)
        return final_adopters(prepared, fixed, runs, key, n_random=n_random)

    current = expected_reach(base, fixed, runs, key, threads=1, n_random=n_random)
    before = final_adopters(base, fixed, runs, key, n_random=n_random)
    out = []
    for _ in range(min(k, len(remaining))):
        values = parallel_map(lambda c: reach(add_ties(network, chosen + [c])), remaining, threads)
        best = int(np.argmax(values))
        tie = remaining.pop(best)
        chosen.append(tie)
        after = finals(add_ties(network, chosen))
        low, high = normal_ci(after - before)
        out.append(
            {
                "source": tie[0],
                "target": tie[1],
                "mean_adopters": float(values[best]),
                "gain": float(values[best] - current),
                "gain_ci95": [low, high],
            }
        )
        current, before = values[best], after
    return out
