"""Prototypes of speed-ups proposed for ``src/nlc``, measured against the code they replace.

These are not used by nlc; they exist so that each proposal in ``RESULTS.md`` comes with a
measurement and an equality check on the benchmark network. Once ``src/nlc`` adopts (or
rejects) a proposal, delete it here.

Adopted already, and so removed from here: the igraph graph built once per network from a
list of pairs, and compact JSON for large networks (both in 82ddc98).

1. Burt's constraint in the same numba loop as effective size (which already visits every
   ``i - j - q`` path over mutual ties), instead of calling igraph's ``Graph.constraint()``.
   Same formula and the same mutual weights as igraph's C code
   (``p_ij = (a_ij + a_ji) / sum_k (a_ik + a_ki)``), so the values agree to rounding; the
   tests that compare nlc's constraint with igraph's keep guarding it.
2. ``brokerage._csr`` sorts arcs with ``np.lexsort`` on two keys; ``np.argsort`` of the one
   int64 key ``row * n + col`` gives the same order (arcs are distinct) in a fraction of the
   time, and is almost free on the out-CSR, whose arcs ``build_network`` already sorted.
3. Compile the kernels once, serially, with ``nogil=True``, and run them on two Python
   threads over halves of the work, instead of ``parallel=True`` builds: numba compiles a
   ``prange`` kernel several times slower than the same loop without it, and the first
   ``nlc analyse`` after installing (empty numba cache) pays that. Shown here on the
   betweenness kernel, the slowest to compile; brokerage and effective size are the same
   change (each thread writes its own rows of the output).

Usage::

    python benchmarks/proposals.py          # prints a table, updates RESULTS.md
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numba
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402
import generate  # noqa: E402


@numba.njit(cache=True, parallel=True)
def holes_whole(ptr, idx, val):  # pragma: no cover - compiled
    """Proposal 1: effective size and constraint together, over the mutual-weight CSR.

    ``ptr, idx, val`` as returned by ``nlc.analysis.structural_holes._mutual_csr``.
    Isolates get 0 here; the caller sets them to NaN as today.
    """
    n = len(ptr) - 1
    rowsum = np.zeros(n)
    rowmax = np.zeros(n)
    for i in range(n):
        for a in range(ptr[i], ptr[i + 1]):
            rowsum[i] += val[a]
            rowmax[i] = max(rowmax[i], val[a])
    effective = np.zeros(n)
    constraint = np.zeros(n)
    chunks = 64
    for c in numba.prange(chunks):
        p = np.zeros(n)  # p_iq for the contacts q of the current ego i, else 0
        indirect = np.zeros(n)  # sum over j of p_ij p_jq, for contacts q of i
        for i in range(c, n, chunks):
            lo, hi = ptr[i], ptr[i + 1]
            for a in range(lo, hi):
                p[idx[a]] = val[a] / rowsum[i]
            redundancy = 0.0
            for a in range(lo, hi):
                j = idx[a]
                pij = val[a] / rowsum[i]
                for b in range(ptr[j], ptr[j + 1]):
                    q = idx[b]
                    if p[q] > 0.0:  # q is also a contact of i (and q != i, j)
                        redundancy += p[q] * val[b] / rowmax[j]
                        indirect[q] += pij * val[b] / rowsum[j]
            total = 0.0
            for a in range(lo, hi):
                q = idx[a]
                total += (p[q] + indirect[q]) ** 2
                p[q] = 0.0
                indirect[q] = 0.0
            effective[i] = (hi - lo) - redundancy
            constraint[i] = total
    return effective, constraint


def csr_by_key(rows: np.ndarray, cols: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Proposal 2: ``brokerage._csr`` with one argsort of an int64 key."""
    order = np.argsort(rows * n + cols)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=ptr[1:])
    return ptr, np.ascontiguousarray(cols[order], dtype=np.int64)


@numba.njit(cache=True, nogil=True)
def dependencies_nogil(ptr, idx, sources):  # pragma: no cover - compiled
    """Proposal 3: nlc's ``_source_dependencies`` loop for one thread's sources."""
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
    """Proposal 3: run :func:`dependencies_nogil` on ``threads`` Python threads."""
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


def child_compile(which: str) -> float:
    """Seconds for the first call of a kernel on a tiny graph (run with an empty cache)."""
    import importlib

    ptr, idx, sources = _tiny_csr()
    if which == "nlc":
        kernel = importlib.import_module("nlc.analysis.centrality")._source_dependencies
        kernel = getattr(kernel, "parallel", kernel)
        t = time.perf_counter()
        kernel(ptr, idx, sources, 2)
    else:
        t = time.perf_counter()
        dependencies_threads(ptr, idx, sources)
    return time.perf_counter() - t


