"""Benchmark: 1,000 independent-cascade runs, NLC against cynetdiff and NDlib (issue 4).

The network is a random directed graph with 100,000 nodes and 1,000,000 arcs (no loops, no
repeated arcs); every arc passes the practice with p = 0.15 and the same 10 seeds start every
run. The mean out-degree is 10, so each adopter passes the practice on 1.5 times on average and
a large outbreak (about 58% of the nodes) follows.

* NLC: :func:`nlc.simulation.simulate` with all of numba's threads (results do not depend on
  the number of threads). Compilation is excluded (a warm-up call first); building the CSR
  arrays (``prepare``) is timed separately.
* cynetdiff: ``IndependentCascadeModel`` on the same CSR arrays; the faster of a Python loop
  of ``reset_model``/``advance_until_completion`` and ``compute_marginal_gains(seeds, [],
  runs)`` (all in C). It is single-threaded.
* NDlib: pure Python, far too slow for the full size. It runs on a network ten times smaller
  with the same mean degree (so the same outbreak share), a few runs are timed, and the time
  is extrapolated linearly to 1,000 runs at ten times the size (the work per run is linear in
  the arcs the outbreak touches). This figure is an extrapolation, and is reported as one.

* The whole CLI (issue 14): ``nlc simulate`` on the same network written as a CSV, with
  the same seeds, from start-up to the JSON file, in a child process, timed in alternation
  with cynetdiff's runs alone (``--cli``). The child runs with ``NLC_TIMINGS=1``, and the
  phases of the best run (start-up and imports, reading, building, preparing, loading the
  kernels from numba's cache, runs, JSON, summary; wall and CPU time) are printed under it.
* Thread scaling (issue 14): the runs alone in child processes with ``NUMBA_NUM_THREADS``
  set to 1, 2, 4, 8 and 16 (``--threads-rows``). On a machine with fewer cores, the rows
  above its core count show how oversubscription behaves (it should be flat, not slower).

Run::

    python benchmarks/bench_simulation.py            # full size
    python benchmarks/bench_simulation.py --skip-ndlib --cli --threads-rows --write-section
    python benchmarks/bench_simulation.py --write    # also write benchmarks/RESULTS-simulation.md

``--write-section`` replaces the ``simulation`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import array
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402

#: numba's fixed start, timed beside the whole CLI (see ``_numba_floor.py``).
FLOOR = [sys.executable, str(Path(__file__).resolve().parent / "_numba_floor.py")]

#: ``NUMBA_NUM_THREADS`` of the thread-scaling rows.
THREAD_ROWS = (1, 2, 4, 8, 16)


def random_digraph(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``m`` distinct arcs drawn uniformly among the ordered pairs of ``n`` nodes, no loops."""
    rng = np.random.default_rng(seed)
    keys = np.zeros(0, dtype=np.int64)
    while len(keys) < m:
        more = rng.integers(0, n, size=(int((m - len(keys)) * 1.05) + 16, 2))
        more = more[more[:, 0] != more[:, 1]]
        keys = np.unique(np.concatenate([keys, more[:, 0] * n + more[:, 1]]))
    keys = rng.permutation(keys)[:m]
    keys.sort()
    return np.divmod(keys, n)


def setup_nlc(src, tgt, n, seeds, runs, p, out, draws=True):
    """Compile and warm up NLC; return a function that times one round into ``out``."""
    import numba

    from nlc.network import Network
    from nlc.simulation import IndependentCascade, simulate
    from nlc.simulation.engine import RunOptions, prepare, usable_cores

    net = Network(
        ids=[str(i) for i in range(n)],
        source=src.astype(np.int64),
        target=tgt.astype(np.int64),
        weight=np.ones(len(src)),
        directed=True,
    )
    model = IndependentCascade(p=p)
    ids = [str(s) for s in seeds]
    t = time.perf_counter()
    prepared = prepare(net, model)
    out["prepare"] = time.perf_counter() - t
    out["threads"] = min(numba.get_num_threads(), usable_cores())  # the worker threads
    simulate(
        net, model, ids, options=RunOptions(runs=64, rng=1), prepared=prepared
    )  # compile / load the cache
    if draws:
        out["draws_cpu"] = draws_alone(prepared, runs)

    def one_round():
        t, c = time.perf_counter(), time.process_time()
        result = simulate(net, model, ids, options=RunOptions(runs=runs, rng=1), prepared=prepared)
        out["times"].append(time.perf_counter() - t)
        out["cpu"].append(time.process_time() - c)
        out["mean_share"] = result.mean_adopters / n

    return one_round


