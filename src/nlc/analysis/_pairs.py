"""Helpers shared by :mod:`nlc.analysis.coverage` and :mod:`nlc.analysis.waves`: ties given
as plain tuples and groups given as a mapping."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from nlc.errors import InputError


def tie_weight(tie: Sequence, where: str, parameter: str | None = None) -> float:
    """The weight of a ``(source, target[, weight])`` tuple: 1 when left out or ``None``.

    Raises :class:`InputError` naming ``where`` (say "nomination 4") for a weight that is
    not a number of at least 0.
    """
    if len(tie) < 3 or tie[2] is None:
        return 1.0
    try:
        value = float(tie[2])
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        raise InputError(
            f"{where}: the weight must be a number of at least 0, not {tie[2]!r}",
            parameter=parameter,
        )
    return value


def group_codes(ids: list[str], groups: Mapping | None) -> np.ndarray:
    """Integer code per node of its group label (sorted as text); nodes missing from
    ``groups`` share a ``(missing)`` group; ``None`` puts everyone in one group."""
    if groups is None:
        return np.zeros(len(ids), dtype=np.int64)
    by_id = {str(node): label for node, label in groups.items()}
    labels = [str(by_id.get(node, "(missing)")) for node in ids]
    code = {label: i for i, label in enumerate(sorted(set(labels)))}
    return np.array([code[label] for label in labels], dtype=np.int64)
