"""Did brokering work? Changes before and after introductions, against a held-back control.

Each introduced pair (and, when the area holds suggestions back, each held-back pair) is
described by counts in equal windows before and after its date: ties between the two, ties
of either side, activities they took part in. The summary gives mean changes per group and
the share of pairs that came to have a tie, so the introduced group can be read beside the
control. With few pairs the comparison is only indicative; the page says how many.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["PairChange", "GroupEffect", "summarise"]


@dataclass(frozen=True)
class PairChange:
    """Counts for one pair in the window before its date and the window after."""

    pair_ties_before: int = 0
    pair_ties_after: int = 0
    ties_before: int = 0
    ties_after: int = 0
    activities_before: int = 0
    activities_after: int = 0


@dataclass(frozen=True)
class GroupEffect:
    """Mean change per pair in a group, and the share of pairs tied afterwards."""

    pairs: int
    tied_after: float | None
    tie_change: float | None
    activity_change: float | None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summarise(changes: Sequence[PairChange]) -> GroupEffect:
    """The :class:`GroupEffect` of a group of pairs (None figures when the group is empty).

    >>> summarise([PairChange(0, 1, 4, 6, 1, 1), PairChange(0, 0, 2, 2, 2, 0)])
    GroupEffect(pairs=2, tied_after=0.5, tie_change=1.0, activity_change=-1.0)
    """
    return GroupEffect(
        len(changes),
        _mean([1.0 if c.pair_ties_after > 0 else 0.0 for c in changes]),
        _mean([c.ties_after - c.ties_before for c in changes]),
        _mean([c.activities_after - c.activities_before for c in changes]),
    )
