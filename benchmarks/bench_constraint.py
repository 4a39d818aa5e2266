"""Constraint at 100,000 nodes: nlc's structural holes against igraph's ``Graph.constraint()``.

Both run on the same generated network (``benchmarks/generate.py``), after a warm-up; the
median of three calls each. nlc's figure includes effective size and efficiency, which
igraph does not compute. Run: ``python benchmarks/bench_constraint.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from nlc.analysis import structural_holes  # noqa: E402
from nlc.network import build_network, read_ties  # noqa: E402


def median_time(func, repeats: int = 3) -> tuple[float, object]:
    result, times = None, []
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    folder = generate.write(nodes=100_000, arcs=1_000_000, groups=20, seed=1)
    network = build_network(read_ties(Path(folder) / "ties.csv"))
    graph = network.to_igraph(weighted=False)
    structural_holes(network)  # warm-up: loads the compiled kernel
    ours, holes = median_time(lambda: structural_holes(network))
    theirs, constraint = median_time(graph.constraint)
    diff = float(np.nanmax(np.abs(holes.constraint - np.asarray(constraint))))
    print(f"nlc structural_holes (constraint, effective size, efficiency): {ours:.2f} s")
    print(f"igraph Graph.constraint(): {theirs:.2f} s")
    print(f"ratio nlc / igraph: {ours / theirs:.2f} (target <= 1); max |difference| {diff:.1e}")


if __name__ == "__main__":
    main()
