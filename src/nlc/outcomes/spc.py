"""Statistical process control for outcome indicators: run charts and XmR charts.

An indicator measured once per period (a term, a month, a year) is a series of single
values, so the chart is either a *run chart* (the values about their median) or an *XmR
chart* (individuals and moving ranges: the values about their mean, with natural process
limits from the average moving range). Both look for *special-cause* variation, a signal
that something other than the usual period-to-period noise moved the indicator.

Conventions, as in NHS England's "Making Data Count" and Provost & Murray:

- Moving range: ``mR_i = |x_i - x_(i-1)|``; ``mRbar`` is their mean.
- Natural process limits: ``mean ± 2.66 × mRbar``; the upper range limit for the moving
  ranges is ``3.27 × mRbar`` (Wheeler 2000, pp. 60, 137). ``2.66 = 3 / d2`` with
  ``d2 = 1.128`` for ranges of two values, so ``sigma = mRbar / 1.128``.
- Rules (each signal lists the indices of the points it flags):

  ``outside``  a point above the upper or below the lower limit (XmR only);
  ``shift``    a run of 8 or more consecutive points on one side of the centre line;
  ``trend``    6 or more consecutive points each higher (or each lower) than the last;
  ``two_of_three``  2 of 3 consecutive points beyond 2 sigma on the same side (XmR only).

  A point exactly on the centre line neither breaks nor extends a run, and a value equal to
  the one before neither breaks nor extends a trend (Provost & Murray 2011, ch. 3).

- A *re-base* (new limits from a new baseline) is suggested when a shift is found: the
  first period of the latest shift. It is only a suggestion; the caller applies it by
  passing ``breaks``, which splits the series into phases with limits of their own.

References
----------
.. [1] D. J. Wheeler, *Understanding Variation: The Key to Managing Chaos*, 2nd ed.,
   SPC Press, 2000.
.. [2] L. P. Provost and S. K. Murray, *The Health Care Data Guide: Learning from Data
   for Improvement*, Jossey-Bass, 2011.
.. [3] NHS England, *Making Data Count* (2019, updated 2021): "Statistical process control
   (SPC) charts", the rules and the re-baselining guidance.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "D2",
    "E2",
    "RULES",
    "SHIFT_LENGTH",
    "TREND_LENGTH",
    "URL_FACTOR",
    "Chart",
    "Phase",
    "Signal",
    "run_chart",
    "xmr_chart",
]

#: Bias-correction constant for ranges of two values (d2 for n = 2).
D2 = 1.128
#: Natural process limits are the mean ± E2 × mRbar (Wheeler's 2.66).
E2 = 2.66
#: Upper range limit for the moving ranges: URL_FACTOR × mRbar (Wheeler's 3.27).
URL_FACTOR = 3.27
#: Points in a row on one side of the centre that make a shift.
SHIFT_LENGTH = 8
#: Points in a row each higher (or lower) than the last that make a trend.
TREND_LENGTH = 6

#: The special-cause rules: key -> plain-words label.
RULES = {
    "outside": "A point outside the process limits",
    "shift": f"A run of {SHIFT_LENGTH} or more points on one side of the centre line",
    "trend": f"A trend of {TREND_LENGTH} or more points rising or falling",
    "two_of_three": "Two of three points beyond two sigma on the same side",
}


@dataclass(frozen=True)
class Signal:
    """One special cause found: the rule and the indices of the points it flags."""

    rule: str
    indices: tuple[int, ...]

    @property
    def label(self) -> str:
        return RULES[self.rule]


@dataclass(frozen=True)
class Phase:
    """A stretch of the series, ``values[start:stop]``, with its centre line and limits.

    ``upper``, ``lower``, ``mr_bar`` and ``sigma`` are ``None`` on a run chart, and on an
    XmR phase of a single value (no moving range to estimate from).
    """

    start: int
    stop: int
    centre: float
    upper: float | None = None
    lower: float | None = None
    mr_bar: float | None = None

    @property
    def sigma(self) -> float | None:
        """``mRbar / 1.128``, the estimate of the process's standard deviation."""
        return None if self.mr_bar is None else self.mr_bar / D2

    @property
    def mr_upper(self) -> float | None:
        """The upper range limit for the moving ranges, ``3.27 × mRbar``."""
        return None if self.mr_bar is None else URL_FACTOR * self.mr_bar