def draws_alone(prepared, runs: int) -> float:
    """CPU seconds (one thread, best of 3) to draw every arc's live lanes for every batch.

    The part of the runs that no traversal avoids: each arc's coins for the 64 runs of a
    batch, drawn as the cascade kernel draws them (``kernels._draw_arcs``), for every node
    and every batch of ``runs``, and nothing else.
    """
    from numba import njit

    from nlc.simulation import kernels
    from nlc.simulation.engine import seed_key

    @njit(nogil=True)
    def draw_all(arcs, key, batches):  # pragma: no cover - compiled
        work = kernels._cascade_work(arcs)
        for b in range(batches):
            bkey = kernels.batch_key(key, b)
            for u in range(arcs.indptr.shape[0] - 1):
                kernels._draw_arcs(arcs, work, u, bkey, b + 1)
        return work.live[0]

    batches = -(-runs // kernels.LANES)
    draw_all(prepared.arcs, seed_key(1), 1)  # compile
    best = float("inf")
    for _ in range(3):
        c = time.process_time()
        draw_all(prepared.arcs, seed_key(1), batches)
        best = min(best, time.process_time() - c)
    return best


def setup_cynetdiff(src, tgt, n, seeds, runs, p, out):
    """Build the cynetdiff model; return a function that times one round into ``out``."""
    from cynetdiff.models import IndependentCascadeModel

    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    starts = array.array("I", indptr[:-1].astype(np.uint32).tobytes())
    edges = array.array("I", tgt.astype(np.uint32).tobytes())
    model = IndependentCascadeModel(starts, edges, activation_prob=p, rng=1)
    seeds = [int(s) for s in seeds]
    model.set_seeds(seeds)

    def one_round():
        t, c = time.perf_counter(), time.process_time()
        total = 0
        for _ in range(runs):
            model.reset_model()
            model.advance_until_completion()
            total += model.get_num_activated_nodes()
        out["loop"].append(time.perf_counter() - t)
        loop_cpu = time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        model.compute_marginal_gains(seeds, [], runs)
        out["marginal_gains"].append(time.perf_counter() - t)
        out["cpu"].append(min(loop_cpu, time.process_time() - c))
        out["times"].append(min(out["loop"][-1], out["marginal_gains"][-1]))
        out["mean_share"] = total / runs / n

    return one_round


def write_csv(src, tgt, n: int) -> Path:
    """The benchmark network as a ties CSV (ids are the node numbers), written once."""
    folder = C.HERE / "data" / f"sim_n{n}_m{len(src)}_s0"
    path = folder / "ties.csv"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        lines = np.char.add(np.char.add(src.astype(str), ","), tgt.astype(str))
        path.write_text("source,target\n" + "\n".join(lines.tolist()) + "\n")
    return path


def cli_command(ties: Path, seeds, runs: int, p: float, out: Path) -> list[str]:
    """``nlc simulate`` on ``ties`` with the benchmark's seeds, JSON written to ``out``."""
    return [
        *C.nlc_command(),
        "simulate",
        str(ties),
        "--directed",
        "--model",
        "cascade",
        "--runs",
        str(runs),
        "--p",
        str(p),
        "--seeds",
        ",".join(str(s) for s in seeds),
        "--rng",
        "1",
        "--json",
        str(out),
    ]


def child_runs(args, src, tgt, n, seeds) -> None:
    """In a child process: time the runs alone (``--child``) and print the figures as JSON."""
    out = {"times": [], "cpu": []}
    one_round = setup_nlc(src, tgt, n, seeds, args.runs, args.p, out, draws=False)
    for _ in range(args.repeats):
        one_round()
    print(json.dumps({k: out[k] for k in ("times", "cpu", "threads", "mean_share")}))


def print_cli(cli: list[C.Run], floor: list[C.Run], cyn_best: float) -> None:
    """The whole CLI's best run against cynetdiff's best, and numba's floor."""
    best = min(cli, key=lambda r: r.wall)
    least = min(r.wall for r in floor)
    print(
        f"nlc simulate (whole CLI) best {best.wall:.2f} s wall, CPU {best.user + best.sys:.2f}"
        f" s, peak RSS {best.max_rss_mb / 1024:.2f} GB (busy cores {best.busy()}); "
        f"cynetdiff's runs alone / whole CLI: {cyn_best / best.wall:.1f}x"
    )
    print(
        f"numba's floor (fresh Python, import numba, one cached trivial kernel) best "
        f"{least:.2f} s: {cyn_best / 10 - least:.2f} s of the {cyn_best / 10:.2f} s that 10x "
        "allows would be left for reading, building and the runs"
    )
    phases = best.stderr.partition("timings:\n")[2]
    if phases:
        print("  its phases (NLC_TIMINGS; the exit comes after 'total'):\n" + phases.rstrip())


def thread_rows(args) -> list[dict]:
    """The runs alone with ``NUMBA_NUM_THREADS`` from 1 to 16, one child process each."""
    rows = []
    for threads in THREAD_ROWS:
        command = [sys.executable, __file__, "--child", f"--runs={args.runs}"]
        command += [f"--nodes={args.nodes}", f"--arcs={args.arcs}", f"--p={args.p}"]
        command += [f"--seeds={args.seeds}", f"--repeats={args.repeats}"]
        busy = C.busy_cores(0.5)
        run = C.run_timed(command, env={"NUMBA_NUM_THREADS": str(threads)})
        run.busy_before = busy
        if not run.ok:
            raise SystemExit(f"NUMBA_NUM_THREADS={threads} failed: {run.error_line()}")
        figures = json.loads(run.stdout.strip().splitlines()[-1])
        figures |= {"numba_threads": threads, "busy": run.busy()}
        rows.append(figures)
        print(
            f"NUMBA_NUM_THREADS={threads:2d}: best {min(figures['times']):.2f} s wall, "
            f"CPU {min(figures['cpu']):.2f} s, {figures['threads']} worker threads "
            f"(busy cores {run.busy()})"
        )
    return rows


def bench_ndlib(n, m, p, n_seeds, runs_timed, seed):
    import warnings

    import networkx as nx

    warnings.filterwarnings("ignore")
    import ndlib.models.epidemics as ep
    import ndlib.models.ModelConfig as mc

    src, tgt = random_digraph(n, m, seed)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(src.tolist(), tgt.tolist(), strict=True))
    seeds = np.random.default_rng(seed).choice(n, n_seeds, replace=False).tolist()
    np.random.seed(seed)
    model = ep.IndependentCascadesModel(graph)
    config = mc.Configuration()
    config.add_model_initial_configuration("Infected", seeds)
    for edge in graph.edges():
        config.add_edge_configuration("threshold", edge, p)
    model.set_initial_status(config)
    per_run, shares = [], []
    for _ in range(runs_timed):
        model.reset(infected_nodes=seeds)
        t = time.perf_counter()
        while True:
            it = model.iteration(node_status=False)
            if it["iteration"] > 0 and it["node_count"][1] == 0:
                break
        per_run.append(time.perf_counter() - t)
        shares.append(it["node_count"][2] / n)
    return {"per_run": per_run, "mean_share": float(np.mean(shares))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--arcs", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--p", type=float, default=0.15)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3, help="timings of each tool (best kept)")
    parser.add_argument(
        "--ndlib-scale", type=int, default=10, help="NDlib network is this much smaller"
    )
    parser.add_argument("--ndlib-runs", type=int, default=3)
    parser.add_argument("--skip-ndlib", action="store_true")
    parser.add_argument(
        "--write", action="store_true", help="write benchmarks/RESULTS-simulation.md"
    )
    parser.add_argument("--cli", action="store_true", help="also time the whole nlc simulate")
    parser.add_argument("--threads-rows", action="store_true", help="NUMBA_NUM_THREADS 1..16")
    parser.add_argument(
        "--write-section", action="store_true", help="write the section of RESULTS.md"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    n, m, runs, p = args.nodes, args.arcs, args.runs, args.p
    src, tgt = random_digraph(n, m, seed=0)
    seeds = np.random.default_rng(1).choice(n, args.seeds, replace=False)
    if args.child:
        child_runs(args, src, tgt, n, seeds)
        return
    info = C.machine()
    print(f"network: {n:,} nodes, {len(src):,} arcs, p = {p}, {len(seeds)} seeds, {runs:,} runs")

    load_before = os.getloadavg()[0]
    # Alternate the tools, one timing each per round, so that load from other processes on a
    # shared machine falls on both alike; the best timing of each is kept.
    nlc = {"times": [], "cpu": []}
    cyn = {"loop": [], "marginal_gains": [], "times": [], "cpu": []}
    run_nlc = setup_nlc(src, tgt, n, seeds, runs, p, nlc)
    run_cyn = setup_cynetdiff(src, tgt, n, seeds, runs, p, cyn)
    cli: list[C.Run] = []
    floor: list[C.Run] = []
    command = None
    if args.cli:
        out = Path(os.environ.get("TMPDIR", "/tmp")) / "nlc-bench-simulate.json"
        command = cli_command(write_csv(src, tgt, n), seeds, runs, p, out)
        C.run_timed(command)  # fill numba's cache for this tree, untimed
        C.run_timed(FLOOR)
    for _ in range(args.repeats):
        run_nlc()
        run_cyn()
        if args.cli:
            busy = C.busy_cores(0.5)
            cli.append(C.run_timed(command, env={"NLC_TIMINGS": "1"}))  # phases to stderr
            cli[-1].busy_before = busy
            if not cli[-1].ok:
                raise SystemExit(f"nlc simulate failed: {cli[-1].error_line()}")
            busy = C.busy_cores(0.5)
            floor.append(C.run_timed(FLOOR))
            floor[-1].busy_before = busy
    nlc["load"] = (load_before, os.getloadavg()[0])
    print(
        f"NLC       best {min(nlc['times']):7.2f} s  (all: "
        f"{', '.join(f'{x:.2f}' for x in nlc['times'])}; {nlc['threads']} threads; "
        f"CPU {min(nlc['cpu']):.2f} s; CSR build {nlc['prepare']:.2f} s)  "
        f"reach {100 * nlc['mean_share']:.1f}%"
    )
    print(
        f"cynetdiff best {min(cyn['times']):7.2f} s  (loop: "
        f"{', '.join(f'{x:.2f}' for x in cyn['loop'])}; compute_marginal_gains: "
        f"{', '.join(f'{x:.2f}' for x in cyn['marginal_gains'])}; CPU {min(cyn['cpu']):.2f} s)"
        f"  reach {100 * cyn['mean_share']:.1f}%"
    )
    ratio_cyn = min(cyn["times"]) / min(nlc["times"])
    ratio_cpu = min(cyn["cpu"]) / min(nlc["cpu"])
    print(f"NLC is {ratio_cyn:.1f}x faster than cynetdiff (wall clock, {nlc['threads']} threads)")
    print(f"NLC uses {ratio_cpu:.1f}x less CPU time than cynetdiff")
    print(
        f"  of which drawing the arcs' coins alone: {nlc['draws_cpu']:.2f} s CPU on one thread "
        f"({nlc['draws_cpu'] / nlc['threads']:.2f} s on {nlc['threads']} threads at best)"
    )

    if cli:
        print_cli(cli, floor, min(cyn["times"]))
    threads = thread_rows(args) if args.threads_rows else []
    if args.write_section:
        figures = (nlc, cyn, cli, floor, threads)
        C.update_results("simulation", section(args, info, figures, command))

    nd = None
    if not args.skip_ndlib:
        small_n, small_m = n // args.ndlib_scale, m // args.ndlib_scale
        nd = bench_ndlib(small_n, small_m, p, args.seeds, args.ndlib_runs, seed=2)
        per_run = statistics.median(nd["per_run"])
        nd["extrapolated"] = per_run * args.ndlib_scale * runs
        print(
            f"NDlib     {per_run:.2f} s per run on {small_n:,} nodes / {small_m:,} arcs "
            f"(reach {100 * nd['mean_share']:.1f}%); extrapolated to {runs:,} runs at full "
            f"size: {nd['extrapolated']:,.0f} s"
        )
        print(
            f"NLC is about {nd['extrapolated'] / min(nlc['times']):,.0f}x faster than NDlib "
            "(extrapolated)"
        )

    if args.write:
        write_results(args, n, len(src), nlc, cyn, nd, ratio_cyn, ratio_cpu)


def _cli_row(run: C.Run, cyn_best: float) -> list:
    cpu = run.user + run.sys
    return [
        "`nlc simulate` whole CLI (start-up, read CSV, build, runs, JSON)",
        C.fmt_s(run.wall),
        C.fmt_s(cpu),
        f"{run.max_rss_mb / 1024:.2f} GB",
        run.busy(),
        f"**{cyn_best / run.wall:.1f}x**",
    ]


def section(args, info, figures, command) -> str:
    """The ``simulation`` section of RESULTS.md: runs, whole CLI, numba's floor, cynetdiff,
    threads."""
    nlc, cyn, cli, floor, threads = figures
    cyn_best = min(cyn["times"])
    rows = [
        [
            f"NLC `simulate()` runs alone ({nlc['threads']} threads, network built)",
            C.fmt_s(min(nlc["times"])),
            C.fmt_s(min(nlc["cpu"])),
            "",
            f"{nlc['load'][0]:.1f} / {nlc['load'][1]:.1f} (load)",
            f"{cyn_best / min(nlc['times']):.1f}x",
        ],
    ]
    if cli:
        rows.append(_cli_row(min(cli, key=lambda r: r.wall), cyn_best))
        least = min(floor, key=lambda r: r.wall)
        rows.append(
            [
                "numba's floor: a fresh Python imports numba and calls one trivial cached"
                " kernel (`benchmarks/_numba_floor.py`; no reading, no runs)",
                C.fmt_s(least.wall),
                C.fmt_s(least.user + least.sys),
                f"{least.max_rss_mb / 1024:.2f} GB",
                least.busy(),
                f"{cyn_best / least.wall:.1f}x",
            ]
        )
    rows.append(
        [
            "of NLC's runs: drawing every arc's coins for every batch, alone (one thread;"
            " wall here is CPU / threads, at best)",
            C.fmt_s(nlc["draws_cpu"] / nlc["threads"]),
            C.fmt_s(nlc["draws_cpu"]),
            "",
            "",
            "",
        ]
    )
    rows.append(
        [
            "cynetdiff runs alone (peer; single-threaded, best of loop and"
            " `compute_marginal_gains`)",
            C.fmt_s(cyn_best),
            C.fmt_s(min(cyn["cpu"])),
            "",
            "",
            "1.0x",
        ]
    )
    lines = [
        f"## `nlc simulate`: {args.runs:,} cascade runs on {args.nodes:,} nodes / "
        f"{args.arcs:,} arcs, p = {args.p}, {args.seeds} seeds, against cynetdiff",
        "",
        *C.machine_lines(info),
        f"- Reproduce: `python benchmarks/bench_simulation.py {' '.join(sys.argv[1:])}`",
        f"- Whole CLI command: `{C.shell(command) if cli else '(not run)'}`",
        "- Each tool timed in alternation, best of "
        f"{args.repeats} rounds; cynetdiff is timed inside this process on the same CSR "
        "arrays (its runs alone, no reading or building).",
        "",
        C.table(
            ["what", "wall", "CPU", "peak RSS", "busy cores before / during", "cynetdiff / this"],
            rows,
        ),
    ]
    if threads:
        lines += ["", thread_table(threads, info["nproc"])]
    return "\n".join(lines)


def thread_table(threads: list[dict], cores: int) -> str:
    """Thread-scaling rows: the runs alone for each ``NUMBA_NUM_THREADS``."""
    base = min(threads[0]["times"])
    rows = [
        [
            str(t["numba_threads"]),
            str(t["threads"]),
            C.fmt_s(min(t["times"])),
            C.fmt_s(min(t["cpu"])),
            f"{base / min(t['times']):.2f}x",
            t["busy"],
        ]
        for t in threads
    ]
    title = (
        f"Thread scaling of the runs alone (this machine has {cores} cores: rows above "
        f"{cores} show oversubscription, which should be flat, not slower)"
    )
    headers = ["NUMBA_NUM_THREADS", "worker threads", "wall", "CPU", "speed-up", "busy cores"]
    return C.table(headers, rows, title=title)


def write_results(args, n, m, nlc, cyn, nd, ratio_cyn, ratio_cpu) -> None:
    command = "python benchmarks/bench_simulation.py --write"
    if sys.argv[1:] != ["--write"]:
        command = "python benchmarks/bench_simulation.py " + " ".join(sys.argv[1:])
    before, after = nlc["load"]
    lines = [
        "# Simulation benchmark (issue 4)",
        "",
        f"Measured {dt.date.today().isoformat()} on {platform.processor() or platform.machine()}"
        f", {os.cpu_count()} cores, Python {platform.python_version()}; one-minute load "
        f"average {before:.2f} before and {after:.2f} after (other processes share the machine;"
        " the tools are timed in alternation and the best round of each is kept).",
        "",
        f"Command: `{command}`",
        "",
        f"1,000 independent-cascade runs ({args.runs:,} here) on a random directed network of "
        f"{n:,} nodes and {m:,} arcs, p = {args.p}, {args.seeds} seeds.",
        "",
        "| tool | wall time for all runs | CPU time | mean reach | notes |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| NLC `simulate` | {min(nlc['times']):.2f} s | {min(nlc['cpu']):.2f} s | "
        f"{100 * nlc['mean_share']:.1f}% | {nlc['threads']} threads, best of "
        f"{len(nlc['times'])}; CSR build {nlc['prepare']:.2f} s not included |",
        f"| cynetdiff | {min(cyn['times']):.2f} s | {min(cyn['cpu']):.2f} s | "
        f"{100 * cyn['mean_share']:.1f}% | single-threaded, best of loop and "
        "`compute_marginal_gains` |",
    ]
    if nd is not None:
        lines.append(
            f"| NDlib (extrapolated) | {nd['extrapolated']:,.0f} s | - | "
            f"{100 * nd['mean_share']:.1f}% | {statistics.median(nd['per_run']):.2f} s per run "
            f"at 1/{args.ndlib_scale} size, times {args.ndlib_scale} x {args.runs:,} runs |"
        )
    lines += [
        "",
        f"- NLC / cynetdiff: **{ratio_cyn:.1f}x** faster (wall clock); "
        f"{ratio_cpu:.1f}x less CPU time.",
    ]
    if nd is not None:
        lines.append(
            f"- NLC / NDlib: about **{nd['extrapolated'] / min(nlc['times']):,.0f}x** faster "
            "(NDlib time extrapolated from a network ten times smaller, not measured)."
        )
    lines += [
        "",
        "CPU time is summed over threads. When other processes hold a core, NLC cannot use its "
        "second thread and its wall time approaches its CPU time; the CPU-time ratio is then the "
        "fairer measure of the work each tool does. Results do not depend on the number of "
        "threads (`tests/test_simulation.py::test_same_rng_same_result_whatever_the_threads`).",
    ]
    path = Path(__file__).with_name("RESULTS-simulation.md")
    path.write_text("\n".join(lines) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
