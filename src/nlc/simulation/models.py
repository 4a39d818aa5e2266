"""The diffusion models' parameters, checked when they are made.

Kept apart from :mod:`nlc.simulation.engine`, which imports the compiled kernels (numba), so
that ``nlc simulate`` can check its options and read the ties file while numba loads in
another thread.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from nlc.errors import InputError
from nlc.network.model import Network, group_codes

__all__ = ["IndependentCascade", "ThresholdModel"]


@dataclass(frozen=True)
class IndependentCascade:
    """Independent cascade model parameters.

    Parameters
    ----------
    p : float
        Probability that an adopter passes the practice along one arc, used for every arc that
        ``tie_p`` does not name.
    tie_p : mapping, optional
        ``(source id, target id) -> probability`` for individual ties (for an undirected
        network either order names the tie).
    group_factor : mapping, optional
        ``(source group, target group) -> factor`` multiplying the probability of arcs from
        the first group to the second, in the direction the practice moves (needs ``group``
        in :func:`simulate`).
    cross_group_factor : float
        Factor for every arc whose ends are in different groups and that ``group_factor`` does
        not name.
    """

    p: float = 0.1
    tie_p: Mapping[tuple[str, str], float] | None = None
    group_factor: Mapping[tuple[str, str], float] | None = None
    cross_group_factor: float = 1.0

    name = "cascade"

    def __post_init__(self):
        _check_probability(self.p, "p")
        if self.tie_p:
            for (a, b), value in self.tie_p.items():
                _check_probability(value, None, f"the probability of tie {a}-{b}")
        _check_factor(self.cross_group_factor, "cross_group_factor")
        for pair, value in (self.group_factor or {}).items():
            _check_factor(value, None, f"the factor for groups {pair[0]} > {pair[1]}")

    def describe(self) -> dict:
        return {
            "p": None if self.tie_p else self.p,
            "p_default": self.p,
            "per_tie_p": bool(self.tie_p),
            "cross_group_factor": self.cross_group_factor,
            "group_factor": {f"{a}>{b}": f for (a, b), f in (self.group_factor or {}).items()},
        }

    def arc_probabilities(
        self,
        network: Network,
        src: np.ndarray,
        tgt: np.ndarray,
        groups: _Groups | None,
        flow: str = "forward",
    ) -> np.ndarray:
        """Probability of each arc ``src[i] -> tgt[i]`` (arcs in the direction of flow).

        Group factors apply to (group the practice leaves, group it enters).
        """
        p = np.full(len(src), float(self.p))
        if self.tie_p:
            ids = network.ids
            for i, (a, b) in enumerate(zip(src.tolist(), tgt.tolist(), strict=True)):
                if flow == "backward":  # the tie in the file runs target -> source
                    a, b = b, a
                value = self.tie_p.get((ids[a], ids[b]))
                if value is None and not network.directed:
                    value = self.tie_p.get((ids[b], ids[a]))
                if value is not None:
                    p[i] = value
        if groups is not None and (self.group_factor or self.cross_group_factor != 1.0):
            k = len(groups.labels)
            factor = np.ones((k, k))
            factor[~np.eye(k, dtype=bool)] = self.cross_group_factor
            where = {label: i for i, label in enumerate(groups.labels)}
            for (a, b), f in (self.group_factor or {}).items():
                for label in (a, b):
                    if label not in where:
                        raise InputError(
                            f"no group {label!r} in column {groups.column!r} "
                            f"(groups: {', '.join(groups.labels)})"
                        )
                factor[where[a], where[b]] = f
            p = p * factor[groups.codes[src], groups.codes[tgt]]
            if p.size and p.max() > 1.0:
                raise InputError(
                    "times a group factor is larger than 1 for some ties "
                    f"(largest {p.max():.3g}); lower one or the other",
                    parameter="p",
                )
        return p


@dataclass(frozen=True)
class ThresholdModel:
    """Threshold (complex contagion) model parameters.

    Parameters
    ----------
    threshold : float
        Number of adopting in-neighbours needed (``share=False``; rounded up) or share of
        in-neighbours (``share=True``, in [0, 1]).
    share : bool
    random_share : bool
        Draw every node's share uniformly on (0, 1] in each run (Kempe et al.'s linear
        threshold model); ``threshold`` is then ignored.
    group_threshold : mapping, optional
        ``group label -> threshold`` overriding ``threshold`` for nodes of that group.
    """

    threshold: float = 2.0
    share: bool = False
    random_share: bool = False
    group_threshold: Mapping[str, float] | None = None

    name = "threshold"

    def __post_init__(self):
        if self.random_share:  # thresholds are drawn, so the given one is not used
            object.__setattr__(self, "share", True)
            object.__setattr__(self, "threshold", 0.5)
        values = [("threshold", self.threshold)]
        values += [
            (f"the threshold of group {g}", t) for g, t in (self.group_threshold or {}).items()
        ]
        for what, value in values:
            if not math.isfinite(value) or value < 0:
                raise InputError(f"{what} must be a number of at least 0, not {value:g}")
            if self.share and value > 1:
                raise InputError(f"{what} is a share and must be between 0 and 1, not {value:g}")

    def describe(self) -> dict:
        return {
            "threshold": None if self.random_share else self.threshold,
            "rule": "random share" if self.random_share else ("share" if self.share else "count"),
            "group_threshold": dict(self.group_threshold or {}),
        }

    def needs(self, indeg: np.ndarray, groups: _Groups | None) -> np.ndarray:
        """Adopting in-neighbours each node needs (at least 1)."""
        n = len(indeg)
        t = np.full(n, float(self.threshold))
        if self.group_threshold:
            if groups is None:
                raise InputError("is needed for thresholds by group", parameter="group")
            where = {label: i for i, label in enumerate(groups.labels)}
            for label, value in self.group_threshold.items():
                if label not in where:
                    raise InputError(
                        f"no group {label!r} in column {groups.column!r} "
                        f"(groups: {', '.join(groups.labels)})"
                    )
                t[groups.codes == where[label]] = value
        need = np.ceil(t * indeg - 1e-9) if self.share else np.ceil(t - 1e-9)
        return np.maximum(need, 1).astype(np.int64)

    @property
    def deterministic(self) -> bool:
        return not self.random_share


def _refuse(message: str, parameter: str | None, what: str | None) -> None:
    """Raise ``message`` about ``parameter``, or about ``what`` (a value that is no parameter)."""
    if parameter is not None:
        raise InputError(message, parameter=parameter)
    raise InputError(f"{what} {message}")


def _check_probability(value: float, parameter: str | None, what: str | None = None) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and 0.0 <= value <= 1.0):
        _refuse(f"must be a probability between 0 and 1, not {value!r}", parameter, what)


def _check_factor(value: float, parameter: str | None, what: str | None = None) -> None:
    if not (math.isfinite(value) and value >= 0):
        _refuse(f"must be a number of at least 0, not {value!r}", parameter, what)


@dataclass(frozen=True)
class _Groups:
    column: str
    codes: np.ndarray
    labels: list[str]


def _groups(network: Network, group: str | None) -> _Groups | None:
    if group is None:
        return None
    codes, labels = group_codes(network, group)
    return _Groups(group, codes, labels)
