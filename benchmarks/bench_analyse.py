"""Speed and memory of ``nlc analyse`` on a 100,000-node, 1,000,000-arc network, and of
Burt's constraint against igraph on the same graph.

Targets (issue #14, "Speed at national scale"; before it, 30 s and 3 GB):

1. the whole command ``nlc analyse ties.csv --nodes nodes.csv --group group --json out.json``
   within 10 s wall on this 2-core machine, CSV parsing included, peak RSS within 1 GB;
2. ``nlc.analysis.structural_holes(network, "whole")`` no slower than igraph's
   ``Graph.constraint()`` on the same graph.

What runs, each in its own process:

- the CLI twice with ``--json``: first with an empty numba cache (``NUMBA_CACHE_DIR`` set
  to a new folder, so the compiled kernels are built: what a user sees once after
  installing), then again with that cache filled (every later run); then once more with
  ``--report out.html`` added. Wall time, peak RSS and CPU time come from
  ``/usr/bin/time -v``;
- the same work step by step in one process, timing each step with the ``progress=``
  callback of :func:`nlc.analysis.summary.analyse`;
- constraint: nlc's whole-model :func:`~nlc.analysis.structural_holes` (igraph's
  constraint plus effective size) and its parts, against ``Graph.constraint()``.

Usage::

    python benchmarks/bench_analyse.py            # writes benchmarks/RESULTS.md
    python benchmarks/bench_analyse.py --no-write # print only
    python benchmarks/bench_analyse.py --baseline main  # each CLI run beside main's
    python benchmarks/bench_analyse.py --nodes 1000000 --arcs 10000000 --cli-only

``--cli-only`` times one CLI run with the kernels compiled beforehand (as ``make install``
does) and nothing else: at 1,000,000 nodes and 10,000,000 arcs (target: within 4 minutes
and 20 GB on this 2-core machine) each run takes minutes. Sizes other than the default
write their own section of RESULTS.md (``analyse-n<nodes>-m<arcs>``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402
import generate  # noqa: E402

TARGET_WALL = 10.0
TARGET_RSS_MB = 1024
#: Targets of issue #14 on this 2-core machine by size (nodes, arcs): wall s, peak RSS MB.
TARGETS = {
    (100_000, 1_000_000): (TARGET_WALL, TARGET_RSS_MB),
    (1_000_000, 10_000_000): (240, 20_480),
}


# --------------------------------------------------------------------------------------
# Child process: the analysis step by step


def _clock():
    return time.perf_counter(), time.process_time()


def child_steps(data: Path, out: Path, report: bool) -> dict:
    """Time each step of ``nlc analyse`` in this process; return {step: (wall, cpu)}."""
    marks = [("start", *_clock())]

    def mark(name: str) -> None:
        marks.append((name, *_clock()))

    error = None
    try:
        _steps(data, out, report, mark)
    except Exception as exc:  # report how far it got, and why it stopped
        error = f"{type(exc).__name__}: {exc}"
        mark("(failed)")

    # analyse() calls progress(name) as each of its steps starts, so an interval that
    # starts at such a mark is that step; the others are named by the mark that ends them
    # (the interval that ends at analyse's first step is the group coding).
    from nlc.analysis.summary import STEPS

    named = []
    for (start, w0, c0), (end, w1, c1) in zip(marks, marks[1:], strict=False):
        if start in STEPS:
            label = f"analyse: {start}"
        elif end == STEPS[0]:
            label = "analyse: group codes"
        else:
            label = end
        named.append([label, w1 - w0, c1 - c0])
    return {
        "steps": named,
        "total_wall": marks[-1][1] - marks[0][1],
        "total_cpu": marks[-1][2] - marks[0][2],
        "error": error,
        "betweenness": _betweenness_info.copy(),
    }


_betweenness_info: dict = {}


def _steps(data: Path, out: Path, report: bool, mark) -> None:
    from nlc.analysis.summary import analyse
    from nlc.network import build_network, read_nodes, read_ties

    mark("import nlc")
    ties = read_ties(data / "ties.csv")
    mark("read ties CSV")
    nodes = read_nodes(data / "nodes.csv")
    mark("read nodes CSV")
    network = build_network(ties, nodes)
    del ties, nodes
    mark("build network")
    result = analyse(network, "group", progress=mark)
    mark("end of analyse")
    _betweenness_info["method"] = result.betweenness.method
    _betweenness_info["samples"] = getattr(result.betweenness, "samples", None)
    document = result.to_json()
    mark("to JSON document")
    # as nlc.cli.analyse writes it (indented up to 10,000 nodes, else orjson on one line)
    from nlc.analysis.summary import json_text

    text = json_text(document)
    mark("JSON text")
    (out / "steps.json").write_text(text)
    mark("write JSON file")
    if report:
        from nlc.reports import render_report

        html = render_report(result, title="benchmark", source_description=str(data))
        mark("render HTML report")
        (out / "steps.html").write_text(html)
        mark("write HTML file")


# --------------------------------------------------------------------------------------
# Child process: constraint against igraph


def _best(times: list[float]) -> dict:
    return {"min": min(times), "median": statistics.median(times), "runs": times}


def child_constraint(data: Path, repeats: int) -> dict:
    import dataclasses

    import igraph
    import numpy as np

    from nlc.analysis.structural_holes import _mutual_csr, structural_holes
    from nlc.network import build_network, read_nodes, read_ties

    network = build_network(read_ties(data / "ties.csv"), read_nodes(data / "nodes.csv"))
    structural_holes(network, "whole")  # warm-up: numba kernels loaded or compiled
    keys = (
        "nlc total",
        "mutual CSR",
        "peer: Graph.constraint()",
        "peer: graph build from edge list",
    )
    times: dict[str, list[float]] = {k: [] for k in keys}

    def timed(key, func, *args):
        t = time.perf_counter()
        out = func(*args)
        times[key].append(time.perf_counter() - t)
        return out

    edges = list(zip(network.source.tolist(), network.target.tolist(), strict=True))
    for _ in range(repeats):
        # A copy of the Network, so that nothing it caches (its igraph graph, since
        # 82ddc98) is reused: what a caller of structural_holes() alone pays.
        holes = timed("nlc total", structural_holes, dataclasses.replace(network), "whole")
        timed("mutual CSR", _mutual_csr, network)
        graph = timed(
            "peer: graph build from edge list",
            lambda: igraph.Graph(n=network.n, edges=edges, directed=network.directed),
        )
        peer = np.asarray(timed("peer: Graph.constraint()", graph.constraint), dtype=np.float64)
        del graph
    same = np.isnan(holes.constraint) == np.isnan(peer)
    diff = float(np.nanmax(np.abs(holes.constraint - peer))) if same.all() else float("inf")
    return {"times": {k: _best(v) for k, v in times.items()}, "max_abs_diff": diff}


# --------------------------------------------------------------------------------------
# Driver


def _child(mode: str, data: Path, out: Path, env: dict, extra: list[str]) -> C.Run:
    command = [sys.executable, __file__, "--child", mode, "--data", str(data), "--out", str(out)]
    run = C.run_timed(command + extra, env=env)
    if run.ok:
        run.extra = json.loads(run.stdout.strip().splitlines()[-1])
    return run


def _check_json(path: Path, nodes: int, arcs: int) -> str:
    if not path.exists():
        return "no JSON written"
    with open(path) as fh:
        doc = json.load(fh)
    net = doc["network"]
    if net["nodes"] != nodes or net["ties"] != arcs or len(doc["nodes"]) != nodes:
        return f"JSON has {net['nodes']} nodes, {net['ties']} ties"
    return "ok"


def _plan(args, work: Path, env: dict) -> list[tuple[str, list[str], dict]]:
    """The CLI runs: (label, arguments after the common ones, environment)."""
    cold = ("CLI --json, empty numba cache (compiles)", ["--json", str(work / "cold.json")])
    warm = ("CLI --json, numba cache filled", ["--json", str(work / "warm.json")])
    plan = []
    if args.baseline:
        tree = work / "baseline"
        subprocess.run(
            ["git", "-C", str(C.REPO), "worktree", "add", "--detach", str(tree), args.baseline],
            check=True,
            capture_output=True,
        )
        short = subprocess.run(
            ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        cache = work / "numba-cache-baseline"
        cache.mkdir()
        base_env = {"NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(tree / "src")}
        for label, extra in (cold, warm):
            plan.append((label, extra, env))
            out = [extra[0], extra[1].replace(".json", "-baseline.json")]
            plan.append((f"{label}: baseline {args.baseline} ({short})", out, base_env))
    else:
        plan += [(*cold, env), (*warm, env)]
    if not args.skip_report:
        report = ["--json", str(work / "report.json"), "--report", str(work / "report.html")]
        plan.append(("CLI --json --report, numba cache filled", report, env))
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--arcs", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="constraint repetitions")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=60,
        metavar="S",
        help="wait up to S seconds before each run for other jobs to leave the CPUs idle",
    )
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="also run the CLI of git REF (a worktree in a scratch folder), each run beside "
        "the same run of this tree",
    )
    parser.add_argument("--skip-report", action="store_true", help="no --report run")
    parser.add_argument("--skip-constraint", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    parser.add_argument(
        "--cli-only", action="store_true", help="one CLI --json run, kernels compiled first"
    )
    parser.add_argument(
        "--threads-rows",
        action="store_true",
        help="with --cli-only: also run the CLI with NUMBA_NUM_THREADS = 1, 2, 4, 8, 16",
    )
    parser.add_argument("--child", choices=["steps", "constraint"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child == "steps":
        print(json.dumps(child_steps(args.data, args.out, args.report)))
        return 0
    if args.child == "constraint":
        print(json.dumps(child_constraint(args.data, args.repeats)))
        return 0

    info = C.machine()
    data = generate.write(args.nodes, args.arcs, args.groups, args.seed)
    ties, nodes = data / "ties.csv", data / "nodes.csv"
    work = Path(tempfile.mkdtemp(prefix="nlc-bench-analyse-"))
    cache = work / "numba-cache"
    cache.mkdir()
    env = {"NUMBA_CACHE_DIR": str(cache)}
    print(f"data: {C.rel(data)}; scratch: {work}", flush=True)

    nlc = C.nlc_command()
    base = ["analyse", C.rel(ties), "--nodes", C.rel(nodes), "--group", "group"]
    if args.cli_only:
        body = cli_only(args, info, data, (nlc, base), env, work)
        print(body)
        if not args.no_write:
            C.update_results(_section_key(args), body)
        return 0
    cli_runs = []
    plan = _plan(args, work, env)
    for label, extra, run_env in plan:
        busy = C.wait_quiet(args.wait_quiet)
        print(f"running: {label} (other jobs busy on {busy:.1f} cores)", flush=True)
        run = C.run_timed(nlc + base + extra, env=run_env, cwd=C.REPO)
        run.busy_before = busy
        check = _check_json(Path(extra[1]), args.nodes, args.arcs) if run.ok else run.error_line()
        cli_runs.append((label, run, check, extra))
        print(
            f"  wall {C.fmt_s(run.wall)}, peak RSS {run.max_rss_mb:.0f} MB, "
            f"CPU {run.user + run.sys:.1f} s, exit {run.returncode}: {check}",
            flush=True,
        )
    startup = C.run_timed(nlc + ["--version"], env=env)

    report_flag = [] if args.skip_report else ["--report"]
    busy = C.wait_quiet(args.wait_quiet)
    print(f"running: steps in one process (other jobs busy on {busy:.1f} cores)", flush=True)
    steps = _child("steps", data, work, env, report_flag)
    steps.busy_before = busy
    if not steps.ok:
        print(steps.stderr[-3000:], file=sys.stderr)
    # and once more with an empty cache, to see which steps pay for compiling
    cold_cache = work / "numba-cache-cold-steps"
    cold_cache.mkdir()
    busy = C.wait_quiet(args.wait_quiet)
    print(f"running: steps, empty numba cache (other jobs busy on {busy:.1f} cores)", flush=True)
    cold_steps = _child("steps", data, work, {"NUMBA_CACHE_DIR": str(cold_cache)}, report_flag)
    cold_steps.busy_before = busy

    constraint = None
    if not args.skip_constraint:
        busy = C.wait_quiet(args.wait_quiet)
        print(f"running: constraint vs igraph (other jobs busy on {busy:.1f} cores)", flush=True)
        constraint = _child("constraint", data, work, env, ["--repeats", str(args.repeats)])
        constraint.busy_before = busy
        if not constraint.ok:
            print(constraint.stderr[-3000:], file=sys.stderr)

    if args.baseline:
        subprocess.run(
            ["git", "-C", str(C.REPO), "worktree", "remove", "--force", str(work / "baseline")],
            check=False,
            capture_output=True,
        )
    body = _render(args, info, data, cli_runs, startup, steps, cold_steps, constraint, base)
    print()
    print(body)
    if not args.no_write:
        C.update_results(_section_key(args), body)
        print(f"\nupdated {C.rel(C.RESULTS)}")
    return 0


def _section_key(args) -> str:
    """``analyse`` for the default size, ``analyse-n<nodes>-m<arcs>`` for others."""
    if (args.nodes, args.arcs) == (100_000, 1_000_000):
        return "analyse"
    return f"analyse-n{args.nodes}-m{args.arcs}"


def cli_only(args, info, data: Path, commands: tuple, env: dict, work: Path) -> str:
    """One ``nlc analyse --json`` run after compiling the kernels (``--cli-only``).

    ``commands`` is (the ``nlc`` command, the arguments after it but ``--json``).
    """
    nlc, base = commands
    # the files' rows are above the default cap on a table's rows (2,000,000)
    env = {**env, "NLC_MAX_TABLE_ROWS": str(max(args.arcs, args.nodes) + 1)}
    warm = [sys.executable, "-c", "from nlc.analysis.precompile import warm_up; warm_up()"]
    print("compiling the kernels (untimed)", flush=True)
    C.run_timed(warm, env=env)
    busy = C.wait_quiet(args.wait_quiet)
    load = C.loadavg()
    out = work / "out.json"
    print(f"running the CLI (other jobs busy on {busy:.1f} cores, load {load[0]:.1f})", flush=True)
    run = C.run_timed([*nlc, *base, "--json", str(out)], env=env, cwd=C.REPO, timeout=7200)
    run.busy_before = busy
    check = _check_json(out, args.nodes, args.arcs) if run.ok else run.error_line()
    wall, rss = TARGETS.get((args.nodes, args.arcs), (TARGET_WALL, TARGET_RSS_MB))
    row = [
        "CLI --json, kernels compiled beforehand",
        C.fmt_s(run.wall),
        f"{run.user + run.sys:.1f} s",
        f"{run.max_rss_mb / 1024:.2f} GB",
        run.busy(),
        f"{load[0]:.1f} / {C.loadavg()[0]:.1f}",
        "ok" if run.ok else f"exit {run.returncode}: {check}",
        f"{C.verdict(run.ok and run.wall < wall)} / {C.verdict(run.max_rss_mb < rss)}",
    ]
    headers = ["run", "wall", "CPU (user+sys)", "peak RSS", "busy cores (before / during)"]
    headers += ["load (1 min) before / after", "result", "wall / memory target"]
    threads = []
    if args.threads_rows:
        threads = _thread_rows(args, [*nlc, *base, "--json", str(out)], env)
    return "\n".join(
        [
            f"## `nlc analyse` at {args.nodes:,} nodes and {args.arcs:,} arcs "
            f"({args.groups} groups), one run",
            "",
            *C.machine_lines(info),
            f"- Data: `{C.rel(data)}` from `python benchmarks/generate.py --nodes {args.nodes} "
            f"--arcs {args.arcs} --groups {args.groups} --seed {args.seed}`",
            f"- Reproduce: `python benchmarks/bench_analyse.py --nodes {args.nodes} --arcs "
            f"{args.arcs} --groups {args.groups} --seed {args.seed} --cli-only"
            f"{' --threads-rows' if args.threads_rows else ''}`",
            f"- Command: `NLC_MAX_TABLE_ROWS={max(args.arcs, args.nodes) + 1} "
            f"{C.shell(['nlc', *base, '--json', 'out.json'])}`",
            "",
            f"Targets on this machine: wall < {C.fmt_s(wall)}, peak RSS < {rss / 1024:.0f} GB.",
            "",
            C.table(headers, [row]),
            *threads,
        ]
    )


#: ``NUMBA_NUM_THREADS`` of the thread-scaling rows (``--threads-rows``).
THREAD_ROWS = (1, 2, 4, 8, 16)


def _thread_rows(args, command: list[str], env: dict) -> list[str]:
    """The CLI once per ``NUMBA_NUM_THREADS`` in :data:`THREAD_ROWS`: a table's lines."""
    rows, first = [], None
    for threads in THREAD_ROWS:
        busy = C.wait_quiet(args.wait_quiet)
        print(f"NUMBA_NUM_THREADS={threads} (other jobs busy on {busy:.1f} cores)", flush=True)
        run_env = {**env, "NUMBA_NUM_THREADS": str(threads)}
        run = C.run_timed(command, env=run_env, cwd=C.REPO, timeout=7200)
        run.busy_before = busy
        first = first or run.wall
        rows.append(
            [
                str(threads),
                C.fmt_s(run.wall),
                f"{run.user + run.sys:.1f} s",
                f"{run.max_rss_mb / 1024:.2f} GB",
                f"{first / run.wall:.2f}x" if run.ok else f"exit {run.returncode}",
                run.busy(),
            ]
        )
    headers = ["NUMBA_NUM_THREADS", "wall", "CPU (user+sys)", "peak RSS", "speed-up", "busy cores"]
    return [
        "",
        f"**Thread scaling of the same command** (this machine has {C.nproc()} cores: rows "
        "above that show oversubscription, which should be flat, not slower)",
        "",
        C.table(headers, rows),
    ]


