"""Prototypes of speed-ups proposed for ``src/nlc``, measured against the code they replace.

These are not used by nlc; they exist so that each proposal in ``RESULTS.md`` comes with a
measurement and an equality check on the benchmark network. Once ``src/nlc`` adopts (or
rejects) a proposal, delete it here.

Adopted already, and so removed from here: the igraph graph built once per network from a
list of pairs and compact JSON for large networks (82ddc98), and constraint computed in the
effective-size kernel (24a4f0d).

1. ``brokerage._csr`` sorts arcs with ``np.lexsort`` on two keys; ``np.argsort`` of the one
   int64 key ``row * n + col`` gives the same order (arcs are distinct) in a fraction of the
   time, and is almost free on the out-CSR, whose arcs ``build_network`` already sorted.
2. Compile the kernels once, serially, with ``nogil=True``, and run them on two Python
   threads over halves of the work, instead of ``parallel=True`` builds: numba compiles a
   ``prange`` kernel several times slower than the same loop without it, and the first
   ``nlc analyse`` after installing (empty numba cache) pays that. Shown here on the
   betweenness kernel, the slowest to compile; brokerage and structural holes are the same
   change (each thread writes its own rows of the output).

Usage::

    python benchmarks/proposals.py          # prints a table, updates RESULTS.md
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numba
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


@numba.njit(cache=True, nogil=True)
def dependencies_nogil(ptr, idx, sources):  # pragma: no cover - compiled
    """Proposal 2: nlc's ``_source_dependencies`` loop for one thread's sources."""
    n = len(ptr) - 1
    acc = np.zeros(n)
    sigma = np.zeros(n)
    dist = np.full(n, -1, dtype=np.int64)
    delta = np.zeros(n)
    stack = np.empty(n, dtype=np.int64)
    for t in range(len(sources)):
        s = sources[t]
        sigma[s] = 1.0
        dist[s] = 0
        head, tail = 0, 1
        stack[0] = s
        while head < tail:  # BFS; the queue doubles as the order of discovery
            v = stack[head]
            head += 1
            for a in range(ptr[v], ptr[v + 1]):
                w = idx[a]
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    stack[tail] = w
                    tail += 1
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
        for pos in range(tail - 1, -1, -1):  # accumulate in reverse BFS order
            w = stack[pos]
            for a in range(ptr[w], ptr[w + 1]):
                x = idx[a]
                if dist[x] == dist[w] + 1:
                    delta[w] += sigma[w] / sigma[x] * (1.0 + delta[x])
            if w != s:
                acc[w] += delta[w]
        for pos in range(tail):
            w = stack[pos]
            sigma[w] = 0.0
            dist[w] = -1
            delta[w] = 0.0
    return acc


def dependencies_threads(ptr, idx, sources, threads: int = 2) -> np.ndarray:
    """Proposal 2: run :func:`dependencies_nogil` on ``threads`` Python threads."""
    from concurrent.futures import ThreadPoolExecutor

    parts = [sources[i::threads] for i in range(threads)]
    with ThreadPoolExecutor(threads) as pool:
        return sum(pool.map(lambda part: dependencies_nogil(ptr, idx, part), parts))


def _tiny_csr():
    rng = np.random.default_rng(0)
    n = 200
    src, tgt = rng.integers(0, n, 1000), rng.integers(0, n, 1000)
    keys = np.unique(src[src != tgt] * n + tgt[src != tgt])
    src, tgt = np.divmod(keys, n)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=ptr[1:])
    return ptr, tgt.astype(np.int64), np.arange(5, dtype=np.int64)


def child_compile(which: str) -> dict:
    """Seconds for the first call of each kernel on a tiny graph (run with an empty cache).

    ``which="nlc"``: the ``parallel=True`` builds that ``nlc analyse`` uses at scale.
    ``which="proposed"``: the same loops compiled without ``prange`` (nlc's own serial
    builds of brokerage and structural holes, and :func:`dependencies_nogil`).
    """
    import importlib

    import nlc.analysis  # noqa: F401 - the package, so that the modules below resolve

    brokerage = importlib.import_module("nlc.analysis.brokerage")
    holes = importlib.import_module("nlc.analysis.structural_holes")
    centrality = importlib.import_module("nlc.analysis.centrality")
    from nlc.network import Network

    ptr, idx, sources = _tiny_csr()
    n = len(ptr) - 1
    src = np.repeat(np.arange(n), np.diff(ptr))
    network = Network([str(i) for i in range(n)], src, idx, np.ones(len(idx)), True)
    groups = np.arange(n, dtype=np.int64) % 3
    out_ptr, out_idx = brokerage._csr(src, idx, n)
    in_ptr, in_idx = brokerage._csr(idx, src, n)
    mptr, midx, mval = holes._mutual_csr(network)
    whole = getattr(holes, "_holes_whole", None) or holes._effective_size_whole
    build = "parallel" if which == "nlc" else "serial"
    calls = {
        "brokerage": lambda: getattr(brokerage._count_roles, build)(
            out_ptr, out_idx, in_ptr, in_idx, groups
        ),
        "structural holes": lambda: getattr(whole, build)(mptr, midx, mval),
        "betweenness": (
            (lambda: centrality._source_dependencies(ptr, idx, sources, 2))
            if which == "nlc"
            else (lambda: dependencies_threads(ptr, idx, sources))
        ),
    }
    seconds = {}
    for name, call in calls.items():
        t = time.perf_counter()
        call()
        seconds[name] = time.perf_counter() - t
    return seconds


def _compile_seconds(which: str) -> dict:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="nlc-numba-") as cache:
        run = C.run_timed(
            [sys.executable, __file__, "--child-compile", which],
            env={"NUMBA_CACHE_DIR": cache},
        )
    if not run.ok:
        raise RuntimeError(run.stderr)
    return json.loads(run.stdout.strip().splitlines()[-1])


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
    parser.add_argument("--child-compile", choices=["nlc", "proposed"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_compile:
        print(json.dumps(child_compile(args.child_compile)))
        return 0

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

    # 2. betweenness kernel: compile time (fresh process, empty cache) and run time
    compile_now, compile_new = _compile_seconds("nlc"), _compile_seconds("proposed")
    from nlc.analysis import centrality

    src, tgt = network.arcs()
    order = np.argsort(src, kind="stable")
    bptr = np.zeros(network.n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=network.n), out=bptr[1:])
    bidx = tgt[order].astype(np.int64)
    sources = np.random.default_rng(0).choice(network.n, 128, replace=False).astype(np.int64)
    between = centrality._source_dependencies
    between = getattr(between, "parallel", between)
    between(bptr, bidx, sources[:2], 2)  # load
    dependencies_threads(bptr, bidx, sources[:2])
    # alternate the two, so that other jobs on the machine slow both alike
    olds, news = [], []
    for _ in range(max(r, 5)):
        t, a = _time(lambda: between(bptr, bidx, sources, 4), 1)
        olds.append(t)
        t, b = _time(lambda: dependencies_threads(bptr, bidx, sources), 1)
        news.append(t)
    old, new = statistics.median(olds), statistics.median(news)
    diff = float(np.abs(a - b).max() / np.abs(a).max())
    for name in compile_now:
        rows.append(
            [
                f"2. {name} kernel, first call with an empty numba cache (compile)",
                C.fmt_s(compile_now[name]),
                C.fmt_s(compile_new[name]),
                f"{compile_now[name] / compile_new[name]:.1f}×",
                "tiny graph, fresh process",
            ]
        )
    total_now, total_new = sum(compile_now.values()), sum(compile_new.values())
    rows.append(
        [
            "2. all three: compile time added to the first `nlc analyse`",
            C.fmt_s(total_now),
            C.fmt_s(total_new),
            f"{total_now / total_new:.1f}×",
            "",
        ]
    )
    rows.append(
        [
            f"2. betweenness kernel, 128 sources, compiled (prange vs 2 threads; median of "
            f"{len(olds)}, alternating)",
            C.fmt_s(old),
            C.fmt_s(new),
            f"{old / new:.1f}×",
            f"max relative difference {diff:.1g}",
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