@dataclass(frozen=True)
class Chart:
    """A run chart or an XmR chart of a series.

    Attributes
    ----------
    kind : {"xmr", "run"}
    values : tuple of float
    phases : tuple of Phase
        One phase, or one per stretch between the ``breaks`` a person chose.
    moving_ranges : tuple of float or None
        ``|x_i - x_(i-1)|`` within a phase; ``None`` at each phase's first point.
    signals : tuple of Signal
    rebase_from : int or None
        Suggested first index of a new baseline (start of the latest shift), or ``None``.
    """

    kind: str
    values: tuple[float, ...]
    phases: tuple[Phase, ...]
    moving_ranges: tuple[float | None, ...]
    signals: tuple[Signal, ...]
    rebase_from: int | None

    def phase_of(self, index: int) -> Phase:
        """The phase holding the point at ``index``."""
        for phase in self.phases:
            if phase.start <= index < phase.stop:
                return phase
        raise IndexError(f"no point {index} in a chart of {len(self.values)}")

    def flagged(self) -> set[int]:
        """Indices of every point some signal flags."""
        return {i for signal in self.signals for i in signal.indices}


def _clean(values: Iterable[float]) -> tuple[float, ...]:
    try:
        clean = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        raise ValueError("the values must all be numbers") from None
    if not all(math.isfinite(v) for v in clean):
        raise ValueError("the values must be finite numbers")
    return clean


def _phase_bounds(n: int, breaks: Iterable[int]) -> list[tuple[int, int]]:
    cuts = sorted(set(breaks))
    if any(not 0 < b < n for b in cuts):
        raise ValueError(f"each break must be between 1 and {n - 1}")
    edges = [0, *cuts, n]
    return list(zip(edges, edges[1:], strict=False))


def _sides(values: Sequence[float], centre: float) -> list[int]:
    return [(v > centre) - (v < centre) for v in values]


def _shifts(values: Sequence[float], centre: float, start: int) -> list[Signal]:
    """Runs of SHIFT_LENGTH or more on one side; points on the centre are skipped."""
    signals, run, side = [], [], 0
    for i, s in enumerate(_sides(values, centre)):
        if s == 0:
            continue
        if s != side:
            if len(run) >= SHIFT_LENGTH:
                signals.append(Signal("shift", tuple(run)))
            run, side = [], s
        run.append(start + i)
    if len(run) >= SHIFT_LENGTH:
        signals.append(Signal("shift", tuple(run)))
    return signals


def _trends(values: Sequence[float], start: int) -> list[Signal]:
    """TREND_LENGTH or more points each higher (lower) than the last; repeats are skipped."""
    signals, run, direction = [], [], 0
    previous = None
    for i, v in enumerate(values):
        if previous is None:
            run, previous = [start + i], v
            continue
        if v == previous:
            continue
        step = 1 if v > previous else -1
        if step != direction:
            if len(run) >= TREND_LENGTH:
                signals.append(Signal("trend", tuple(run)))
            run = [run[-1]]
            direction = step
        run.append(start + i)
        previous = v
    if len(run) >= TREND_LENGTH:
        signals.append(Signal("trend", tuple(run)))
    return signals


def _outside(values: Sequence[float], phase: Phase) -> list[Signal]:
    if phase.upper is None:
        return []
    flagged = tuple(
        phase.start + i for i, v in enumerate(values) if v > phase.upper or v < phase.lower
    )
    return [Signal("outside", flagged)] if flagged else []


def _two_of_three(values: Sequence[float], phase: Phase) -> list[Signal]:
    """Each window of 3 with 2 or more points beyond 2 sigma on one side; windows that
    overlap are merged into one signal per side."""
    if phase.sigma is None or phase.sigma == 0:
        return []
    high = phase.centre + 2 * phase.sigma
    low = phase.centre - 2 * phase.sigma
    signals = []
    for beyond in (lambda v: v > high, lambda v: v < low):
        flagged: set[int] = set()
        for i in range(len(values) - 2):
            window = [i + k for k in range(3) if beyond(values[i + k])]
            if len(window) >= 2:
                flagged.update(window)
        if flagged:
            signals.append(Signal("two_of_three", tuple(phase.start + i for i in sorted(flagged))))
    return signals