def _render(args, info, data, cli_runs, startup, steps, cold_steps, constraint, base) -> str:
    lines = [
        f"## `nlc analyse` at {args.nodes:,} nodes and {args.arcs:,} arcs ({args.groups} groups)",
        "",
        *C.machine_lines(info),
        f"- Data: `{C.rel(data)}` from `python benchmarks/generate.py --nodes {args.nodes} "
        f"--arcs {args.arcs} --groups {args.groups} --seed {args.seed}` (planted partition, "
        "70% of arcs within groups)",
        f"- Reproduce: `python benchmarks/bench_analyse.py --nodes {args.nodes} --arcs "
        f"{args.arcs} --groups {args.groups} --seed {args.seed}`",
        "- Busy cores: how many cores other jobs on this shared machine kept busy just "
        "before / on average during each run (from /proc/stat, less the run's own CPU time); "
        "above ~0.3, wall times are inflated.",
        "",
        f"Targets: wall < {TARGET_WALL:.0f} s, peak RSS < {TARGET_RSS_MB / 1024:.0f} GB.",
        "",
    ]
    rows = []
    for label, run, check, _extra in cli_runs:
        ok_wall = run.ok and run.wall < TARGET_WALL
        ok_rss = run.max_rss_mb < TARGET_RSS_MB
        rows.append(
            [
                label,
                C.fmt_s(run.wall),
                f"{run.user + run.sys:.1f} s",
                f"{run.max_rss_mb / 1024:.2f} GB",
                run.busy(),
                "ok" if run.ok else f"exit {run.returncode}: {check}",
                f"{C.verdict(ok_wall)} / {C.verdict(ok_rss)}",
            ]
        )
    lines.append(
        C.table(
            [
                "run",
                "wall",
                "CPU (user+sys)",
                "peak RSS",
                "busy cores (before / during)",
                "result",
                "wall / memory target",
            ],
            rows,
        )
    )
    lines += [
        "",
        f"CLI start-up alone (`nlc --version`): {C.fmt_s(startup.wall)} wall.",
        "",
        "Command (run from the repository root; `out.json`/`out.html` in a scratch folder):",
        "",
        "```",
        C.shell(["nlc", *base, "--json", "out.json"]),
        C.shell(["nlc", *base, "--json", "out.json", "--report", "out.html"]),
        "```",
        "",
    ]
    if steps.ok:
        s = steps.extra
        cold = {}
        if cold_steps.ok:
            for name, w, _c in cold_steps.extra["steps"]:
                cold[name] = cold.get(name, 0.0) + w
            cold["**total**"] = cold_steps.extra["total_wall"]
        rows = [
            [name, C.fmt_s(w), C.fmt_s(c), C.fmt_s(cold.get(name))] for name, w, c in s["steps"]
        ]
        rows.append(
            [
                "**total**",
                C.fmt_s(s["total_wall"]),
                C.fmt_s(s["total_cpu"]),
                C.fmt_s(cold.get("**total**")),
            ]
        )
        bet = s["betweenness"]
        how = bet.get("method", "?") + (f", {bet['samples']} sources" if bet.get("samples") else "")
        lines.append(
            C.table(
                ["step (one process)", "wall", "CPU", "wall, empty numba cache"],
                rows,
                title=f"Where the time goes (numba cache filled unless said; busy cores "
                f"before / during: {steps.busy()}, {cold_steps.busy()} for the empty "
                f"cache; peak RSS {steps.max_rss_mb / 1024:.2f} GB; betweenness: {how})",
            )
        )
        lines.append("")
        if s["error"]:
            lines += [f"The steps stopped with an error: `{s['error'][:300]}`", ""]
        lines.append(
            "CPU above wall means the step ran on both cores (compiled kernels on several "
            "threads); betweenness runs beside Leiden, so its time is in the communities step. The "
            "last column is the same process with an empty numba cache: the difference is "
            "the compilation of that step's kernels. The CLI also prints the summary tables "
            "(not timed here)."
        )
    else:
        lines.append(f"Step timing failed: {steps.error_line()}")
    lines.append("")
    if constraint is not None:
        lines += _render_constraint(args, constraint)
    return "\n".join(lines)


