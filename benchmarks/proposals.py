"""Prototypes of speed-ups proposed for ``src/nlc``, measured against the code they replace.

These are not used by nlc; they exist so that each proposal in ``RESULTS.md`` comes with a
measurement and an equality check on the benchmark network. Once ``src/nlc`` adopts (or
rejects) a proposal, delete it here.

Adopted already, and so removed from here: the igraph graph built once per network from a
list of pairs and compact JSON for large networks (82ddc98), and constraint computed in the
effective-size kernel (24a4f0d), and the kernels compiled once and run on numba's threads
instead of separate serial and ``parallel=True`` builds (the speed work of issue #14).

1. ``brokerage._csr`` sorts arcs with ``np.lexsort`` on two keys; ``np.argsort`` of the one
   int64 key ``row * n + col`` gives the same order (arcs are distinct) in a fraction of the
   time, and is almost free on the out-CSR, whose arcs ``build_network`` already sorted.

Usage::

    python benchmarks/proposals.py          # prints a table, updates RESULTS.md
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402
import generate  # noqa: E402


def csr_by_key(rows: np.ndarray, cols: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Proposal 1: ``brokerage._csr`` with one argsort of an int64 key."""
    order = np.argsort(rows * n + cols)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=ptr[1:])
    return ptr, np.ascontiguousarray(cols[order], dtype=np.int64)


def _time(func, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--arcs", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--wait-quiet", type=float, default=60, metavar="S")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    from nlc.analysis import brokerage as brokerage_module
    from nlc.network import build_network, group_codes, read_nodes, read_ties

    info = C.machine()
    data = generate.write(args.nodes, args.arcs, args.groups, args.seed)
    network = build_network(read_ties(data / "ties.csv"), read_nodes(data / "nodes.csv"))
    busy = C.wait_quiet(args.wait_quiet)
    r = args.repeats
    rows = []

    # 1. brokerage CSR
    groups, _ = group_codes(network, "group")
    brokerage_module.brokerage_roles(network, groups)  # warm-up
    old, before = _time(lambda: brokerage_module.brokerage_roles(network, groups), r)
    original = brokerage_module._csr
    brokerage_module._csr = csr_by_key
    try:
        new, after = _time(lambda: brokerage_module.brokerage_roles(network, groups), r)
    finally:
        brokerage_module._csr = original
    rows.append(
        [
            "1. `brokerage_roles(network, groups)`, CSR by one int64 key",
            C.fmt_s(old),
            C.fmt_s(new),
            f"{old / new:.1f}×",
            f"identical counts: {bool((before.raw == after.raw).all())}",
        ]
    )

    body = "\n".join(
        [
            f"## Proposed speed-ups, prototyped in `benchmarks/proposals.py` "
            f"({args.nodes:,} nodes, {args.arcs:,} arcs)",
            "",
            *C.machine_lines(info),
            f"- Busy cores before: {busy:.1f}; median of {r} runs each",
            f"- Reproduce: `python benchmarks/proposals.py --nodes {args.nodes} --arcs "
            f"{args.arcs}`",
            "",
            C.table(["proposal", "now", "proposed", "speed-up", "check"], rows),
        ]
    )
    print(body)
    if not args.no_write:
        C.update_results("proposals", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
