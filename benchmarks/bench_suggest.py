"""Introductions (``nlc suggest``): speed at 5,000 organisations, and quality on the demo.

Targets (issue 12): suggestions for a 5,000-organisation area in under 2 s; introductions
for the first school year of the demo checked against the ties that appear in the second.

Speed
    A synthetic area of 5,000 organisations (``benchmarks/generate.py``'s planted partition:
    50 networks of 100, 80% of ties within a network, undirected), plus one local-authority
    hub per network tied to 60% of its members, and offers/needs drawn from 12 topics (a
    fifth of the organisations offer one, a fifth ask for one). Timed in this process,
    best of 3 after one warm-up call: ``pair_scores`` (RA, weighted RA, Adamic-Adar of every
    pair at distance 2) and the whole ``suggest_introductions`` (candidates, Leiden
    communities, reasons) with ``top=20`` (``nlc suggest``'s default), with the officer's
    page's call (``groups`` given, ``top=3``: the page makes one such call per network, so
    the whole area as one network is its worst case), ``top=50`` and ``per_node=5``. The
    peer, in the same run: networkx's ``adamic_adar_index`` over the same pairs (graph built
    beforehand, not timed), against the one sparse product that gives Adamic-Adar (like for
    like) and against ``pair_scores``, which makes five such products. Wall and CPU time
    are both reported.

Quality
    The demonstration area (``nlc demo``: seven networks, two school years) exported with
    ``nlc export`` (organisations, and people); made in a temporary data folder when
    ``benchmarks/data/demo-export`` lacks it. Ties dated before 2025-09-01 are the first
    year; a pair is a hit when it is not tied in the first year and is tied in the second.
    Each method ranks every untied pair (ties broken at random, seeded): precision@k of
    the top k pairs overall, and Hits@k per node (share of nodes with a new tie in year 2
    whose top k contains one). Methods: random, preferential attachment (k_x k_y), common
    neighbours, RA, Adamic-Adar, and ``suggest_introductions`` (groups: communities, and
    the ``local_authority`` column).

Usage::

    python benchmarks/bench_suggest.py            # writes its section of RESULTS.md
    python benchmarks/bench_suggest.py --no-write
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, machine_lines, table, update_results  # noqa: E402
from generate import planted_partition  # noqa: E402

from nlc.brokerage.introductions import pair_scores, suggest_introductions  # noqa: E402
from nlc.network import NodeTable, TieTable, build_network, read_nodes, read_ties  # noqa: E402

HERE = Path(__file__).resolve().parent
DEMO = HERE / "data" / "demo-export"
AREA = "Community Leadership Networks (demonstration)"
YEAR_TWO = dt.date(2025, 9, 1)
TOPICS = [f"topic {i}" for i in range(12)]
#: Introductions per network on the officer's page (``nlc.web.brokerage.suggestions``).
PER_NETWORK = 3


# ----------------------------------------------------------------------------- speed


def area(nodes: int = 5000, groups: int = 50, seed: int = 12):
    """The synthetic area described in the module notes."""
    source, target, group = planted_partition(nodes, 4 * nodes, groups, seed, within=0.8)
    rng = np.random.default_rng(seed)
    hubs = [np.flatnonzero(group == g)[0] for g in range(groups)]
    extra_s, extra_t = [], []
    for g, hub in enumerate(hubs):
        members = np.flatnonzero(group == g)
        chosen = members[(rng.random(len(members)) < 0.6) & (members != hub)]
        extra_s += [hub] * len(chosen)
        extra_t += chosen.tolist()
    ids = [f"o{i}" for i in range(nodes)]
    src = np.concatenate([source, extra_s]).astype(int)
    tgt = np.concatenate([target, extra_t]).astype(int)
    ties = TieTable("area", [ids[i] for i in src], [ids[i] for i in tgt])

    def topics():
        return [TOPICS[rng.integers(12)] if rng.random() < 0.2 else None for _ in ids]

    attributes = {"group": [f"g{g}" for g in group], "offers": topics(), "needs": topics()}
    nodes_table = NodeTable("area-nodes", ids, attributes)
    return build_network(ties, nodes_table, directed=False)


def best_of(func, repeat: int = 3) -> tuple[float, float]:
    """Best wall time and best CPU time (this process) of ``repeat`` calls after a warm-up."""
    func()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def adamic_adar_alone(net) -> None:
    """The Adamic-Adar product alone (one of pair_scores' five), like for like with networkx."""
    import scipy.sparse as sp

    binary = net.adjacency()
    degree = np.diff(binary.indptr)
    weight = np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2)), 0.0)
    (binary @ sp.diags(weight) @ binary).tocsr()