def _render_constraint(args, constraint) -> list[str]:
    lines = [f"### Constraint against igraph ({args.nodes:,} nodes, {args.arcs:,} arcs)", ""]
    if not constraint.ok:
        return lines + [f"failed: {constraint.error_line()}", ""]
    t = constraint.extra["times"]
    peer = t["peer: Graph.constraint()"]["median"]
    rows = []
    for key, label in [
        ("nlc total", "nlc `structural_holes(network, 'whole')`: constraint, effective size"),
        ("mutual CSR", "  of which the symmetric CSR of mutual weights (numpy)"),
        ("peer: Graph.constraint()", "igraph `Graph.constraint()` on a built graph (peer)"),
        ("peer: graph build from edge list", "igraph graph build from a list of pairs"),
    ]:
        v = t[key]
        rows.append([label, C.fmt_s(v["median"]), C.fmt_s(v["min"]), f"{v['median'] / peer:.2f}"])
    total = t["nlc total"]["median"]
    lines.append(
        C.table(
            ["what", "median", "min", "× igraph constraint"],
            rows,
            title=f"{args.repeats} repetitions after a warm-up; busy cores before / during: "
            f"{constraint.busy()}",
        )
    )
    ratio = total / peer
    lines += [
        "",
        f"nlc constraint equals igraph's: max |difference| = "
        f"{constraint.extra['max_abs_diff']:.3g}.",
        "",
        f'Target "no slower than igraph": nlc / igraph constraint = {ratio:.2f} → '
        f"{C.verdict(ratio <= 1.0)}. nlc's time includes effective size and efficiency, "
        "which igraph does not compute, and the conversion to its CSR; igraph's excludes "
        "building its graph.",
        "",
        "Reproduce: `python benchmarks/bench_analyse.py` (constraint section; "
        "`--skip-report` to skip the report run).",
        "",
    ]
    return lines


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
