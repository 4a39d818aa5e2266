"""Wave-to-wave change of a surveyed network: which ties are new, lost, stronger or weaker,
and the key measures of each wave side by side.

Framework-free: never imports Django.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from nlc.analysis._pairs import group_codes, tie_weight
from nlc.analysis.centrality import (
    betweenness,
    betweenness_max_deviation,
    centralization,
    degree_max_deviation,
)
from nlc.analysis.communities import component_count
from nlc.analysis.homophily import ei_index
from nlc.errors import InputError
from nlc.network.model import Network, NodeTable, TieTable, build_network

__all__ = ["TieChange", "WaveComparison", "WaveMeasure", "compare_waves"]


@dataclass(frozen=True)
class TieChange:
    """One tie in both waves: its ends and its weight before and after (0 when absent)."""

    source: str
    target: str
    before: float
    after: float


@dataclass(frozen=True)
class WaveMeasure:
    """One measure of each wave, the change, and a plain sentence (NaN where undefined)."""

    key: str
    label: str
    before: float
    after: float
    sentence: str

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class WaveComparison:
    """What changed between two waves.

    Attributes
    ----------
    new, lost : list of TieChange
        Ties only in the later wave, and only in the earlier one. Each list is in node
        order (by source, then target, nodes numbered as in ``nodes``).
    strengthened, weakened, unchanged : list of TieChange
        Ties in both waves whose weight rose, fell, or stayed the same.
    measures : list of WaveMeasure
        ``density``, ``ei`` (with groups), ``degree_centralization``,
        ``betweenness_centralization``, ``components`` and ``isolates``, in that order.
    nodes : list of str
        The people both waves are measured on (see :func:`compare_waves`).
    directed : bool
    sentences : list of str
        The tie counts, then each measure, in plain words.
    notes : list of str
        What cleaning changed (self-loops dropped, duplicate ties merged), per wave.
    """

    new: list[TieChange]
    lost: list[TieChange]
    strengthened: list[TieChange]
    weakened: list[TieChange]
    unchanged: list[TieChange]
    measures: list[WaveMeasure]
    nodes: list[str]
    directed: bool
    sentences: list[str]
    notes: list[str]

    def measure(self, key: str) -> WaveMeasure:
        """The measure with ``key`` (``KeyError`` when absent)."""
        for item in self.measures:
            if item.key == key:
                return item
        raise KeyError(key)


def compare_waves(
    before: Iterable[Sequence],
    after: Iterable[Sequence],
    *,
    groups: Mapping[Hashable, object] | None = None,
    nodes: Iterable[Hashable] | None = None,
    directed: bool = True,
) -> WaveComparison:
    """Compare the ties of two survey waves and their key measures.

    Both waves are measured on the same people, so that their measures compare: ``nodes``
    when given (the network's roster), else everyone either wave names. Repeated ties in a
    wave are merged with their weights summed and self-loops dropped, as on import
    (:func:`nlc.network.model.build_network`); weights are compared exactly.

    Parameters
    ----------
    before, after : iterable of (source, target) or (source, target, weight)
        The ties of the earlier and the later wave; weight 1 when left out.
    groups : mapping, optional
        Group label of each node, for the E-I index; nodes without one form a
        ``(missing)`` group.
    nodes : iterable, optional
        The people to measure both waves on; every tie end must be among them.
    directed : bool
        Whether ``a -> b`` and ``b -> a`` are different ties (default) or the same.

    Returns
    -------
    WaveComparison

    Raises
    ------
    InputError
        For a tie with fewer than two ends, a weight that is not a number of at least 0, or
        (with ``nodes``) a tie naming someone not among them, naming the wave and the tie.

    Examples
    --------
    >>> change = compare_waves([("a", "b", 1), ("b", "c", 2)], [("a", "b", 3), ("c", "a", 1)])
    >>> [(t.source, t.target) for t in change.new], len(change.lost), len(change.strengthened)
    ([('c', 'a')], 1, 1)
    >>> change.measure("density").before, change.measure("density").after
    (0.3333333333333333, 0.3333333333333333)
    """
    first = _ties("before", before)
    second = _ties("after", after)
    if nodes is None:
        ids = list(dict.fromkeys([*first.source, *first.target, *second.source, *second.target]))
    else:
        ids = [str(node) for node in nodes]
    roster = NodeTable(path="nodes", ids=ids)
    nets = [build_network(t, roster, directed=directed) for t in (first, second)]
    notes = [
        f"{net_ties.path} wave: {w}"
        for net_ties, net in zip((first, second), nets, strict=True)
        for w in net.warnings
    ]
    old, new = _weights(nets[0]), _weights(nets[1])
    change: dict[str, list[TieChange]] = {kind: [] for kind in _KINDS}
    for pair in dict.fromkeys([*old, *new]):
        w0, w1 = old.get(pair, 0.0), new.get(pair, 0.0)
        change[_kind(pair in old, pair in new, w0, w1)].append(TieChange(*pair, w0, w1))
    codes = None if groups is None else group_codes(ids, groups)
    measures = _measures(nets[0], nets[1], codes)
    sentences = [_tie_sentence(change, len(old), len(new))] + [m.sentence for m in measures]
    return WaveComparison(
        **change,
        measures=measures,
        nodes=ids,
        directed=directed,
        sentences=sentences,
        notes=notes,
    )


def _ties(wave: str, ties: Iterable[Sequence]) -> TieTable:
    source, target, weight = [], [], []
    for k, tie in enumerate(ties, start=1):
        if len(tie) < 2:
            raise InputError(f"tie {k} of the {wave} wave has fewer than two ends")
        source.append(str(tie[0]))
        target.append(str(tie[1]))
        weight.append(tie_weight(tie, f"tie {k} of the {wave} wave"))
    return TieTable(path=wave, source=source, target=target, weight=np.array(weight), rows=None)


_KINDS = ("new", "lost", "strengthened", "weakened", "unchanged")


def _kind(in_before: bool, in_after: bool, before: float, after: float) -> str:
    if not in_before:
        return "new"
    if not in_after:
        return "lost"
    if after != before:
        return "strengthened" if after > before else "weakened"
    return "unchanged"


def _weights(net: Network) -> dict[tuple[str, str], float]:
    ids = net.ids
    return {
        (ids[s], ids[t]): float(w)
        for s, t, w in zip(
            net.source.tolist(), net.target.tolist(), net.weight.tolist(), strict=True
        )
    }


_LABELS = {
    "density": ("Density", "share of possible ties present"),
    "ei": ("E-I index", "-1 all ties inside groups, +1 all across"),
    "degree_centralization": ("Degree centralisation", "how far ties gather on a few people"),
    "betweenness_centralization": (
        "Betweenness centralisation",
        "how far paths run through a few people",
    ),
    "components": ("Connected parts", "separate groups of connected people, isolates aside"),
    "isolates": ("Isolated people", "people with no tie"),
}


def _values(net: Network, codes: np.ndarray | None) -> dict[str, float]:
    n, directed = net.n, net.directed
    pairs = n * (n - 1) / (1 if directed else 2)
    degree, _, _ = net.degrees()
    components, isolates = component_count(net)
    return {
        "density": net.m / pairs if pairs else math.nan,
        "ei": math.nan if codes is None or not net.m else ei_index(net, codes).network,
        "degree_centralization": centralization(degree, degree_max_deviation(n, directed)),
        "betweenness_centralization": centralization(
            betweenness(net).values, betweenness_max_deviation(n, directed)
        ),
        "components": float(components - isolates),
        "isolates": float(isolates),
    }


def _measures(first: Network, second: Network, codes: np.ndarray | None) -> list[WaveMeasure]:
    before, after = _values(first, codes), _values(second, codes)
    out = []
    for key, (label, meaning) in _LABELS.items():
        if key == "ei" and codes is None:
            continue
        b, a = before[key], after[key]
        counted = key in ("components", "isolates")
        text = (lambda v: f"{v:.0f}") if counted else _fmt
        if not (math.isfinite(a) and math.isfinite(b)):
            verb = "cannot be compared"
        elif math.isclose(a, b, abs_tol=1e-12):
            verb = "is unchanged"
        else:
            verb = "rose" if a > b else "fell"
        sentence = f"{label} {verb}: {text(b)} then {text(a)} ({meaning})."
        out.append(WaveMeasure(key, label, b, a, sentence))
    return out


def _tie_sentence(change: dict[str, list], before: int, after: int) -> str:
    return (
        f"{before} ties before, {after} after: {len(change['new'])} new, "
        f"{len(change['lost'])} lost, {len(change['strengthened'])} stronger, "
        f"{len(change['weakened'])} weaker, {len(change['unchanged'])} unchanged."
    )


def _fmt(value: float) -> str:
    return "undefined" if not math.isfinite(value) else f"{value:.3f}"
