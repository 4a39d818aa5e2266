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

Run::

    python benchmarks/bench_simulation.py            # full size
    python benchmarks/bench_simulation.py --write    # also write benchmarks/RESULTS-simulation.md
"""

from __future__ import annotations

import argparse
import array
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np


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


def setup_nlc(src, tgt, n, seeds, runs, p, out):
    """Compile and warm up NLC; return a function that times one round into ``out``."""
    import numba

    from nlc.network import Network
    from nlc.simulation import IndependentCascade, simulate
    from nlc.simulation.engine import prepare

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
    out["threads"] = numba.get_num_threads()
    simulate(net, model, ids, runs=64, rng=1, prepared=prepared)  # compile / load the cache

    def one_round():
        t, c = time.perf_counter(), time.process_time()
        result = simulate(net, model, ids, runs=runs, rng=1, prepared=prepared)
        out["times"].append(time.perf_counter() - t)
        out["cpu"].append(time.process_time() - c)
        out["mean_share"] = result.mean_adopters / n

    return one_round


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
    args = parser.parse_args()

    n, m, runs, p = args.nodes, args.arcs, args.runs, args.p
    src, tgt = random_digraph(n, m, seed=0)
    seeds = np.random.default_rng(1).choice(n, args.seeds, replace=False)
    print(f"network: {n:,} nodes, {len(src):,} arcs, p = {p}, {len(seeds)} seeds, {runs:,} runs")

    load_before = os.getloadavg()[0]
    # Alternate the tools, one timing each per round, so that load from other processes on a
    # shared machine falls on both alike; the best timing of each is kept.
    nlc = {"times": [], "cpu": []}
    cyn = {"loop": [], "marginal_gains": [], "times": [], "cpu": []}
    run_nlc = setup_nlc(src, tgt, n, seeds, runs, p, nlc)
    run_cyn = setup_cynetdiff(src, tgt, n, seeds, runs, p, cyn)
    for _ in range(args.repeats):
        run_nlc()
        run_cyn()
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
