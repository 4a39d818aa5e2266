"""Generate a planted-partition directed network for the benchmarks, deterministically.

Writes ``ties.csv`` (``source,target``) and ``nodes.csv`` (``id,group``) to
``benchmarks/data/<name>/`` where ``<name>`` encodes the parameters, e.g.
``pp_n100000_m1000000_g20_s1``. The same parameters always give byte-identical files.

Model: ``nodes`` nodes are dealt at random into ``groups`` groups of (almost) equal size.
A share ``within`` of the ``arcs`` arcs (rounded) join two nodes of the same group, the
rest join nodes of different groups; each arc's source is uniform over all nodes and its
target uniform over the allowed nodes. There are no self-loops and no duplicate arcs
(reciprocal arcs ``a->b``, ``b->a`` are allowed, as in any directed network). Arcs are
written in random order. Node ids are strings ``n0``, ``n1``, ...; groups ``g01``...``g20``.

Usage::

    python benchmarks/generate.py --nodes 100000 --arcs 1000000 --groups 20 --seed 1
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"


def dataset_dir(nodes: int, arcs: int, groups: int, seed: int, within: float = 0.7) -> Path:
    name = f"pp_n{nodes}_m{arcs}_g{groups}_s{seed}"
    if within != 0.7:
        name += f"_w{within:g}"
    return DATA / name


def planted_partition(
    nodes: int, arcs: int, groups: int, seed: int, within: float = 0.7
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (source, target, group) integer arrays; arcs distinct, no self-loops."""
    if groups < 2:
        raise ValueError("need at least two groups")
    rng = np.random.default_rng(seed)
    group = np.empty(nodes, dtype=np.int64)
    group[rng.permutation(nodes)] = np.arange(nodes) % groups
    members = np.argsort(group, kind="stable")  # nodes listed group by group
    sizes = np.bincount(group, minlength=groups)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    m_in = int(round(within * arcs))
    m_out = arcs - m_in
    n_in_possible = int((sizes * (sizes - 1)).sum())
    n_out_possible = nodes * (nodes - 1) - n_in_possible
    if m_in > n_in_possible or m_out > n_out_possible:
        raise ValueError("too many arcs for this many nodes")

    def draw(count: int, same: bool) -> np.ndarray:
        """``count`` distinct arc keys (src * nodes + tgt) with same/different groups."""
        keys = np.empty(0, dtype=np.int64)
        while len(keys) < count:
            need = count - len(keys)
            batch = int(need * 1.1) + 1000
            src = rng.integers(0, nodes, batch)
            gs = group[src]
            # the same group, or a uniformly chosen other group
            gt = gs if same else (gs + rng.integers(1, groups, batch)) % groups
            tgt = members[start[gt] + (rng.random(batch) * sizes[gt]).astype(np.int64)]
            ok = src != tgt
            new = src[ok] * nodes + tgt[ok]
            # keep first occurrences in draw order, so that the result is deterministic
            merged = np.concatenate([keys, new])
            _, first = np.unique(merged, return_index=True)
            keys = merged[np.sort(first)]
        return keys[:count]

    keys = np.concatenate([draw(m_in, True), draw(m_out, False)])
    keys = keys[rng.permutation(len(keys))]
    source, target = np.divmod(keys, nodes)
    return source, target, group


def write(
    nodes: int, arcs: int, groups: int, seed: int, within: float = 0.7, force: bool = False
) -> Path:
    """Write the data set unless it is already there; return its folder."""
    out = dataset_dir(nodes, arcs, groups, seed, within)
    ties, node_file = out / "ties.csv", out / "nodes.csv"
    if not force and ties.exists() and node_file.exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    source, target, group = planted_partition(nodes, arcs, groups, seed, within)
    width = len(str(groups))
    ids = np.char.add("n", np.arange(nodes).astype(str))
    labels = np.char.add("g", np.char.zfill((group + 1).astype(str), max(width, 2)))
    tmp = ties.with_suffix(".tmp")
    with open(tmp, "w", newline="\n") as fh:
        fh.write("source,target\n")
        fh.write("\n".join(np.char.add(np.char.add(ids[source], ","), ids[target])))
        fh.write("\n")
    tmp.replace(ties)
    tmp = node_file.with_suffix(".tmp")
    with open(tmp, "w", newline="\n") as fh:
        fh.write("id,group\n")
        fh.write("\n".join(np.char.add(np.char.add(ids, ","), labels)))
        fh.write("\n")
    tmp.replace(node_file)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--arcs", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--within", type=float, default=0.7, help="share of within-group arcs")
    parser.add_argument("--force", action="store_true", help="rewrite existing files")
    args = parser.parse_args(argv)
    out = write(args.nodes, args.arcs, args.groups, args.seed, args.within, args.force)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
