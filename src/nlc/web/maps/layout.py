"""Node positions for the map, computed on the server so the browser only draws.

Organisations are laid out with igraph's Fruchterman-Reingold algorithm, one connected
component at a time (the components are then packed in rows), with a fixed seed so a map
looks the same every time it is opened; the result is cached under a digest of the nodes and
ties, so a map is laid out once until its ties change. People are placed around
their organisation on a sunflower (Vogel) spiral: no force simulation is needed for them,
which keeps a map of thousands of people quick to serve.

Coordinates are in screen pixels at zoom 1, in Cytoscape's model space (y grows downwards).
"""

from __future__ import annotations

import hashlib
import math
import random
import threading

import igraph
import numpy as np
from scipy.spatial import cKDTree

from nlc.web.cache import derived

__all__ = ["organisation_positions", "people_positions", "spacing_for"]

SEED = 2007
#: Radius in pixels of the empty disc kept round an organisation, and the spacing of the
#: people placed around it.
ORGANISATION_RADIUS = 46.0
PERSON_SPACING = 10.0
MIN_SPACING = 150.0
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

# igraph draws layout noise from one process-wide generator: swap in a seeded one, under a
# lock, so that layouts are reproducible.
_rng_lock = threading.Lock()


def _fruchterman_reingold(graph: igraph.Graph) -> np.ndarray:
    with _rng_lock:
        igraph.set_random_number_generator(random.Random(SEED))
        try:
            coords = graph.layout_fruchterman_reingold(niter=500).coords
        finally:
            igraph.set_random_number_generator(random)
    return np.asarray(coords, dtype=np.float64).reshape(graph.vcount(), 2)


def _normalised(xy: np.ndarray) -> np.ndarray:
    """Centre the layout and scale it so the median nearest-neighbour distance is 1."""
    xy = xy - xy.mean(axis=0)
    if len(xy) < 2:
        return xy
    distance, _ = cKDTree(xy).query(xy, k=2)
    nearest = distance[:, 1]
    typical = float(np.median(nearest[nearest > 0])) if (nearest > 0).any() else 1.0
    return xy / typical


def _packed(n: int, pairs: np.ndarray) -> np.ndarray:
    """Lay out each connected component on its own, then set the components side by side in
    rows, largest first, with unconnected organisations in a grid at the end: a force layout
    of the whole would push the components far apart and shrink each of them to a dot."""
    graph = igraph.Graph(n=n, edges=pairs.tolist(), directed=False)
    components = sorted(graph.connected_components(), key=lambda c: (-len(c), c[0]))
    blocks = []  # (members, positions relative to the block's top-left corner, width, height)
    singles = [c[0] for c in components if len(c) == 1]
    for members in (c for c in components if len(c) > 1):
        xy = _normalised(_fruchterman_reingold(graph.induced_subgraph(members)))
        xy -= xy.min(axis=0)
        blocks.append((members, xy, *(xy.max(axis=0))))
    if singles:
        side = math.ceil(math.sqrt(len(singles)))
        xy = np.array([(i % side, i // side) for i in range(len(singles))], dtype=np.float64)
        blocks.append((singles, xy, float(side - 1), float(xy[:, 1].max())))
    gap = 2.0
    row_width = max(
        max(b[2] for b in blocks),
        math.sqrt(sum((b[2] + gap) * (b[3] + gap) for b in blocks)) * 1.2,
    )
    out = np.zeros((n, 2))
    x = y = row_height = 0.0
    for members, xy, width, height in blocks:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        out[members] = xy + (x, y)
        x += width + gap
        row_height = max(row_height, height)
    return out - out.mean(axis=0)


def organisation_positions(ids: list[str], source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Positions (n x 2, median nearest-neighbour distance 1) of organisations ``ids`` with
    ties ``source`` -> ``target`` (indices into ``ids``); direction and repeats are ignored.
    """
    n = len(ids)
    if n == 0:
        return np.zeros((0, 2))
    a, b = np.minimum(source, target), np.maximum(source, target)
    pairs = (
        np.unique(np.column_stack([a, b]).astype(np.int64), axis=0)
        if len(a)
        else np.zeros((0, 2), np.int64)
    )
    digest = hashlib.sha1(" ".join(ids).encode())
    digest.update(pairs.tobytes())
    key = f"nlc-map-layout:{n}:{digest.hexdigest()}"

    def build() -> list:
        return (_packed(n, pairs) if n > 1 else np.zeros((1, 2))).tolist()

    return np.asarray(derived(key, build, version=False), dtype=np.float64).reshape(n, 2)


def _disc_radius(count: int | float) -> float:
    """Outer radius of the ring of ``count`` people round an organisation."""
    return math.sqrt(ORGANISATION_RADIUS**2 + count * PERSON_SPACING**2)


def spacing_for(people_per_organisation: list[int]) -> float:
    """Pixels between neighbouring organisations so their rings of people rarely overlap."""
    if not people_per_organisation:
        return MIN_SPACING
    typical = float(np.percentile(people_per_organisation, 75))
    return max(MIN_SPACING, 2.3 * _disc_radius(typical))


def people_positions(centres: np.ndarray, counts: list[int]) -> np.ndarray:
    """Positions for ``counts[k]`` people round each organisation centre ``centres[k]``.

    Returns an array of ``sum(counts)`` rows, the people of organisation 0 first. Person
    ``j`` of an organisation sits at radius ``sqrt(r0^2 + j s^2)`` and angle ``j`` times the
    golden angle, which fills an annulus evenly.
    """
    total = int(sum(counts))
    out = np.zeros((total, 2))
    start = 0
    for (cx, cy), count in zip(centres, counts, strict=True):
        if not count:
            continue
        j = np.arange(count, dtype=np.float64)
        radius = np.sqrt(ORGANISATION_RADIUS**2 + (j + 0.5) * PERSON_SPACING**2)
        angle = j * GOLDEN_ANGLE
        out[start : start + count, 0] = cx + radius * np.cos(angle)
        out[start : start + count, 1] = cy + radius * np.sin(angle)
        start += count
    return out