def _compile_seconds(which: str) -> float:
    import json
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
        print(child_compile(args.child_compile))
        return 0

    import dataclasses

    from nlc.analysis import brokerage as brokerage_module
    from nlc.analysis.structural_holes import _mutual_csr, structural_holes
    from nlc.network import build_network, group_codes, read_nodes, read_ties

    info = C.machine()
    data = generate.write(args.nodes, args.arcs, args.groups, args.seed)
    network = build_network(read_ties(data / "ties.csv"), read_nodes(data / "nodes.csv"))
    ptr, idx, val = _mutual_csr(network)
    holes_whole(ptr, idx, val)  # compile
    structural_holes(network, "whole")  # warm nlc's kernels (and build the igraph graph)
    busy = C.wait_quiet(args.wait_quiet)
    r = args.repeats
    rows = []

    # 1. structural holes. "On its own" uses a copy of the network, whose igraph graph is
    # not built yet; inside analyse() the components step has built it already.
    alone, _ = _time(lambda: structural_holes(dataclasses.replace(network), "whole"), r)
    inside, holes = _time(lambda: structural_holes(network, "whole"), r)

    def proposed():
        p, i, v = _mutual_csr(network)
        effective, constraint = holes_whole(p, i, v)
        degree = np.diff(p)
        return np.where(degree > 0, effective, np.nan), np.where(degree > 0, constraint, np.nan)

    holes_new, (effective, constraint) = _time(proposed, r)
    kernel, _ = _time(lambda: holes_whole(ptr, idx, val), r)
    peer, _ = _time(network.to_igraph(weighted=False).constraint, r)
    diff_c = float(np.nanmax(np.abs(constraint - holes.constraint)))
    diff_e = float(np.nanmax(np.abs(effective - holes.effective_size)))
    check = f"constraint max diff {diff_c:.1g}, effective size {diff_e:.1g}"
    rows.append(
        [
            "1. `structural_holes(network, 'whole')` on its own",
            C.fmt_s(alone),
            C.fmt_s(holes_new),
            f"{alone / holes_new:.1f}×",
            check,
        ]
    )
    rows.append(
        [
            "1. the same inside `analyse` (igraph graph already built)",
            C.fmt_s(inside),
            C.fmt_s(holes_new),
            f"{inside / holes_new:.1f}×",
            check,
        ]
    )

    # 2. brokerage CSR
    groups, _ = group_codes(network, "group")
    old, before = _time(lambda: brokerage_module.brokerage_roles(network, groups), r)
    original = brokerage_module._csr
    brokerage_module._csr = csr_by_key
    try:
        new, after = _time(lambda: brokerage_module.brokerage_roles(network, groups), r)
    finally:
        brokerage_module._csr = original
    rows.append(
        [
            "2. `brokerage_roles(network, groups)`, CSR by one int64 key",
            C.fmt_s(old),
            C.fmt_s(new),
            f"{old / new:.1f}×",
            f"identical counts: {bool((before.raw == after.raw).all())}",
        ]
    )

    # 3. betweenness kernel: compile time (fresh process, empty cache) and run time
    compile_now, compile_new = _compile_seconds("nlc"), _compile_seconds("proposed")
    from nlc.analysis import centrality

    src, tgt = network.arcs()
    order = np.argsort(src, kind="stable")
    bptr = np.zeros(network.n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=network.n), out=bptr[1:])
    bidx = tgt[order].astype(np.int64)
    sources = np.random.default_rng(0).choice(network.n, 128, replace=False).astype(np.int64)
    kernel = centrality._source_dependencies
    kernel = getattr(kernel, "parallel", kernel)
    kernel(bptr, bidx, sources[:2], 2)  # load
    dependencies_threads(bptr, bidx, sources[:2])
    old, a = _time(lambda: kernel(bptr, bidx, sources, 4), r)
    new, b = _time(lambda: dependencies_threads(bptr, bidx, sources), r)
    diff = float(np.abs(a - b).max() / np.abs(a).max())
    rows.append(
        [
            "3. betweenness kernel, first call with an empty numba cache (compile)",
            C.fmt_s(compile_now),
            C.fmt_s(compile_new),
            f"{compile_now / compile_new:.1f}×",
            "tiny graph, fresh process",
        ]
    )
    rows.append(
        [
            "3. betweenness kernel, 128 sources, compiled (prange vs 2 threads)",
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
            "",
            f"For scale: igraph's `Graph.constraint()` alone, on a graph already built, takes "
            f"{C.fmt_s(peer)} here; proposal 1 computes constraint *and* effective size in "
            f"{C.fmt_s(holes_new)} (of which the numba kernel {C.fmt_s(kernel)}, the rest "
            f"building the mutual-weight CSR), {peer / holes_new:.1f}× as fast as igraph's "
            "constraint alone.",
        ]
    )
    print(body)
    if not args.no_write:
        C.update_results("proposals", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