def command_time(net) -> tuple[float, float]:
    """Wall and CPU time (user + system) of ``nlc suggest ties.csv --nodes nodes.csv``
    (its default, ``--top 20``)."""
    from nlc.network.io import network_ties, write_ties

    with tempfile.TemporaryDirectory() as folder:
        ties = Path(folder) / "ties.csv"
        write_ties(network_ties(net, label="area"), str(ties))
        command = [sys.executable, "-m", "nlc.cli", "suggest", str(ties), "--undirected"]
        command += ["--nodes", str(Path(folder) / "ties-nodes.csv")]  # the default --top 20
        command += ["--json", str(Path(folder) / "out.json")]
        before = os.times()
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = os.times()
    return wall, (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def speed() -> tuple[str, dict]:
    import networkx as nx

    net = area()
    scores = pair_scores(net)
    pairs = list(zip(scores.source.tolist(), scores.target.tolist(), strict=True))
    graph = nx.Graph()
    graph.add_nodes_from(range(net.n))
    graph.add_edges_from(zip(net.source.tolist(), net.target.tolist(), strict=True))
    load = os.getloadavg()[0]
    peer = best_of(lambda: [p for _, _, p in nx.adamic_adar_index(graph, pairs)], repeat=1)
    assert np.allclose([p for _, _, p in nx.adamic_adar_index(graph, pairs)], scores.adamic_adar), (
        "Adamic-Adar differs from networkx"
    )
    timed = [
        ("networkx adamic_adar_index over those pairs", peer),
        ("nlc: the Adamic-Adar product alone", best_of(lambda: adamic_adar_alone(net))),
        ("nlc: pair_scores (RA, wRA, AA, brokers)", best_of(lambda: pair_scores(net))),
        (
            "suggest_introductions(top=20): `nlc suggest`'s default",
            best_of(lambda: suggest_introductions(net, top=20)),
        ),
        (
            f"suggest_introductions(groups, top={PER_NETWORK}): the officer's page, per network",
            best_of(lambda: suggest_introductions(net, groups="group", top=PER_NETWORK)),
        ),
        ("suggest_introductions(top=50)", best_of(lambda: suggest_introductions(net, top=50))),
        (
            "suggest_introductions(top=50, max_distance=3)",
            best_of(lambda: suggest_introductions(net, top=50, max_distance=3), repeat=1),
        ),
        (
            "suggest_introductions(per_node=5)",
            best_of(lambda: suggest_introductions(net, per_node=5)),
        ),
    ]
    timed.append(("`nlc suggest` on the CSV files (default), whole process", command_time(net)))
    rows = [
        [name, f"{wall:.3f}", f"{cpu:.3f}", f"{peer[1] / cpu:.0f}x" if i in (1, 2) else ""]
        for i, (name, (wall, cpu)) in enumerate(timed)
    ]
    text = (
        f"Area: {net.n:,} organisations, {net.m:,} ties, {len(pairs):,} pairs at distance 2. "
        f"Load average at the start: {load:.1f} on {os.cpu_count()} cores (a shared machine: "
        "CPU time is the steadier figure).\n\n"
        + table(["step", "wall s", "CPU s", "networkx CPU / this CPU"], rows)
    )
    return text, dict(timed)


# ----------------------------------------------------------------------------- quality

QUALITY_NOTES = """\
Data: `nlc manage migrate`, `nlc demo --no-serve` and `nlc export --area '<demo area>'
[--people] OUT.csv` in a fresh data folder (made once into `benchmarks/data/demo-export`).
Year 1 is the network `--as-of 2025-08-31`, undirected; a hit is a pair untied in year 1
and tied by 2026-07-20. P@k: share of hits among the k best pairs of the area; Hits@k: share
of the nodes with a tie in year 1 and a new one in year 2 whose own k best include a new
one. Ties are broken at random (seeded). Caveat: the demo draws each tie's date uniformly
over the two years (`nlc.web.demo._date`), so year 2 is a random half of one fixed structure:
this measures recovering held-out ties, not how real networks grow; no real data set at
hand has dated one-mode ties between schools (the academy-trust benchmark covers dated
two-mode ties). `nlc suggest` rows are `suggest_introductions` with its default weights;
its gain over plain resource allocation comes from the tie weights (weighted RA: repeated
co-participation, stronger advice); the bridge and lone-broker terms, there for the
network's gain rather than for prediction, change these figures little (differences of
0.01-0.02 in Hits@k are a node or two)."""


def demo_export() -> Path:
    """The demo's ties and nodes (organisations and people), made once with the CLI."""
    if (DEMO / "people-nodes.csv").exists():
        return DEMO
    DEMO.mkdir(parents=True, exist_ok=True)
    nlc = [sys.executable, "-m", "nlc.cli"]
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "NLC_DATA_DIR": data}
        for args in (
            ["manage", "migrate", "-v0"],
            ["demo", "--no-serve"],
            ["export", "--area", AREA, str(DEMO / "organisations.csv")],
            ["export", "--area", AREA, "--people", str(DEMO / "people.csv")],
        ):
            subprocess.run(nlc + args, env=env, check=True, capture_output=True)
    return DEMO


