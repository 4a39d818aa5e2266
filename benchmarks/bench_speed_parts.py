"""Parts of ``nlc analyse`` measured beside the code they replaced (issue #14), each pair in
one run of this script, each measurement in a fresh process:

- ``chance``: the E-I permutation interval (500 seeded shuffles) at 100,000 nodes and
  1,000,000 arcs: the relabel-and-gather of the baseline against the compiled count;
  the intervals must be identical;
- ``betweenness``: the default betweenness (no ``--exact``/``--sampled``) on planted-partition
  networks of 10 arcs per node, from 5,000 to 100,000 nodes: the default's time must never
  fall from one size to a larger one;
- ``compile``: the first-run compilation of every analysis kernel into an empty numba cache
  (:func:`nlc.analysis.precompile.warm_up`).

The baseline is a git worktree of ``--baseline`` (default ``b812f2e``, the code before
issue #14's work) in a scratch folder.

Usage::

    python benchmarks/bench_speed_parts.py            # writes benchmarks/RESULTS.md
    python benchmarks/bench_speed_parts.py --no-write # print only
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402
import generate  # noqa: E402

SIZES = (5_000, 10_000, 15_000, 20_000, 30_000, 50_000, 100_000)
#: Sizes at which the baseline runs too: the last exact size of its default, the next one.
CLIFF = (20_000, 30_000)


def _clock(func, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    out = func(*args, **kwargs)
    return out, time.perf_counter() - wall, time.process_time() - cpu


def _network(nodes: int, seed: int = 1):
    import numpy as np

    from nlc.network import Network

    src, tgt, groups = generate.planted_partition(nodes, 10 * nodes, 20, seed)
    ids = [str(i) for i in range(nodes)]
    net = Network(ids, src.astype(np.int64), tgt.astype(np.int64), np.ones(len(src)), True)
    return net, groups.astype(np.int64)


def child(mode: str, nodes: int) -> dict:
    if mode == "compile":
        from nlc.analysis.precompile import warm_up

        _, wall, cpu = _clock(warm_up)
        return {"wall": wall, "cpu": cpu}
    net, groups = _network(nodes)
    if mode == "chance":
        from nlc.analysis.homophily import ei_chance

        result, wall, cpu = _clock(ei_chance, net, groups, seed=0)
        return {"wall": wall, "cpu": cpu, "interval": [result.low, result.high]}
    from nlc.analysis.centrality import betweenness

    betweenness(_network(300)[0])  # numba kernels loaded (or compiled) before timing
    result, wall, cpu = _clock(betweenness, net)
    return {"wall": wall, "cpu": cpu, "method": result.method, "samples": result.samples}


def _run(mode: str, nodes: int, src: Path, cache: Path) -> C.Run:
    env = {"PYTHONPATH": str(src), "NUMBA_CACHE_DIR": str(cache)}
    command = [sys.executable, __file__, "--child", mode, "--nodes", str(nodes)]
    run = C.run_timed(command, env=env)
    run.extra = json.loads(run.stdout.strip().splitlines()[-1]) if run.ok else {}
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="b812f2e")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", choices=["chance", "betweenness", "compile"])
    parser.add_argument("--nodes", type=int, default=100_000)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.nodes)))
        return 0

    info = C.machine()
    work = Path(tempfile.mkdtemp(prefix="nlc-bench-parts-"))
    tree = work / "baseline"
    subprocess.run(
        ["git", "-C", str(C.REPO), "worktree", "add", "--detach", str(tree), args.baseline],
        check=True,
        capture_output=True,
    )
    sides = {"this tree": C.REPO / "src", f"baseline {args.baseline}": tree / "src"}
    caches = {side: work / f"cache-{i}" for i, side in enumerate(sides)}
    rows: dict[str, list] = {"compile": [], "chance": [], "betweenness": []}
    try:
        for side, src in sides.items():
            run = _run("compile", 0, src, work / f"cold-{len(rows['compile'])}")
            rows["compile"].append([side, run])
            print("compile", side, run.extra, flush=True)
        for side, src in sides.items():
            run = _run("chance", 100_000, src, caches[side])
            rows["chance"].append([side, run])
            print("chance", side, run.extra, flush=True)
        for nodes in SIZES:
            for side, src in sides.items():
                if side != "this tree" and nodes not in CLIFF:
                    continue  # the baseline only either side of its cliff
                run = _run("betweenness", nodes, src, caches[side])
                rows["betweenness"].append([f"{nodes:,} nodes: {side}", run])
                print("betweenness", nodes, side, run.extra, flush=True)
    finally:
        subprocess.run(
            ["git", "-C", str(C.REPO), "worktree", "remove", "--force", str(tree)],
            check=False,
            capture_output=True,
        )
    body = _render(args, info, rows)
    print(body)
    if not args.no_write:
        C.update_results("speed-parts", body)
    return 0


def _cells(run: C.Run) -> list[str]:
    e = run.extra
    if not run.ok:
        return [f"failed: {run.error_line()}", "", ""]
    return [C.fmt_s(e["wall"]), C.fmt_s(e["cpu"]), run.busy()]


def _render(args, info, rows) -> str:
    lines = [
        "## Parts of `nlc analyse` beside the code before issue #14",
        "",
        *C.machine_lines(info),
        f"- Reproduce: `python benchmarks/bench_speed_parts.py --baseline {args.baseline}`",
        "- Each line is its own process; the two sides of a pair ran one after the other. "
        "Busy cores: other jobs on this shared machine (before / during); wall times are "
        "inflated when they are above ~0.3, CPU times much less.",
        "",
    ]
    table = [[side, *_cells(run)] for side, run in rows["compile"]]
    lines.append(
        C.table(
            ["side", "wall", "CPU", "busy cores"],
            table,
            title="First-run compilation of every analysis kernel (empty numba cache)",
        )
    )
    lines.append("")
    table = []
    for side, run in rows["chance"]:
        interval = run.extra.get("interval")
        table.append([side, *_cells(run), str(interval)])
    lines.append(
        C.table(
            ["side", "wall", "CPU", "busy cores", "interval"],
            table,
            title="E-I permutation interval, 500 shuffles, 100,000 nodes, 1,000,000 arcs",
        )
    )
    lines.append("")
    table = []
    for label, run in rows["betweenness"]:
        e = run.extra
        how = e.get("method", "?") + (f", {e['samples']} sources" if e.get("samples") else "")
        table.append([label, *_cells(run), how])
    lines.append(
        C.table(
            ["default betweenness (10 arcs per node)", "wall", "CPU", "busy cores", "method"],
            table,
            title="No cliff: the default betweenness by size",
        )
    )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