def _rebase(signals: Iterable[Signal], first_phase_start: int) -> int | None:
    starts = [s.indices[0] for s in signals if s.rule == "shift"]
    starts = [s for s in starts if s > first_phase_start]
    return max(starts) if starts else None


def _chart(kind: str, values: tuple[float, ...], phases: list[Phase]) -> Chart:
    signals: list[Signal] = []
    ranges: list[float | None] = []
    for phase in phases:
        part = values[phase.start : phase.stop]
        ranges.append(None)
        ranges.extend(abs(b - a) for a, b in zip(part, part[1:], strict=False))
        signals.extend(_outside(part, phase))
        signals.extend(_shifts(part, phase.centre, phase.start))
        signals.extend(_trends(part, phase.start))
        signals.extend(_two_of_three(part, phase))
    signals.sort(key=lambda s: (s.indices[0], s.rule))
    return Chart(
        kind=kind,
        values=values,
        phases=tuple(phases),
        moving_ranges=tuple(ranges),
        signals=tuple(signals),
        rebase_from=_rebase(signals, phases[-1].start),
    )


def xmr_chart(values: Iterable[float], *, breaks: Iterable[int] = ()) -> Chart:
    """An XmR (individuals and moving range) chart of a series, with its signals.

    Parameters
    ----------
    values : iterable of float
        The indicator's values in time order, one per period (at least two).
    breaks : iterable of int, optional
        Indices where a person chose to start a new baseline (a re-base): each phase gets
        its own mean and limits. Default: one phase.

    Returns
    -------
    Chart
        Centre line the phase's mean; limits ``mean ± 2.66 × mRbar``; signals by the
        four rules of the module docstring; ``rebase_from`` when a shift is found.

    Raises
    ------
    ValueError
        Fewer than two values, a value that is not a finite number, or a break out of range.

    Notes
    -----
    Wheeler [1]_ (pp. 60, 137) gives the limits; the rules follow NHS England's "Making Data
    Count" [3]_ with a shift of 8 (Western Electric) and a trend of 6 (Nelson); "two of
    three beyond two sigma" is Western Electric's second rule, with sigma ``mRbar / 1.128``.

    Examples
    --------
    >>> chart = xmr_chart([10, 12, 11, 13, 12])
    >>> phase = chart.phases[0]
    >>> phase.centre, phase.mr_bar, round(phase.upper, 3), round(phase.lower, 3)
    (11.6, 1.5, 15.59, 7.61)
    """
    clean = _clean(values)
    if len(clean) < 2:
        raise ValueError("an XmR chart needs at least two values")
    phases = []
    for start, stop in _phase_bounds(len(clean), breaks):
        part = clean[start:stop]
        centre = statistics.fmean(part)
        if len(part) < 2:
            phases.append(Phase(start, stop, centre))
            continue
        mr_bar = statistics.fmean(abs(b - a) for a, b in zip(part, part[1:], strict=False))
        phases.append(
            Phase(start, stop, centre, centre + E2 * mr_bar, centre - E2 * mr_bar, mr_bar)
        )
    return _chart("xmr", clean, phases)


def run_chart(values: Iterable[float], *, breaks: Iterable[int] = ()) -> Chart:
    """A run chart of a series: the values about their median, with shifts and trends.

    Parameters
    ----------
    values : iterable of float
        The indicator's values in time order (at least one).
    breaks : iterable of int, optional
        Indices where a person chose to start a new baseline; each phase has its own median.

    Returns
    -------
    Chart
        Centre line the phase's median; signals ``shift`` and ``trend`` only (a run chart
        has no limits); ``rebase_from`` when a shift is found.

    Raises
    ------
    ValueError
        No values, a value that is not a finite number, or a break out of range.

    Notes
    -----
    Provost & Murray [2]_ (ch. 3) give the run chart and its run rules; the lengths here
    (8 and 6) are the ones :func:`xmr_chart` uses, so the two charts agree on shifts.

    Examples
    --------
    >>> run_chart([3, 1, 2]).phases[0].centre
    2.0
    """
    clean = _clean(values)
    if not clean:
        raise ValueError("a run chart needs at least one value")
    phases = [
        Phase(start, stop, float(statistics.median(clean[start:stop])))
        for start, stop in _phase_bounds(len(clean), breaks)
    ]
    return _chart("run", clean, phases)