def pair_matrix(net, pairs) -> np.ndarray:
    out = np.zeros((net.n, net.n), dtype=bool)
    for a, b in pairs:
        out[a, b] = out[b, a] = True
    return out


def undirected_pairs(net) -> set[tuple[int, int]]:
    return {
        (min(a, b), max(a, b))
        for a, b in zip(net.source.tolist(), net.target.tolist(), strict=True)
    }


def methods(net, groups_column: str | None) -> dict[str, np.ndarray]:
    """Score matrices (higher is better) of each method on the first-year network."""
    n = net.n
    adjacency = net.adjacency()
    binary = ((adjacency + adjacency.T) > 0).astype(float).tocsr()
    degree = np.asarray(binary.sum(axis=1)).ravel()
    out = {"random": np.zeros((n, n)), "preferential attachment": np.outer(degree, degree)}
    scores = pair_scores(net)
    for name, values in (
        ("common neighbours", scores.common),
        ("resource allocation", scores.resource_allocation),
        ("weighted resource allocation", scores.weighted_resource_allocation),
        ("Adamic-Adar", scores.adamic_adar),
    ):
        matrix = np.zeros((n, n))
        matrix[scores.source, scores.target] = values
        out[name] = matrix + matrix.T
    variants = [("nlc suggest (communities)", None)]
    if groups_column:
        variants.append((f"nlc suggest (--group {groups_column})", groups_column))
    for name, column in variants:
        matrix = np.zeros((n, n))
        for s in suggest_introductions(net, groups=column, top=n * n):
            a, b = net.index[s.source], net.index[s.target]
            matrix[a, b] = matrix[b, a] = s.score
        out[name] = matrix
    return out


def evaluate(score: np.ndarray, tied: np.ndarray, new: np.ndarray, active) -> list[float]:
    """precision@10, @50, @100 overall; Hits@1, @5, @10 per node with a new tie."""
    n = len(score)
    rng = np.random.default_rng(0)  # the same tie-breaks for every method
    noise = rng.random((n, n))
    noise = (noise + noise.T) / 2  # one tie-break per pair
    masked = np.where(tied | np.eye(n, dtype=bool), -np.inf, score)
    upper = np.triu_indices(n, 1)
    flat = masked[upper]
    order = np.lexsort((noise[upper], flat))[::-1]
    hits = new[upper][order]
    out = [hits[:k].mean() for k in (10, 50, 100)]
    gaining = [i for i in range(n) if new[i].any() and active[i]]
    ranked = np.lexsort((noise, masked), axis=1)[:, ::-1]
    for k in (1, 5, 10):
        out.append(np.mean([new[i, ranked[i, :k]].any() for i in gaining]))
    return out


def quality_for(ties_path: Path, nodes_path: Path, label: str, groups_column: str | None):
    ties, nodes = read_ties(str(ties_path)), read_nodes(str(nodes_path))
    first = build_network(ties, nodes, directed=False, as_of=YEAR_TWO - dt.timedelta(days=1))
    both = build_network(ties, nodes, directed=False)
    assert first.ids == both.ids
    tied_first = undirected_pairs(first)
    new_pairs = undirected_pairs(both) - tied_first
    tied, new = pair_matrix(first, tied_first), pair_matrix(first, new_pairs)
    degree, _, _ = first.degrees()
    rows = []
    for name, score in methods(first, groups_column).items():
        rows.append([name, *(f"{v:.3f}" for v in evaluate(score, tied, new, degree > 0))])
    untied = first.n * (first.n - 1) // 2 - len(tied_first)
    caption = (
        f"{label}: {first.n} nodes, {len(tied_first)} pairs tied in year 1, "
        f"{len(new_pairs)} new pairs in year 2 (a random untied pair is new with probability "
        f"{len(new_pairs) / untied:.3f})"
    )
    headers = ["method", "P@10", "P@50", "P@100", "Hits@1", "Hits@5", "Hits@10"]
    return caption + "\n\n" + table(headers, rows)


def quality() -> str:
    folder = demo_export()
    parts = [
        quality_for(
            folder / "organisations.csv",
            folder / "organisations-nodes.csv",
            "Organisations",
            "local_authority",
        ),
        quality_for(folder / "people.csv", folder / "people-nodes.csv", "People", "organisation"),
    ]
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="Print; leave RESULTS.md alone.")
    args = parser.parse_args(argv)
    info = machine()
    speed_text, _ = speed()
    quality_text = quality()
    body = "\n".join(
        [
            f"## Introductions (`nlc suggest`): speed and quality ({info['date']})",
            "",
            "Command: `python benchmarks/bench_suggest.py` (see its docstring for the data).",
            "",
            *machine_lines(info),
            "",
            "### Speed: a 5,000-organisation area",
            "",
            speed_text,
            "",
            "### Quality: first school year of the demo against the second",
            "",
            QUALITY_NOTES,
            "",
            quality_text,
        ]
    )
    print(body)
    if not args.no_write:
        update_results("suggest", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
