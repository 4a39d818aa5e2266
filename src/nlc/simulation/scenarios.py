"""Scenarios: the network as it is against changed ties and against generated designs.

A scenario is another :class:`~nlc.network.Network` on which the same model is run with the
same ``rng``. Runs are paired by index: run ``r`` of every scenario uses the same random
streams, and a network with ties added or removed is laid out like the original
(``prepare(..., like=...)``), so that in run ``r`` the ties the two networks share pass the
practice in both or in neither (common random numbers). The difference in mean reach is the
mean of the per-run differences :math:`d_r = X'_r - X_r` with the 95% interval
:math:`\\bar d \\pm 1.96\\, s_d / \\sqrt R`. Pairing is valid for any two scenarios (runs
are independent and identically distributed), and it narrows the interval when runs are
positively correlated, as they are when only a few ties change.

Designs with the same number of nodes and ties (igraph's generators, seeded from ``rng``):

* ``hub_and_spoke``: the fewest hubs :math:`h` that can hold the ties; every other node is tied
  to a hub, then hubs to each other, then spokes to further hubs until the ties run out.
* ``clusters``: about :math:`\\sqrt{n/2}` clusters of equal size joined in a ring by one bridge
  each (a single bridge for two clusters), the remaining ties placed at random inside clusters
  (:math:`G(n_c, m_c)` per cluster).
* ``small_world``: a ring lattice holding the ties (Watts & Strogatz 1998) whose tie ends are
  then moved at random with probability 0.05 each (igraph's ``rewire_edges``), so that about
  10% of ties become shortcuts.

Nodes keep their ids and attributes but take random positions in the design, so groups keep
their sizes. A directed network's design has the same number of arcs, each tie oriented at
random.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from nlc.errors import InputError
from nlc.network.model import Network
from nlc.simulation.engine import SimulationResult, normal_ci

__all__ = [
    "DESIGNS",
    "add_ties",
    "compare",
    "design_network",
    "read_tie_pairs",
    "remove_ties",
]

DESIGNS = ("hub_and_spoke", "clusters", "small_world")


def read_tie_pairs(path: str | Path, network: Network) -> list[tuple[str, str]]:
    """Read ``source,target`` pairs (any file :func:`nlc.network.read_ties` reads).

    Raises
    ------
    InputError
        When a tie names a node that is not in the network, naming the file and row.
    """
    from nlc.network import read_ties

    ties = read_ties(path)
    index = network.index
    for column, names in (("source", ties.source), ("target", ties.target)):
        unknown = [i for i, name in enumerate(names) if name not in index]
        if unknown:
            shown = ", ".join(f"{names[i]!r} (row {ties.row_of(i)})" for i in unknown[:5])
            more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            raise InputError(
                f"{len(unknown)} ties name nodes that are not in the network: {shown}{more}",
                path=ties.path,
                row=ties.row_of(unknown[0]),
                column=column,
            )
    loops = [i for i, (a, b) in enumerate(zip(ties.source, ties.target, strict=True)) if a == b]
    if loops:
        raise InputError(
            "a tie from a node to itself cannot be added or removed",
            path=ties.path,
            row=ties.row_of(loops[0]),
        )
    return list(zip(ties.source, ties.target, strict=True))


def _pairs_to_index(network: Network, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    index = network.index
    try:
        arr = np.array([(index[a], index[b]) for a, b in pairs], dtype=np.int64).reshape(-1, 2)
    except KeyError as exc:
        raise InputError(f"node {exc.args[0]!r} is not in the network") from None
    if not network.directed:
        arr = np.sort(arr, axis=1)
    return arr


def add_ties(network: Network, pairs: Sequence[tuple[str, str]]) -> Network:
    """The network with ``pairs`` added (weight 1; ties already present are left as they are)."""
    new = _pairs_to_index(network, pairs)
    n = max(network.n, 1)
    old_key = network.source * n + network.target
    new_key = np.unique(new[:, 0] * n + new[:, 1])
    new_key = new_key[~np.isin(new_key, old_key)]
    key = np.concatenate([old_key, new_key])
    weight = np.concatenate([network.weight, np.ones(len(new_key))])
    order = np.argsort(key, kind="stable")
    src, tgt = np.divmod(key[order], n)
    return replace(
        network,
        source=src.astype(np.int64),
        target=tgt.astype(np.int64),
        weight=weight[order],
        warnings=[],
    )


def remove_ties(network: Network, pairs: Sequence[tuple[str, str]]) -> tuple[Network, int]:
    """The network without ``pairs``; also returns how many of them were not ties."""
    gone = _pairs_to_index(network, pairs)
    n = max(network.n, 1)
    key = network.source * n + network.target
    gone_key = np.unique(gone[:, 0] * n + gone[:, 1])
    keep = ~np.isin(key, gone_key)
    missing = int(len(gone_key) - (~keep).sum())
    out = replace(
        network,
        source=network.source[keep],
        target=network.target[keep],
        weight=network.weight[keep],
        warnings=[],
    )
    return out, missing


def _edges_hub_and_spoke(n: int, m: int) -> list[tuple[int, int]]:
    h = 1
    while h < n and h * (n - h) + h * (h - 1) // 2 < m:
        h += 1
    edges: list[tuple[int, int]] = []
    spokes = range(h, n)
    rounds = [[(s, (s - h) % h) for s in spokes]]
    hub_pairs = [(a, b) for a in range(h) for b in range(a + 1, h)]
    for r in range(1, h):
        rounds.append([(s, (s - h + r) % h) for s in spokes])
    for group in [rounds[0], hub_pairs, *rounds[1:]]:
        for e in group:
            if len(edges) == m:
                return edges
            edges.append(e)
    return edges


def _edges_clusters(n: int, m: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    import igraph

    c = max(2, round(math.sqrt(n / 2))) if n >= 4 else 1
    while c > 1:
        sizes = np.full(c, n // c) + (np.arange(c) < n % c)
        bridges = 1 if c == 2 else c
        capacity = int((sizes * (sizes - 1) // 2).sum())
        if m - bridges <= capacity and m >= bridges:
            break
        c -= 1
    if c <= 1:
        g = igraph.Graph.Erdos_Renyi(n=n, m=m)
        return [tuple(e) for e in g.get_edgelist()]
    starts = np.concatenate([[0], np.cumsum(sizes)])
    cap = sizes * (sizes - 1) // 2
    inside = m - bridges
    share = inside * cap / cap.sum()
    per = np.floor(share).astype(np.int64)
    for i in np.argsort(-(share - per), kind="stable")[: inside - per.sum()]:
        per[i] += 1
    per = np.minimum(per, cap)
    short = inside - per.sum()
    for i in range(c):  # hand what capped clusters could not take to the others
        extra = min(short, cap[i] - per[i])
        per[i] += extra
        short -= extra
    edges: list[tuple[int, int]] = []
    for i in range(c):
        g = igraph.Graph.Erdos_Renyi(n=int(sizes[i]), m=int(per[i]))
        edges += [(a + starts[i], b + starts[i]) for a, b in g.get_edgelist()]
    for i in range(bridges):
        j = (i + 1) % c
        a = int(starts[i] + rng.integers(sizes[i]))
        b = int(starts[j] + rng.integers(sizes[j]))
        edges.append((a, b))
    return edges


def _edges_small_world(n: int, m: int, rewire: float = 0.05) -> list[tuple[int, int]]:
    import igraph

    nei = m // n if n else 0
    if n < 3 or 2 * nei + 3 > n:
        g = igraph.Graph.Erdos_Renyi(n=n, m=m)
        return [tuple(e) for e in g.get_edgelist()]
    if nei >= 1:
        g = igraph.Graph.Watts_Strogatz(dim=1, size=n, nei=nei, p=0.0)
    else:
        g = igraph.Graph(n=n)
    extra = m - g.ecount()
    if extra > 0:  # spread the remaining ties evenly as next-farther lattice ties
        step = n / extra
        g.add_edges([(int(i * step), (int(i * step) + nei + 1) % n) for i in range(extra)])
    elif extra < 0:
        g.delete_edges(range(m, g.ecount()))
    g.rewire_edges(rewire, allowed_edge_types="simple")
    return [tuple(e) for e in g.get_edgelist()]


def design_network(network: Network, kind: str, rng: int | None = 0) -> Network:
    """A generated design with the same nodes (ids, attributes) and number of ties.

    See the module docstring for the designs. The same ``rng`` gives the same design.
    """
    import igraph

    if kind not in DESIGNS:
        raise InputError(f"unknown design {kind!r}; use one of {', '.join(DESIGNS)}")
    n, m = network.n, network.m
    m = min(m, n * (n - 1) // 2)
    seed = 0 if rng is None else int(rng)
    gen = np.random.default_rng([seed, DESIGNS.index(kind)])
    igraph.set_random_number_generator(random.Random(int(gen.integers(2**63))))
    try:
        if kind == "hub_and_spoke":
            edges = _edges_hub_and_spoke(n, m)
        elif kind == "clusters":
            edges = _edges_clusters(n, m, gen)
        else:
            edges = _edges_small_world(n, m)
    finally:
        igraph.set_random_number_generator(random)
    arr = np.array(edges, dtype=np.int64).reshape(-1, 2)
    position = gen.permutation(n)  # node i of the network sits at position[i] of the design
    node_at = np.argsort(position)
    arr = node_at[arr]
    if network.directed:
        flip = gen.random(len(arr)) < 0.5
        arr[flip] = arr[flip][:, ::-1]
    else:
        arr = np.sort(arr, axis=1)
    key = np.unique(arr[:, 0] * max(n, 1) + arr[:, 1])
    src, tgt = np.divmod(key, max(n, 1))
    return replace(
        network,
        source=src.astype(np.int64),
        target=tgt.astype(np.int64),
        weight=np.ones(len(key)),
        warnings=[],
    )


def compare(base: SimulationResult, other: SimulationResult) -> dict:
    """Difference in mean final reach of ``other`` over ``base``, paired by run, with its CI."""
    if other.runs != base.runs:
        raise ValueError("scenarios must have the same number of runs to be paired")
    diff = other.final.astype(np.float64) - base.final.astype(np.float64)
    low, high = normal_ci(diff)
    return {
        "difference": float(diff.mean()),
        "difference_ci95": [low, high],
        "difference_method": "paired by run: mean of per-run differences ± 1.96 sd / sqrt(runs)",
    }
