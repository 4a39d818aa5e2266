"""Fit the independent cascade's ``p`` to observed adoptions, and check the fitted model.

A practice refined in one activity is taken up by other organisations over the following
months. Each practice is one observed *cascade*: its **sources** (the organisations of the
activity where it was refined, active from the activity's date) and its **adoptions** (an
organisation and the date it took the practice up). :func:`fit_cascade_p` finds the
probability ``p`` of the independent cascade (:class:`~nlc.simulation.engine.IndependentCascade`)
that makes these observations most likely; :func:`predictive_check` runs the engine from each
practice's sources with that ``p`` and says how well it would have predicted who adopted.

Likelihood
    Dates are bucketed into discrete steps (``step``: day, week, month or school term; integer
    "dates" are taken as steps already). Every node of a cascade then has an activation step
    :math:`t_v` (:math:`\\infty` if it never adopted). Saito et al. (2008) write the
    likelihood of the discrete-time cascade with observed activation times: an active node
    :math:`u` has one chance to activate each out-neighbour :math:`v`, at step
    :math:`t_u + 1`. For a single homogeneous ``p`` it is

    .. math::

        L(p) = \\prod_{v \\text{ adopted}} (1-p)^{F_v}\\,\\bigl(1 - (1-p)^{C_v}\\bigr)
               \\prod_{v \\text{ never}} (1-p)^{F_v}

    where :math:`C_v` counts the in-neighbours that could have activated :math:`v` when it
    adopted (:math:`t_u < t_v \\le t_u + w`) and :math:`F_v` those whose chance passed
    without success (:math:`t_u + w < t_v`, or :math:`v` never adopted). The *window*
    :math:`w` is the number of steps during which an adopter may pass the practice on:
    ``window=1`` is Saito's model exactly, and the one the engine simulates step by step;
    ``window=None`` lets an adopter pass it on at any later step.

Why observed times and not the final sets
    Recorded adoptions come with dates, and the timed likelihood uses them: it is exact,
    cheap (one pass over the arcs) and concave in ``p``, so the maximum is unique and found by
    bisection on the score. The final-set likelihood would need a Monte Carlo sum over every
    way the cascade could have travelled. When dates are coarse compared with the time a
    school takes to pass a practice on (the demo's adoptions come one to six months after the
    activity), ``window=None`` keeps the timed likelihood usable: the order of the dates says
    who could have passed the practice to whom, and the delay is not modelled. This is the
    natural reading of the cascade for the final set (Kempe et al. 2003: who adopts in the end
    does not depend on when each attempt happens), at the price of treating an earlier
    adopter's chance as still open at every later step.

Interval
    95% profile-likelihood (likelihood-ratio) interval, :math:`\\{p : 2[\\ell(\\hat p) -
    \\ell(p)] \\le \\chi^2_{1,0.95} = 3.841\\}` (Wilks 1938). With one parameter the profile is
    the likelihood itself; unlike the Fisher-information (Wald) interval it is not symmetric,
    stays inside [0, 1] and behaves near 0 and with few events.

Conventions
    The observation is taken as complete: every attempt of an adopter had happened by the end
    of the record. A source is not explained by the model (it started the practice). An
    adoption with no tie from an earlier adopter within the window cannot be explained by the
    cascade; it is left out of the likelihood and reported as *unexplained*.

References
----------
.. [1] K. Saito, R. Nakano and M. Kimura, "Prediction of information diffusion probabilities
   for independent cascade model", KES 2008, LNCS 5179, pp. 67-75.
.. [2] D. Kempe, J. Kleinberg and É. Tardos, "Maximizing the spread of influence through a
   social network", KDD 2003.
.. [3] S. S. Wilks, "The large-sample distribution of the likelihood ratio for testing
   composite hypotheses", Ann. Math. Statist. 9 (1938) 60-62.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from nlc.errors import InputError
from nlc.network.model import Network
from nlc.simulation.engine import IndependentCascade, RunOptions, prepare, simulate

__all__ = [
    "STEPS",
    "Calibration",
    "Cascade",
    "PredictiveCheck",
    "fit_cascade_p",
    "predictive_check",
    "step_of",
]

STEPS = ("day", "week", "month", "term")
CHI2_95 = 3.841458820694124  # 95% point of chi-squared with one degree of freedom
_NEVER = np.iinfo(np.int64).max // 4


@dataclass(frozen=True)
class Cascade:
    """One practice's observed spread.

    Parameters
    ----------
    practice : str
        What spread (a name, for messages and the report).
    sources : sequence of (str, date or int)
        Node ids where the practice started, and when (the source activity's date).
    adoptions : sequence of (str, date or int)
        Node ids that took the practice up, and when.
    """

    practice: str
    sources: Sequence[tuple[str, dt.date | int]]
    adoptions: Sequence[tuple[str, dt.date | int]]


def step_of(when: dt.date | int, step: str = "month") -> int:
    """The step a date falls in: days, weeks, months or school terms counted from year 0.

    Terms are those of schools in England: spring (January to March), summer (April to
    August) and autumn (September to December). An integer is already a step.

    Examples
    --------
    >>> step_of(dt.date(2025, 3, 31), "term") + 1 == step_of(dt.date(2025, 4, 1), "term")
    True
    >>> step_of(dt.date(2025, 12, 1)) - step_of(dt.date(2025, 1, 31))
    11
    >>> step_of(7)
    7
    """
    if isinstance(when, bool) or not isinstance(when, int | np.integer | dt.date):
        raise InputError(f"a date or a step number is needed, not {when!r}")
    if isinstance(when, int | np.integer):
        return int(when)
    if step not in STEPS:
        raise InputError(f"must be one of {', '.join(STEPS)}, not {step!r}", parameter="step")
    if step == "day":
        return when.toordinal()
    if step == "week":
        return when.toordinal() // 7
    if step == "month":
        return when.year * 12 + when.month - 1
    return when.year * 3 + (0 if when.month <= 3 else 1 if when.month <= 8 else 2)


@dataclass
class _Observed:
    """A cascade on node indices: activation step (``_NEVER``: not adopted), source mask."""

    practice: str
    act: np.ndarray
    source: np.ndarray
    already: int = 0  # adoptions by nodes that were sources by then

    @property
    def adopters(self) -> np.ndarray:
        return np.flatnonzero((self.act != _NEVER) & ~self.source)

    @property
    def sources(self) -> np.ndarray:
        return np.flatnonzero(self.source)


def _indices(network: Network, cascade: Cascade, pairs, what: str) -> list[tuple[int, int]]:
    index = network.index
    unknown = sorted({str(node) for node, _ in pairs if str(node) not in index})
    if unknown:
        shown = ", ".join(repr(u) for u in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise InputError(f"practice {cascade.practice!r}: {what} not in the network: {shown}{more}")
    return [(index[str(node)], when) for node, when in pairs]


def _observe(network: Network, cascades: Sequence[Cascade], step: str) -> list[_Observed]:
    """Check the cascades and put them on node indices and steps."""
    if not cascades or not any(c.adoptions for c in cascades):
        raise InputError("no observed adoptions to fit p on")
    kinds = {isinstance(when, dt.date) for c in cascades for _, when in [*c.sources, *c.adoptions]}
    if len(kinds) > 1:
        raise InputError("give every time as a date, or every time as a step number, not both")
    out = []
    for cascade in cascades:
        if not cascade.sources:
            raise InputError(f"practice {cascade.practice!r} has no source to start from")
        sources = _indices(network, cascade, cascade.sources, "sources")
        adoptions = _indices(network, cascade, cascade.adoptions, "adopters")
        act = np.full(network.n, _NEVER, dtype=np.int64)
        for i, when in sources:
            act[i] = min(act[i], step_of(when, step))
        first = int(act.min())
        source = act != _NEVER
        for i, when in adoptions:
            t = step_of(when, step)
            if t < first:
                start = min(w for _, w in cascade.sources)
                raise InputError(
                    f"practice {cascade.practice!r}: {network.ids[i]!r} adopted it at {when}, "
                    f"before its source began ({start})"
                )
            if t < act[i]:
                act[i] = t
                source[i] = False  # adopted before it was a source: an adopter
        already = len({i for i, _ in adoptions if source[i]})
        out.append(_Observed(cascade.practice, act, source, already))
    return out


@dataclass
class Calibration:
    """The fitted ``p`` of the independent cascade and what it was fitted on.

    Attributes
    ----------
    p : float
        Maximum-likelihood estimate.
    ci95 : (float, float)
        95% profile-likelihood interval.
    log_likelihood : float
        :math:`\\ell(\\hat p)`.
    cascades, adoptions, explained : int
        Practices, observed adoptions (sources excluded), and adoptions the cascade can explain
        (a tie from an earlier adopter within the window).
    unexplained : list of (str, str)
        (practice, node id) of the other adoptions, left out of the likelihood.
    attempts, successes : int
        Chances counted (arcs from an adopter to a node it could reach) and explained
        adoptions: the naive share ``successes / attempts`` is a first guess at ``p``.
    """

    p: float
    ci95: tuple[float, float]
    log_likelihood: float
    cascades: int
    adoptions: int
    explained: int
    unexplained: list[tuple[str, str]]
    attempts: int
    successes: int
    step: str
    window: int | None
    method: str = "maximum likelihood (Saito et al. 2008); 95% profile-likelihood interval"
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "p": self.p,
            "ci95": list(self.ci95),
            "log_likelihood": self.log_likelihood,
            "cascades": self.cascades,
            "adoptions": self.adoptions,
            "explained": self.explained,
            "unexplained": [list(u) for u in self.unexplained],
            "attempts": self.attempts,
            "successes": self.successes,
            "step": self.step,
            "window": self.window,
            "method": self.method,
            "notes": list(self.notes),
        }


def _exposures(src, tgt, obs: _Observed, window: int | None) -> tuple[int, np.ndarray, list]:
    """Failed chances, the chance count of each explained adopter, and unexplained adopters."""
    au, av = obs.act[src], obs.act[tgt]
    relevant = (au != _NEVER) & ~obs.source[tgt] & (au < av)
    reached = av != _NEVER
    if window is not None:
        reached &= av <= au + window
    candidate = relevant & reached
    failures = int((relevant & ~candidate).sum())
    chances = np.bincount(tgt[candidate], minlength=len(obs.act))
    adopters = obs.adopters
    counts = chances[adopters]
    return failures, counts[counts > 0], adopters[counts == 0].tolist()


def _log_likelihood(p: float, failures: int, chances: np.ndarray, weights: np.ndarray) -> float:
    """:math:`F \\log(1-p) + \\sum_c n_c \\log(1 - (1-p)^c)`."""
    with np.errstate(divide="ignore"):
        log_q = math.log1p(-p) if p < 1 else -math.inf
        fail = failures * log_q if failures else 0.0
        if not len(chances):
            return fail
        hit = np.log(-np.expm1(chances * log_q)) if p > 0 else np.full(len(chances), -np.inf)
    return float(fail + (weights * hit).sum())


def _score(p: float, failures: int, chances: np.ndarray, weights: np.ndarray) -> float:
    """Derivative of the log-likelihood in ``p`` (decreasing: the likelihood is concave)."""
    q = 1.0 - p
    qc = q**chances
    return float(-failures / q + (weights * chances * qc / q / (1.0 - qc)).sum())


def _bisect(f, lo: float, hi: float) -> float:
    """Root of ``f``, positive at ``lo`` and not positive at ``hi``."""
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if f(mid) > 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _statistics(network: Network, observed: list[_Observed], window: int | None, flow: str):
    """Failed chances, distinct chance counts of explained adopters with their frequencies,
    and the unexplained (practice, node id) pairs, over all cascades."""
    prepared = prepare(network, IndependentCascade(p=0.5), flow=flow)
    src, tgt = prepared.src, prepared.indices
    failures, all_chances, unexplained = 0, [], []
    for obs in observed:
        f, chances, missed = _exposures(src, tgt, obs, window)
        failures += f
        all_chances.append(chances)
        unexplained += [(obs.practice, network.ids[i]) for i in missed]
    chances, weights = np.unique(np.concatenate(all_chances), return_counts=True)
    return failures, chances.astype(np.float64), weights, unexplained


def _notes(observed: list[_Observed], unexplained: list, adoptions: int) -> list[str]:
    notes = []
    already = sum(o.already for o in observed)
    if already:
        notes.append(
            f"{already} adoptions were by organisations already among the practice's sources "
            "by then and are not counted"
        )
    if unexplained:
        notes.append(
            f"{len(unexplained)} of {adoptions} adoptions follow no tie from an earlier "
            "adopter; the cascade cannot explain them and they are left out of the fit"
        )
    return notes


def fit_cascade_p(
    network: Network,
    cascades: Sequence[Cascade],
    *,
    step: str = "month",
    window: int | None = 1,
    flow: str = "forward",
) -> Calibration:
    """Fit the cascade's ``p`` by maximum likelihood on observed adoptions, with its interval.

    Parameters
    ----------
    network : Network
        The ties the practices travelled along (an undirected tie both ways).
    cascades : sequence of Cascade
        One per practice: its sources and dated adoptions.
    step : {"day", "week", "month", "term"}
        How dates are bucketed into steps (ignored when times are step numbers).
    window : int or None
        Steps during which an adopter may pass the practice on; 1 is the discrete-time
        cascade of Saito et al. (2008) and of :func:`~nlc.simulation.engine.simulate`;
        ``None``: any later step (for dates coarser or finer than the passing on).
    flow : {"forward", "backward"}
        Direction a directed tie carries the practice, as in :func:`simulate`.

    Returns
    -------
    Calibration

    Raises
    ------
    InputError
        No adoptions, a node the network lacks, an adoption before its practice's source,
        no adoption the cascade can explain, or a bad ``window``.

    Notes
    -----
    The log-likelihood (module docstring) is
    :math:`\\ell(p) = F \\log(1-p) + \\sum_v \\log\\bigl(1-(1-p)^{C_v}\\bigr)`, with :math:`F`
    the failed chances and :math:`C_v` the chances of adopter :math:`v`. It is concave, so
    :math:`\\hat p` is the root of the score (0 when no adoption is explained is impossible
    here; 1 when no chance failed). The interval's ends solve
    :math:`\\ell(p) = \\ell(\\hat p) - \\chi^2_{1,0.95}/2`.

    Examples
    --------
    A star whose centre ``a`` started the practice at step 0: two of four leaves adopted at
    step 1, so :math:`\\hat p = 1/2`:

    >>> from nlc.network import Network
    >>> import numpy as np
    >>> star = Network(ids=list("abcde"), source=np.zeros(4, dtype=np.int64),
    ...                target=np.arange(1, 5), weight=np.ones(4), directed=False)
    >>> fit = fit_cascade_p(star, [Cascade("walks", [("a", 0)], [("b", 1), ("c", 1)])])
    >>> round(fit.p, 6), fit.attempts, fit.successes
    (0.5, 4, 2)
    """
    if window is not None and (not isinstance(window, int) or window < 1):
        raise InputError(
            f"must be a number of steps of at least 1, not {window!r}", parameter="window"
        )
    observed = _observe(network, cascades, step)
    failures, chances, weights, unexplained = _statistics(network, observed, window, flow)
    adoptions = sum(len(o.adopters) for o in observed)
    if not len(chances):
        raise InputError(
            f"none of the {adoptions} adoptions follows a tie from an earlier adopter"
            + ("" if window is None else f" within {window} {step}(s)")
            + ", so the cascade cannot explain any of them"
        )
    args = (failures, chances, weights)
    p_hat = 1.0 if failures == 0 else _bisect(lambda p: _score(p, *args), 0.0, 1.0)
    best = _log_likelihood(p_hat, *args)
    cut = best - CHI2_95 / 2

    def above(p):
        return _log_likelihood(p, *args) - cut

    low = _bisect(above, p_hat, 0.0) if p_hat > 0 else 0.0
    high = _bisect(above, p_hat, 1.0) if p_hat < 1 else 1.0
    notes = _notes(observed, unexplained, adoptions)
    return Calibration(
        p=p_hat,
        ci95=(low, high),
        log_likelihood=best,
        cascades=len(observed),
        adoptions=adoptions,
        explained=int(weights.sum()),
        unexplained=unexplained,
        attempts=int(failures + (weights * chances).sum()),
        successes=int(weights.sum()),
        step=step,
        window=window,
        notes=notes,
    )


@dataclass
class PredictiveCheck:
    """How well the cascade with a given ``p`` predicts the observed adopters.

    Attributes
    ----------
    adopters : list of dict
        ``{"practice", "node", "probability"}``: each observed adopter's chance of adopting in
        the simulation from its practice's sources.
    mean_probability : float
        Mean of those chances: the share of observed adoptions the model predicts.
    share_likely : float
        Share of observed adopters with a chance of at least 0.5.
    expected, observed : float, int
        Adopters the model expects (sources excluded, summed over practices) and adopters seen.
    practices : list of dict
        ``{"practice", "sources", "observed", "expected"}`` per practice.
    """

    p: float
    runs: int
    rng: int
    adopters: list[dict]
    mean_probability: float
    share_likely: float
    expected: float
    observed: int
    practices: list[dict]

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def predictive_check(
    network: Network,
    cascades: Sequence[Cascade],
    p: float,
    *,
    runs: int = 1000,
    rng: int = 0,
    step: str = "month",
    flow: str = "forward",
) -> PredictiveCheck:
    """Simulate each practice from its sources with ``p`` and compare with who adopted.

    Practice ``i`` is simulated with :func:`~nlc.simulation.engine.simulate`, seeded with
    ``rng + i``, from all its sources at once; an observed adopter's predicted probability is
    the share of runs in which it adopts.

    Parameters
    ----------
    network : Network
    cascades : sequence of Cascade
        As for :func:`fit_cascade_p` (``step`` decides, as there, whether an organisation
        that is both a source and an adopter counts as an adopter).
    p : float
        The cascade's probability, usually :attr:`Calibration.p`.
    runs, rng : int
        Runs per practice and the seed of the first practice's runs.
    step, flow : str
        As for :func:`fit_cascade_p`.

    Returns
    -------
    PredictiveCheck

    Examples
    --------
    With ``p = 1`` every leaf of a star adopts, so both observed adopters were certain:

    >>> from nlc.network import Network
    >>> import numpy as np
    >>> star = Network(ids=list("abcde"), source=np.zeros(4, dtype=np.int64),
    ...                target=np.arange(1, 5), weight=np.ones(4), directed=False)
    >>> check = predictive_check(star, [Cascade("walks", [("a", 0)], [("b", 1), ("c", 1)])],
    ...                          1.0, runs=10)
    >>> check.mean_probability, check.expected, check.observed
    (1.0, 4.0, 2)
    """
    observed = _observe(network, cascades, step)
    model = IndependentCascade(p=p)
    prepared = prepare(network, model, flow=flow)
    adopters, practices = [], []
    for i, obs in enumerate(observed):
        seeds = [network.ids[j] for j in obs.sources]
        result = simulate(
            network,
            model,
            seeds,
            options=RunOptions(runs=runs, rng=rng + i, flow=flow),
            prepared=prepared,
        )
        chance = result.adoption_probability
        adopted = obs.adopters
        adopters += [
            {"practice": obs.practice, "node": network.ids[j], "probability": float(chance[j])}
            for j in adopted
        ]
        practices.append(
            {
                "practice": obs.practice,
                "sources": seeds,
                "observed": len(adopted),
                "expected": result.mean_adopters - len(seeds),
            }
        )
    if not adopters:
        raise InputError("no adoption besides the practices' own sources to check against")
    chances = np.array([a["probability"] for a in adopters])
    return PredictiveCheck(
        p=p,
        runs=runs,
        rng=rng,
        adopters=adopters,
        mean_probability=float(chances.mean()),
        share_likely=float((chances >= 0.5).mean()),
        expected=float(sum(x["expected"] for x in practices)),
        observed=len(adopters),
        practices=practices,
    )
