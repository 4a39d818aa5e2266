"""Gould-Fernandez brokerage: nlc against R's ``sna::brokerage()``, side by side.

Target (the ``nlc analyse`` issue): ``nlc.analysis.brokerage_roles`` at least 40 times
faster than ``sna::brokerage()`` on a 50,000-node, 500,000-arc directed network with
groups, measured in one run on the same files.

One run of this script:

1. writes (or reuses) the data set with ``benchmarks/generate.py``;
2. times nlc in two fresh processes, each timing only ``brokerage_roles(network, groups)``:
   the first with an empty numba cache, so its first call compiles the kernel (the cold
   first call), the second with that cache filled (the first call then loads it), followed
   by warm calls, whose median is the figure compared with sna;
3. runs ``benchmarks/sna_brokerage.R`` on the same ``ties.csv`` and ``nodes.csv``, timing
   only the ``brokerage()`` call with ``system.time``;
4. compares every cell of the raw counts (``raw.nli``), the z-scores (``z.nli``, to 1e-6)
   and the graph-level scores: a large-scale check that nlc computes what sna computes.

Usage::

    python benchmarks/bench_brokerage.py             # writes benchmarks/RESULTS.md
    python benchmarks/bench_brokerage.py --no-write
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402
import generate  # noqa: E402

TARGET_RATIO = 40.0
Z_TOLERANCE = 1e-6
R_SCRIPT = Path(__file__).resolve().parent / "sna_brokerage.R"


def child(data: Path, out: Path, repeats: int) -> dict:
    """Load the network, then time brokerage_roles: first call, then ``repeats`` calls."""
    import numpy as np

    t = time.perf_counter()
    from nlc.analysis import brokerage_roles
    from nlc.network import build_network, group_codes, read_nodes, read_ties

    network = build_network(read_ties(data / "ties.csv"), read_nodes(data / "nodes.csv"))
    groups, _ = group_codes(network, "group")
    load = time.perf_counter() - t

    t = time.perf_counter()
    result = brokerage_roles(network, groups)
    first = time.perf_counter() - t
    warm = []
    for _ in range(repeats):
        t = time.perf_counter()
        brokerage_roles(network, groups)
        warm.append(time.perf_counter() - t)
    np.save(out / "raw.npy", result.raw)
    np.save(out / "z.npy", result.z)
    np.save(
        out / "gli.npy",
        np.vstack([result.graph_raw, result.graph_expected, result.graph_sd, result.graph_z]),
    )
    return {
        "nodes": network.n,
        "arcs": network.m,
        "load_seconds": load,
        "first_call": first,
        "warm": warm,
    }


def _read_r_matrix(path: Path):
    import numpy as np

    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    values = np.array([[float(x) for x in line.split(",")] for line in lines[1:]])
    return header, values


def compare(out: Path) -> dict:
    """Compare nlc's arrays with sna's CSVs, cell by cell."""
    import numpy as np

    raw = np.load(out / "raw.npy")
    z = np.load(out / "z.npy")
    gli = np.load(out / "gli.npy")
    header, r_raw = _read_r_matrix(out / "r" / "raw_nli.csv")
    _, r_z = _read_r_matrix(out / "r" / "z_nli.csv")
    _, r_gli = _read_r_matrix(out / "r" / "gli.csv")
    result = {"columns": header, "cells": int(raw.size)}
    if r_raw.shape != raw.shape:
        result["shape_mismatch"] = [list(raw.shape), list(r_raw.shape)]
        return result
    result["raw_mismatches"] = int((r_raw != raw).sum())
    # sna gives NaN or Inf where the variance is zero; nlc gives NaN (JSON null)
    undefined_r, undefined_nlc = ~np.isfinite(r_z), ~np.isfinite(z)
    result["z_undefined_mismatches"] = int((undefined_r != undefined_nlc).sum())
    both = ~undefined_r & ~undefined_nlc
    result["z_undefined"] = int(undefined_nlc.sum())
    result["z_max_abs_diff"] = float(np.abs(r_z[both] - z[both]).max()) if both.any() else 0.0
    result["z_within_tolerance"] = bool(
        result["z_undefined_mismatches"] == 0 and result["z_max_abs_diff"] <= Z_TOLERANCE
    )
    result["graph_raw_equal"] = bool((r_gli[0] == gli[0]).all())
    finite = np.isfinite(r_gli[1:]) & np.isfinite(gli[1:])
    rel = np.abs(r_gli[1:] - gli[1:]) / np.maximum(np.abs(r_gli[1:]), 1e-300)
    result["graph_moments_max_rel_diff"] = float(rel[finite].max()) if finite.any() else 0.0
    result["graph_z_max_abs_diff"] = float(np.abs(r_gli[3] - gli[3])[finite[2]].max())
    result["graph_raw"] = gli[0].astype(int).tolist()
    result["total_brokerage"] = int(raw[:, -1].sum())
    return result


def _parse_keys(text: str) -> dict:
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.isidentifier():
            out[key] = value
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--arcs", type=int, default=500_000)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5, help="warm nlc calls")
    parser.add_argument("--rscript", default=shutil.which("Rscript") or "/usr/bin/Rscript")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=60,
        metavar="S",
        help="wait up to S seconds before each timed part for other jobs to leave the CPUs idle",
    )
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(child(args.data, args.out, args.repeats)))
        return 0

    info = C.machine()
    data = generate.write(args.nodes, args.arcs, args.groups, args.seed)
    work = Path(tempfile.mkdtemp(prefix="nlc-bench-brokerage-"))
    cache = work / "numba-cache"
    cache.mkdir()
    print(f"data: {C.rel(data)}; scratch: {work}", flush=True)

    runs = {}
    for label, repeats in (("empty cache", 0), ("cache filled", args.repeats)):
        busy = C.wait_quiet(args.wait_quiet)
        print(f"running: nlc, numba {label} (other jobs busy on {busy:.1f} cores)", flush=True)
        command = [sys.executable, __file__, "--child", "--data", str(data), "--out", str(work)]
        run = C.run_timed(
            command + ["--repeats", str(repeats)], env={"NUMBA_CACHE_DIR": str(cache)}
        )
        if not run.ok:
            print(run.stderr, file=sys.stderr)
            return 1
        run.extra = json.loads(run.stdout.strip().splitlines()[-1])
        run.busy_before = busy
        runs[label] = run
        print(f"  first call {C.fmt_s(run.extra['first_call'])}", flush=True)
    warm = runs["cache filled"].extra["warm"]
    nlc_median = statistics.median(warm)
    print(f"  warm calls: {', '.join(C.fmt_s(w) for w in warm)}", flush=True)

    busy = C.wait_quiet(args.wait_quiet)
    print(f"running: R sna::brokerage() (other jobs busy on {busy:.1f} cores)", flush=True)
    r_command = [args.rscript, str(R_SCRIPT), C.rel(data / "ties.csv"), C.rel(data / "nodes.csv")]
    r_run = C.run_timed(r_command + [str(work / "r")], cwd=C.REPO, timeout=1800)
    r_run.busy_before = busy
    facts = _parse_keys(r_run.stdout)
    if not r_run.ok or "done" not in facts:
        print(r_run.stdout, r_run.stderr, file=sys.stderr)
        return 1
    sna_seconds = float(facts["brokerage_elapsed"])
    print(f"  sna brokerage() {C.fmt_s(sna_seconds)}", flush=True)

    check = compare(work)
    body = _render(args, info, data, runs, nlc_median, r_run, facts, sna_seconds, check)
    print()
    print(body)
    if not args.no_write:
        C.update_results("brokerage", body)
        print(f"\nupdated {C.rel(C.RESULTS)}")
    return 0


def _render(args, info, data, runs, nlc_median, r_run, facts, sna_seconds, check) -> str:
    cold, filled = runs["empty cache"], runs["cache filled"]
    warm = filled.extra["warm"]
    ratio = sna_seconds / nlc_median
    lines = [
        f"## Brokerage: nlc against R sna::brokerage() at {args.nodes:,} nodes and "
        f"{args.arcs:,} arcs ({args.groups} groups)",
        "",
        *C.machine_lines(info),
        f"- R {facts.get('r_version')}, sna {facts.get('sna_version')} (Debian r-cran-sna)",
        f"- Data: `{C.rel(data)}` from `python benchmarks/generate.py --nodes {args.nodes} "
        f"--arcs {args.arcs} --groups {args.groups} --seed {args.seed}`; both sides read "
        'these files. sna gets a 3-column edgelist with `attr(el, "n") <- N` '
        f"({facts.get('arcs')} arcs, {facts.get('loops')} loops, "
        f"{facts.get('duplicates')} duplicates, passed through `as.edgelist.sna` unchanged: "
        f"{facts.get('edgelist_unchanged')}); nlc read {filled.extra['arcs']} arcs.",
        f"- Reproduce: `python benchmarks/bench_brokerage.py --nodes {args.nodes} --arcs "
        f"{args.arcs} --groups {args.groups} --seed {args.seed}`",
        "",
    ]
    rows = [
        [
            "sna `brokerage(el, cl)` (`system.time`, elapsed)",
            C.fmt_s(sna_seconds),
            r_run.busy(),
            "(peer)",
        ],
        [
            f"nlc `brokerage_roles(network, groups)`, warm (median of {len(warm)}: "
            + ", ".join(C.fmt_s(w) for w in warm)
            + ")",
            C.fmt_s(nlc_median),
            filled.busy(),
            f"**{ratio:.0f}× faster**",
        ],
        [
            "nlc first call, numba cache filled (loads the compiled kernel)",
            C.fmt_s(filled.extra["first_call"]),
            filled.busy(),
            f"{sna_seconds / filled.extra['first_call']:.0f}× faster",
        ],
        [
            "nlc first call, numba cache empty (compiles the kernel: cold)",
            C.fmt_s(cold.extra["first_call"]),
            cold.busy(),
            f"{sna_seconds / cold.extra['first_call']:.0f}× faster",
        ],
    ]
    lines.append(C.table(["what is timed", "time", "busy cores (before / during)", "vs sna"], rows))
    lines += [
        "",
        f"sna's `brokerage()` user/system CPU: {float(facts['brokerage_user']):.1f} s / "
        f"{float(facts['brokerage_sys']):.1f} s. Its C counting routine (`brokerage_R`), "
        f"timed alone after the comparison, takes {C.fmt_s(float(facts['c_loop_elapsed']))}; "
        "the rest of `brokerage()` is R code (the moments and a per-node `rbind` of the "
        "expectations).",
        "",
        f"Target: at least {TARGET_RATIO:.0f}× faster (warm) → {ratio:.0f}× → "
        f"{C.verdict(ratio >= TARGET_RATIO)}.",
        "",
    ]
    lines += _render_check(check)
    return "\n".join(lines)


def _render_check(check: dict) -> list[str]:
    if "shape_mismatch" in check:
        return [f"Agreement: **FAIL**, shapes differ {check['shape_mismatch']}", ""]
    ok = (
        check["raw_mismatches"] == 0
        and check["z_within_tolerance"]
        and check["graph_raw_equal"]
        and check["graph_moments_max_rel_diff"] < 1e-9
    )
    return [
        f"Agreement with sna ({check['cells']:,} node-level cells, columns "
        f"{', '.join(check['columns'])}): {C.verdict(ok)}",
        "",
        f"- raw counts (`raw.nli`): {check['raw_mismatches']} cells differ "
        f"(total brokerage {check['total_brokerage']:,}; graph level "
        f"{check['graph_raw']}, equal: {check['graph_raw_equal']})",
        f"- z-scores (`z.nli`): max |difference| {check['z_max_abs_diff']:.2g} "
        f"(tolerance {Z_TOLERANCE:g}); undefined cells {check['z_undefined']}, "
        f"{check['z_undefined_mismatches']} where only one side is undefined",
        f"- graph level expectation, sd: max relative difference "
        f"{check['graph_moments_max_rel_diff']:.2g}; z: max |difference| "
        f"{check['graph_z_max_abs_diff']:.2g}",
        "",
    ]


if __name__ == "__main__":
    sys.exit(main())
