"""How far a surveyed network's key measures can be trusted at the current response rate.

While a survey wave is open only some of the invited people have answered, and the map holds
only the ties they reported. :func:`coverage` resamples the respondents to show how much the
network's key measures (E-I index, the top brokers' Gould-Fernandez roles, degree and
betweenness centralisation) move at this response rate, and gives the response-rate level
the field uses to say which claims the data can carry.

Framework-free: never imports Django.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from nlc.analysis._pairs import group_codes, tie_weight
from nlc.analysis.brokerage import ROLES, brokerage_roles
from nlc.analysis.centrality import (
    betweenness,
    betweenness_max_deviation,
    centralization,
    degree_max_deviation,
)
from nlc.analysis.homophily import ei_index
from nlc.errors import InputError
from nlc.network.model import Network, NodeTable, TieTable, build_network

__all__ = [
    "CAUTION_BELOW",
    "GOOD_FROM",
    "Coverage",
    "MeasureStability",
    "coverage",
    "response_level",
]

#: Response rate from which claims about individual brokers are supported ("good").
GOOD_FROM = 0.80
#: Response rate below which every measure should be read with caution.
CAUTION_BELOW = 0.65
#: Work (resamples x nodes x (nodes + arcs)) betweenness may take; above it betweenness
#: centralisation is computed on the first resamples only (never fewer than
#: :data:`MIN_BETWEENNESS_DRAWS`) and :attr:`Coverage.notes` says so. Betweenness costs
#: about 20 ms a resample at 700 people and 3,700 nominations, the other measures 2 ms.
BETWEENNESS_WORK = 60 * 700 * 4_400
#: The fewest resamples betweenness centralisation is computed on.
MIN_BETWEENNESS_DRAWS = 50
#: Share of draws inside an interval (the 5th to the 95th percentile).
INTERVAL = 0.90


@dataclass(frozen=True)
class MeasureStability:
    """One measure and how far it can move at the current response rate.

    Attributes
    ----------
    key : str
        Stable key: ``ei``, ``degree_centralization``, ``betweenness_centralization``, or
        ``broker:<node id>`` for a top broker.
    label : str
        What a person reads ("E-I index", "Broker: Ann Smith").
    value : float
        The measure on the ties reported so far (NaN when undefined).
    low, high : float
        For a network measure, the likely range (90%) of its value had everyone answered,
        from the resampling (bias-corrected, see :func:`coverage`). For a broker, the range
        of its brokerage count across resamples, scaled to the current number of ties.
    agreement : float or None
        For a broker: share of resamples in which it stays among the top brokers. For
        ``top_brokers``: mean share of the top brokers found again in a resample (``value``
        is then 1 and ``low``/``high`` the range of that share). ``None`` otherwise.
    roles : tuple of (str, float, float, float)
        For a broker: per Gould-Fernandez role, (role, count, low, high) as for ``value``,
        ``low`` and ``high``. Empty for network measures.
    note : str
        How to read the figures (short).
    sentence : str
        One plain sentence for the coverage panel.
    """

    key: str
    label: str
    value: float
    low: float
    high: float
    agreement: float | None
    note: str
    sentence: str
    roles: tuple[tuple[str, float, float, float], ...] = ()


@dataclass(frozen=True)
class Coverage:
    """Response rate, its level and the stability of each key measure.

    Attributes
    ----------
    response_rate : float
        Respondents over invited people (0 when nobody was invited).
    level : {"good", "fair", "caution"}
        See :func:`response_level`.
    invited, responded : int
    draws : int
        Resamples actually made (may be fewer than asked, see ``notes``).
    measures : list of MeasureStability
        Network measures first (E-I when there are groups, degree and betweenness
        centralisation), then ``top_brokers`` and the top brokers, strongest first (none
        when nobody brokers).
    notes : list of str
        What the computation changed or left out (draws lowered, unknown alters dropped).
    sentence : str
        The level in one plain sentence.
    """

    response_rate: float
    level: str
    invited: int
    responded: int
    draws: int
    measures: list[MeasureStability]
    notes: list[str]
    sentence: str

    def measure(self, key: str) -> MeasureStability:
        """The measure with ``key`` (``KeyError`` when absent)."""
        for item in self.measures:
            if item.key == key:
                return item
        raise KeyError(key)


def response_level(rate: float) -> str:
    """``"good"`` from 80% response, ``"fair"`` from 65%, else ``"caution"``.

    See :func:`coverage` for the sources of the thresholds.

    Examples
    --------
    >>> response_level(0.8), response_level(0.7), response_level(0.64)
    ('good', 'fair', 'caution')
    """
    if rate >= GOOD_FROM:
        return "good"
    return "fair" if rate >= CAUTION_BELOW else "caution"


_LEVEL_SENTENCES = {
    "good": "enough for claims about individual brokers",
    "fair": "network-wide measures are usable, claims about individual brokers are not yet",
    "caution": "read every measure with caution",
}


def coverage(
    nominations: Iterable[Sequence],
    nodes: Iterable[Hashable],
    groups: Mapping[Hashable, object] | None,
    respondents: Iterable[Hashable],
    *,
    draws: int = 200,
    seed: int = 0,
    top: int = 5,
    directed: bool = True,
) -> Coverage:
    r"""Stability of the key network measures at the current response rate.

    The observed network holds the roster ``nodes`` and the ties the respondents reported.
    Each of ``draws`` resamples keeps a random share of the respondents equal to the
    current response rate :math:`p` (so it loses as many again as non-response lost) and
    recomputes every measure from the ties those respondents reported. For a network
    measure with observed value :math:`\theta_p` and resampled values :math:`\theta_b`
    (at response :math:`p^2`), the mean shift :math:`\bar\Delta = \overline{\theta_b} -
    \theta_p` estimates how the measure drifts as answers go missing. Were the drift linear
    in the response rate, the value with everyone answering would be
    :math:`\hat\theta = \theta_p - \bar\Delta / p`; measures such as betweenness
    centralisation drift far from linearly, so the likely range spans both
    :math:`\theta_p` and :math:`\hat\theta`, widened below and above by the 5th and 95th
    percentiles of :math:`\theta_b - \overline{\theta_b}` divided by :math:`p` (the
    extrapolation multiplies the resampling noise by :math:`1/p`). Ratio measures such as E-I barely
    drift (the range is then centred on the observed value); measures of volume such as
    centralisation drift more, and their range grows with non-response. Losing a share
    :math:`1-p` of :math:`pN` respondents varies a mean :math:`1/p` times as much as losing
    it of all :math:`N`, so the spread errs on the wide side. With everyone answering the
    range is the value itself.

    Top brokers are the ``top`` nodes with the most brokerage (all roles). For each the
    result gives the share of resamples in which it stays in the top ``top`` (a broker
    who drops out of a resample's respondents usually drops out of its top too: that is
    the risk non-response carries) and the range of its role counts over the resamples
    that keep it, scaled up by the share of respondents kept so that they compare with
    the observed counts. A measure ``top_brokers`` gives the mean share of the top brokers
    found again in a resample (its ``agreement``) and the range of that share.

    Parameters
    ----------
    nominations : iterable of (reporter, alter) or (reporter, alter, weight)
        Who named whom. A reporter is counted as a respondent even if missing from
        ``respondents``. Alters not on the roster ("someone not on the list", not yet
        matched) are left out, with a note.
    nodes : iterable
        The roster: everyone invited.
    groups : mapping, optional
        Group label of each node (for E-I and brokerage roles); nodes without one form a
        ``(missing)`` group. ``None``: one group (no E-I; brokerage is all coordination).
    respondents : iterable
        Invited people who answered (including those who named nobody).
    draws : int
        Resamples. For large networks betweenness centralisation, the slow measure, is
        recomputed on the first of them only, so that its work stays within
        :data:`BETWEENNESS_WORK` (never fewer than :data:`MIN_BETWEENNESS_DRAWS`); ``notes``
        says so.
    seed : int
        Seed of the resampling: the same inputs and seed give the same result.
    top : int
        How many top brokers to follow.
    directed : bool
        ``True`` (default): a nomination is an arc from reporter to alter. ``False``: ties are
        undirected, so a tie counts when either end reported it.

    Returns
    -------
    Coverage

    Raises
    ------
    InputError
        For a respondent or reporter not on the roster, a repeated roster id, a weight that
        is not a number of at least 0, or ``draws``/``top`` below 1.

    Notes
    -----
    The levels (:func:`response_level`) follow the missing-data studies of network
    measures. Centrality and centralisation degrade steadily as respondents go missing,
    and the ranking of individual nodes (who the brokers are) degrades first: Borgatti,
    Carley and Krackhardt (2006) found top-node identification clearly unreliable by 20%
    missing nodes, and Kossinets (2006) showed non-response biases degree-based measures
    from the first missing respondents. Smith and Moody (2013) found network-level measures
    (centralisation, and more so group mixing such as E-I) tolerable to about 30-35%
    missing nodes, with error rising quickly below 65% response. Hence 80% response for
    claims about brokers and "read with caution" below 65%, the thresholds sociometric
    studies conventionally report.

    References
    ----------
    Borgatti, S. P., Carley, K. M. and Krackhardt, D. (2006). On the robustness of
    centrality measures under conditions of imperfect data. Social Networks 28(2), 124-136.

    Kossinets, G. (2006). Effects of missing data in social networks. Social Networks 28(3),
    247-268.

    Smith, J. A. and Moody, J. (2013). Structural effects of network sampling coverage I:
    nodes missing at random. Social Networks 35(4), 652-668.

    Examples
    --------
    >>> ties = [("a", "b"), ("b", "c"), ("c", "a"), ("a", "d")]
    >>> result = coverage(ties, "abcd", {"a": 1, "b": 1, "c": 2, "d": 2}, "abc", draws=20)
    >>> result.response_rate, result.level
    (0.75, 'fair')
    """
    if draws < 1:
        raise InputError(f"must be at least 1, not {draws}", parameter="draws")
    if top < 1:
        raise InputError(f"must be at least 1, not {top}", parameter="top")
    notes: list[str] = []
    net, codes, answered = _observed(nominations, nodes, groups, respondents, notes)
    n, r = net.n, int(answered.sum())
    rate = r / n if n else 0.0
    level = response_level(rate)
    between_draws = _affordable(draws, net, notes)
    sample = _Sampler(net, codes, directed, top)
    observed = sample.measures(answered, True)
    rng = np.random.default_rng(seed)
    who = np.flatnonzero(answered)
    keep_count = round(rate * r)
    runs = []
    for k in range(draws if r else 0):
        mask = np.zeros(n, dtype=bool)
        mask[rng.choice(who, size=keep_count, replace=False)] = True
        runs.append(sample.measures(mask, k < between_draws))
    measures = _network_stability(observed, runs, rate, groups is not None)
    measures += _broker_stability(observed, runs, net.ids, top)
    sentence = f"{r} of {n} invited people have answered ({rate:.0%}): {_LEVEL_SENTENCES[level]}."
    return Coverage(rate, level, n, r, len(runs), measures, notes, sentence)


# --------------------------------------------------------------------------------------
# The observed network


def _observed(nominations, nodes, groups, respondents, notes):
    """The directed network of reported ties on the roster, group codes, who answered."""
    ids = [str(node) for node in nodes]
    roster = NodeTable(path="roster", ids=ids)
    index = {node: i for i, node in enumerate(ids)}
    source: list[str] = []
    target: list[str] = []
    weight: list[float] = []
    unknown = 0
    answered = np.zeros(len(ids), dtype=bool)
    for k, item in enumerate(nominations, start=1):
        reporter, alter = str(item[0]), str(item[1])
        if reporter not in index:
            raise InputError(
                f"nomination {k}: the reporter {reporter!r} is not on the roster",
                parameter="nominations",
            )
        answered[index[reporter]] = True  # whoever named someone has answered
        if alter not in index:
            unknown += 1
            continue
        source.append(reporter)
        target.append(alter)
        weight.append(tie_weight(item, f"nomination {k}", "nominations"))
    if unknown:
        notes.append(f"{unknown} nominations of people not on the roster were left out")
    ties = TieTable(path="nominations", source=source, target=target, weight=np.array(weight))
    net = build_network(ties, roster, directed=True)
    for person in respondents:
        j = index.get(str(person))
        if j is None:
            raise InputError(f"{person!r} is not on the roster", parameter="respondents")
        answered[j] = True
    return net, group_codes(ids, groups), answered


def _affordable(draws: int, net: Network, notes: list[str]) -> int:
    """How many resamples betweenness can be computed on (see :data:`BETWEENNESS_WORK`)."""
    work = net.n * (net.n + net.m)
    allowed = max(MIN_BETWEENNESS_DRAWS, BETWEENNESS_WORK // max(work, 1))
    if draws > allowed:
        notes.append(
            f"betweenness centralisation was recomputed on {allowed} of the {draws} "
            f"resamples, to keep the computation quick at {net.n} people and {net.m} ties"
        )
        return allowed
    return draws


# --------------------------------------------------------------------------------------
# One draw


@dataclass(frozen=True)
class _Draw:
    values: dict[str, float]
    brokerage: np.ndarray  # raw role counts, one row per node
    reporters: np.ndarray  # who is kept as a respondent


class _Sampler:
    """Recomputes the measures on the ties reported by a subset of the respondents."""

    def __init__(self, net: Network, codes: np.ndarray, directed: bool, top: int) -> None:
        self.net = net
        self.codes = codes
        self.directed = directed
        self.top = top

    def network(self, reporters: np.ndarray) -> Network:
        net = self.net
        keep = reporters[net.source]
        src, tgt, w = net.source[keep], net.target[keep], net.weight[keep]
        if not self.directed:
            lo, hi = np.minimum(src, tgt), np.maximum(src, tgt)
            key, first = np.unique(lo * net.n + hi, return_index=True)
            src, tgt, w = key // net.n, key % net.n, w[first]
        return Network(net.ids, src, tgt, w, self.directed)

    def measures(self, reporters: np.ndarray, with_betweenness: bool) -> _Draw:
        """The measures on the ties ``reporters`` (a mask) reported; betweenness
        centralisation is NaN unless ``with_betweenness``."""
        net = self.network(reporters)
        n, directed = net.n, net.directed
        degree, _, _ = net.degrees()
        between = math.nan
        if with_betweenness:
            values = betweenness(net, exact=True).values
            between = centralization(values, betweenness_max_deviation(n, directed))
        values = {
            "ei": ei_index(net, self.codes).network if net.m else math.nan,
            "degree_centralization": centralization(degree, degree_max_deviation(n, directed)),
            "betweenness_centralization": between,
        }
        return _Draw(values, brokerage_roles(net, self.codes).raw, reporters)


# --------------------------------------------------------------------------------------
# Summaries

_NETWORK_MEASURES = {
    "ei": (
        "E-I index",
        "from -1 (all ties inside groups) to +1 (all ties across groups)",
    ),
    "degree_centralization": (
        "Degree centralisation",
        "0 when everyone has as many ties, 1 when one person holds them all",
    ),
    "betweenness_centralization": (
        "Betweenness centralisation",
        "0 when no one sits on more paths than others, 1 for a star",
    ),
}


def _network_stability(
    observed: _Draw, runs: list[_Draw], rate: float, grouped: bool
) -> list[MeasureStability]:
    out = []
    for key, (label, meaning) in _NETWORK_MEASURES.items():
        if key == "ei" and not grouped:
            continue
        value = observed.values[key]
        values = np.array([run.values[key] for run in runs], dtype=np.float64)
        values = values[np.isfinite(values)]
        if not math.isfinite(value) or len(values) == 0:
            low = high = math.nan if math.isfinite(value) else value
            sentence = f"{label}: {_fmt(value)}; not enough answers to say how stable it is."
        else:
            centre = values.mean()
            estimate = value - (centre - value) / rate
            below, above = _spread(values - centre)
            low, high = min(value, estimate) + below / rate, max(value, estimate) + above / rate
            sentence = (
                f"{label} is {_fmt(value)} from the answers so far; with everyone answering it "
                f"would likely be between {_fmt(low)} and {_fmt(high)}."
            )
        out.append(MeasureStability(key, label, value, low, high, None, meaning, sentence))
    return out


def _spread(values: np.ndarray, axis: int | None = None) -> tuple:
    """The percentiles bounding the central :data:`INTERVAL` of ``values``."""
    tail = (1 - INTERVAL) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail], axis=axis)
    return (float(low), float(high)) if axis is None else (low, high)


def _broker_stability(
    observed: _Draw, runs: list[_Draw], ids: list[str], top: int
) -> list[MeasureStability]:
    leaders = _top(observed.brokerage[:, -1], top)
    if not leaders:
        return []
    tops = [set(_top(run.brokerage[:, -1], top)) for run in runs]
    overlap = np.array([len(found & set(leaders)) / len(leaders) for found in tops])
    out = [_overlap_stability(overlap, len(leaders), top)]
    answered = observed.reporters.sum()
    for i in leaders:
        counts = observed.brokerage[i].astype(np.float64)
        # Role counts only from resamples that keep the broker, scaled up by the share of
        # respondents kept (each two-path through a kept broker needs its first end kept).
        scaled = [
            run.brokerage[i] * answered / run.reporters.sum()
            for run in runs
            if run.reporters[i] or not observed.reporters[i]
        ]
        if scaled:
            below, above = _spread(np.array(scaled, dtype=np.float64), axis=0)
            agreement = sum(i in found for found in tops) / len(runs)
        else:
            below = above = np.full(len(ROLES), math.nan)
            agreement = math.nan
        roles = tuple(
            (role, float(counts[j]), float(below[j]), float(above[j]))
            for j, role in enumerate(ROLES[:-1])
        )
        main = max(roles, key=lambda role: role[1])[0]
        sentence = (
            f"{ids[i]} stays among the top {top} brokers in {_pct(agreement)} of resamples "
            f"(brokerage {counts[-1]:.0f}, likely {below[-1]:.0f} to {above[-1]:.0f} when "
            f"they answer; mostly as {main})."
        )
        item = MeasureStability(
            key=f"broker:{ids[i]}",
            label=f"Broker: {ids[i]}",
            value=float(counts[-1]),
            low=float(below[-1]),
            high=float(above[-1]),
            agreement=float(agreement),
            note="claims about individual brokers need 80% response",
            sentence=sentence,
            roles=roles,
        )
        out.append(item)
    return out


def _top(total: np.ndarray, top: int) -> list[int]:
    """The ``top`` nodes with the most brokerage (ties broken by node order), if any."""
    return [int(i) for i in np.argsort(-total, kind="stable")[:top] if total[i] > 0]


def _overlap_stability(overlap: np.ndarray, count: int, top: int) -> MeasureStability:
    if len(overlap):
        agreement = float(overlap.mean())
        low, high = _spread(overlap)
    else:
        agreement = low = high = math.nan
    sentence = (
        f"On average {_pct(agreement)} of today's top {count} brokers stay in the top "
        f"{top} when as many again do not answer."
    )
    return MeasureStability(
        key="top_brokers",
        label=f"Top {top} brokers",
        value=1.0,
        low=low,
        high=high,
        agreement=agreement,
        note="share of the top brokers found again in each resample",
        sentence=sentence,
    )


def _fmt(value: float) -> str:
    return "undefined" if not math.isfinite(value) else f"{value:.2f}"


def _pct(share: float) -> str:
    return "no" if not math.isfinite(share) else f"{share:.0%}"
