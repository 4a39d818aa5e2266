"""Tests of the Networking for Learning Simulation (issue 4).

Expected values come from closed forms on small graphs (a path, a star, a complete graph) and
from NDlib's IndependentCascadesModel and ThresholdModel (Rossetti et al. 2018) run on
Zachary's karate club (``reference-data/networkx_examples``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from nlc.errors import InputError
from nlc.network import Network, build_network, read_ties
from nlc.simulation import IndependentCascade, RunOptions, ThresholdModel, simulate, trace_run
from nlc.simulation.cli import simulate as simulate_command
from nlc.simulation.engine import prepare
from nlc.simulation.interventions import (
    best_new_ties,
    celf_seeds,
    default_tie_candidates,
    imm_seeds,
)
from nlc.simulation.scenarios import (
    DESIGNS,
    add_ties,
    compare,
    design_network,
    read_tie_pairs,
    remove_ties,
)
from nlc.simulation.seeding import choose_seeds

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference-data"
KARATE = REFERENCE / "networkx_examples" / "karate_networkx_edges.csv"
if not KARATE.exists():  # the work tree may sit elsewhere than beside shared/
    KARATE = Path("/work/shared/reference-data/networkx_examples/karate_networkx_edges.csv")


def make(edges, n=None, directed=False, attributes=None) -> Network:
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    n = int(edges.max()) + 1 if n is None else n
    if not directed:
        edges = np.sort(edges, axis=1)
    return Network(
        ids=[str(i) for i in range(n)],
        source=edges[:, 0].copy(),
        target=edges[:, 1].copy(),
        weight=np.ones(len(edges)),
        directed=directed,
        attributes=attributes or {},
    )


def path(n, directed=False) -> Network:
    return make([(i, i + 1) for i in range(n - 1)], n, directed)


def star(n) -> Network:
    return make([(0, i) for i in range(1, n)], n)


def complete(n) -> Network:
    return make([(i, j) for i in range(n) for j in range(i + 1, n)], n)


def within(value, expected, se, k=4.0) -> bool:
    return abs(value - expected) <= k * se


@pytest.fixture(scope="module")
def karate() -> Network:
    return build_network(read_ties(KARATE, source="u", target="v"), directed=False)


# --- closed forms -------------------------------------------------------------------------


@pytest.mark.parametrize("directed", [False, True])
def test_cascade_on_a_path_reaches_node_k_with_probability_p_to_the_k(directed):
    p, runs = 0.6, 20_000
    result = simulate(
        path(7, directed), IndependentCascade(p=p), ["0"], options=RunOptions(runs=runs, rng=5)
    )
    prob = result.adoption_probability
    for k in range(7):
        expected = p**k
        se = math.sqrt(expected * (1 - expected) / runs) + 1e-12
        assert within(prob[k], expected, se), (k, prob[k], expected)


@pytest.mark.parametrize("n, p", [(21, 0.3), (401, 0.01), (31, 0.7)])
def test_cascade_from_the_centre_of_a_star_reaches_one_plus_p_times_leaves(n, p):
    runs = 20_000
    result = simulate(star(n), IndependentCascade(p=p), ["0"], options=RunOptions(runs=runs, rng=3))
    se = math.sqrt((n - 1) * p * (1 - p) / runs)
    assert within(result.mean_adopters, 1 + p * (n - 1), se)
    low, high = result.ci95()
    assert low < 1 + p * (n - 1) < high
    assert result.max_steps == 1
    # Each leaf independently: its adoption share is binomial around p.
    leaves = result.adoption_probability[1:]
    assert within(leaves.mean(), p, math.sqrt(p * (1 - p) / runs / (n - 1)))


def test_cascade_with_a_probability_per_tie_thins_the_fastest_rate():
    # Leaves 1-10 at p = 0.05, 11-20 at 0.3: jumps run at 0.3 and keep a slow tie 1 time in 6.
    n, runs = 21, 40_000
    tie_p = {("0", str(i)): (0.05 if i <= 10 else 0.3) for i in range(1, n)}
    result = simulate(
        star(n), IndependentCascade(p=0.0, tie_p=tie_p), ["0"], options=RunOptions(runs=runs, rng=8)
    )
    prob = result.adoption_probability
    assert within(prob[1:11].mean(), 0.05, math.sqrt(0.05 * 0.95 / runs / 10))
    assert within(prob[11:].mean(), 0.3, math.sqrt(0.3 * 0.7 / runs / 10))
    assert within(result.mean_adopters, 1 + 10 * 0.35, math.sqrt((10 * 0.0475 + 2.1) / runs))


def test_cascade_with_p_one_reaches_the_component_and_p_zero_only_the_seeds():
    net = make([(0, 1), (1, 2), (3, 4)], 6)
    options = RunOptions(runs=70, rng=0)
    assert simulate(net, IndependentCascade(p=1.0), ["1"], options=options).mean_adopters == 3
    assert simulate(net, IndependentCascade(p=0.0), ["1", "3"], options=options).mean_adopters == 2


@pytest.mark.parametrize("seeds, adopters", [(2, 2), (3, 8)])
def test_threshold_on_a_complete_graph_needs_enough_seeds(seeds, adopters):
    ids = [str(i) for i in range(seeds)]
    result = simulate(
        complete(8), ThresholdModel(threshold=3), ids, options=RunOptions(runs=10, rng=0)
    )
    assert result.mean_adopters == adopters
    assert result.max_steps == (1 if adopters == 8 else 0)


def test_threshold_share_on_a_complete_graph():
    # Each node has 7 ties; a share of 0.4 needs ceil(2.8) = 3 adopting ties.
    model = ThresholdModel(threshold=0.4, share=True)
    options = RunOptions(runs=3)
    assert simulate(complete(8), model, ["0", "1"], options=options).mean_adopters == 2
    assert simulate(complete(8), model, ["0", "1", "2"], options=options).mean_adopters == 8


def test_threshold_on_a_path_moves_one_node_per_step():
    result = simulate(
        path(6), ThresholdModel(threshold=1), ["0"], options=RunOptions(runs=4, rng=0)
    )
    out = result.to_dict()
    assert [c["mean"] for c in out["curve"]] == [1, 2, 3, 4, 5, 6]
    assert out["time_to_half"] == 2.0
    assert out["adoption_probability"] == {str(i): 1.0 for i in range(6)}
    # Two adopting ties are needed and a path node has at most two: nothing moves.
    assert simulate(path(6), ThresholdModel(threshold=2), ["0"]).mean_adopters == 1
    # Half of a middle node's two ties is one tie: everyone adopts, as with threshold 1.
    half = simulate(
        path(6), ThresholdModel(threshold=0.5, share=True), ["0"], options=RunOptions(runs=2)
    )
    assert half.mean_adopters == 6


def test_thresholds_by_group():
    net = path(4)
    net.attributes["kind"] = ["a", "a", "b", "b"]
    model = ThresholdModel(threshold=1, group_threshold={"b": 2})
    result = simulate(net, model, ["0"], options=RunOptions(runs=2, group="kind"))
    assert result.mean_adopters == 2
    assert result.group_reach() == {"a": 1.0, "b": 0.0}


def test_random_share_threshold_star_leaves_always_adopt():
    # A leaf has one tie: any share in (0, 1] of one tie needs that tie.
    result = simulate(
        star(6), ThresholdModel(random_share=True, share=True), ["0"], options=RunOptions(runs=100)
    )
    assert result.mean_adopters == 6


def test_group_factor_scales_crossing_probability():
    net = star(11)
    net.attributes["sector"] = ["school"] + ["school"] * 5 + ["community"] * 5
    model = IndependentCascade(p=0.8, group_factor={("school", "community"): 0.25})
    result = simulate(net, model, ["0"], options=RunOptions(runs=20_000, rng=4, group="sector"))
    reach = result.group_reach()
    assert within(reach["community"], 0.2, math.sqrt(0.2 * 0.8 / 20_000 / 5))
    assert within(reach["school"], (1 + 5 * 0.8) / 6, math.sqrt(0.16 / 20_000 / 6))


def test_per_tie_probabilities():
    model = IndependentCascade(p=0.0, tie_p={("0", "1"): 1.0, ("2", "0"): 1.0})
    assert simulate(star(4), model, ["0"], options=RunOptions(runs=64)).mean_adopters == 3


def test_per_tie_probabilities_follow_the_direction_of_flow():
    net = make([(1, 0), (0, 2)], 3, directed=True)  # 1 -> 0 -> 2
    model = IndependentCascade(p=0.0, tie_p={("1", "0"): 1.0})
    options = RunOptions(runs=64)
    assert simulate(net, model, ["1"], options=options).mean_adopters == 2
    assert simulate(net, model, ["0"], options=options).mean_adopters == 1  # 0 -> 1 is no tie
    # practice moves 0 -> 1
    back = simulate(net, model, ["0"], options=RunOptions(runs=64, flow="backward"))
    assert back.mean_adopters == 2 and back.adoption_probability.tolist() == [1, 1, 0]


def test_random_seeds_are_drawn_afresh_in_each_run():
    result = simulate(
        star(10), IndependentCascade(p=0.0), seed_count=1, options=RunOptions(runs=20_000, rng=3)
    )
    assert result.seeds is None and result.mean_adopters == 1
    prob = result.adoption_probability
    assert np.all(np.abs(prob - 0.1) < 4 * math.sqrt(0.09 / 20_000))


def test_max_steps_stops_runs():
    result = simulate(
        path(6), ThresholdModel(threshold=1), ["0"], options=RunOptions(runs=3, max_steps=2)
    )
    assert result.mean_adopters == 3
    cascade = simulate(
        path(6), IndependentCascade(p=1.0), ["0"], options=RunOptions(runs=3, max_steps=2)
    )
    assert cascade.mean_adopters == 3


def reference_cascade(n, arcs, p, seeds, runs, rng):
    """Textbook independent cascade (Kempe et al. 2003), one coin per arc try, in Python."""
    out = [[] for _ in range(n)]
    for (a, b), q in zip(arcs, p, strict=True):
        out[a].append((b, q))
    counts = np.zeros(n)
    for _ in range(runs):
        active = set(seeds)
        frontier = list(seeds)
        while frontier:
            nxt = []
            for u in frontier:
                for v, q in out[u]:
                    if v not in active and rng.random() < q:
                        active.add(v)
                        nxt.append(v)
            frontier = nxt
        counts[list(active)] += 1
    return counts / runs


def test_cascade_matches_a_textbook_implementation_on_a_random_digraph():
    gen = np.random.default_rng(11)
    n = 60
    arcs = sorted({(int(a), int(b)) for a, b in gen.integers(0, n, (240, 2)) if a != b})
    p = gen.choice([0.05, 0.15, 0.4], size=len(arcs))
    net = make(arcs, n, directed=True)
    tie_p = {(str(a), str(b)): float(q) for (a, b), q in zip(arcs, p, strict=True)}
    runs = 20_000
    ours = simulate(
        net, IndependentCascade(tie_p=tie_p), ["0", "1"], options=RunOptions(runs=runs, rng=4)
    )
    ref = reference_cascade(n, arcs, p, [0, 1], 4000, gen)
    se = np.sqrt(
        ref * (1 - ref) / 4000 + ours.adoption_probability * (1 - ours.adoption_probability) / runs
    )
    z = np.abs(ours.adoption_probability - ref) / np.maximum(se, 1e-9)
    assert z.max() < 4.5, (z.max(), int(z.argmax()))


@pytest.mark.parametrize(
    "model", [IndependentCascade(p=0.3), ThresholdModel(random_share=True)], ids=["ic", "lt"]
)
def test_trace_replays_the_runs_of_simulate(karate, model):
    result = simulate(karate, model, seed_count=2, options=RunOptions(runs=150, rng=6))
    for run in (0, 63, 64, 149):
        steps = trace_run(karate, model, seed_count=2, run=run, options=RunOptions(rng=6))
        levels = result.levels[result.level_offsets[run] : result.level_offsets[run + 1]]
        assert (steps >= 0).sum() == result.final[run]
        assert np.bincount(steps[steps >= 0]).tolist() == levels.tolist()


# --- agreement with NDlib -------------------------------------------------------------------


def test_cascade_agrees_with_ndlib_on_karate(karate):
    nx = pytest.importorskip("networkx")
    mc = pytest.importorskip("ndlib.models.ModelConfig")
    ep = pytest.importorskip("ndlib.models.epidemics")
    graph = nx.Graph()
    graph.add_nodes_from(range(34))
    graph.add_edges_from(
        (int(a), int(b))
        for a, b in zip(
            np.array(karate.ids)[karate.source], np.array(karate.ids)[karate.target], strict=True
        )
    )
    np.random.seed(7)
    model = ep.IndependentCascadesModel(graph)
    config = mc.Configuration()
    config.add_model_initial_configuration("Infected", [0])
    for edge in graph.edges():
        config.add_edge_configuration("threshold", edge, 0.2)
    model.set_initial_status(config)
    finals = []
    for _ in range(1000):
        model.reset(infected_nodes=[0])
        last = model.iteration_bunch(40, node_status=False)[-1]["node_count"]
        finals.append(last[1] + last[2])
    nd_mean = float(np.mean(finals))
    nd_half = 1.96 * float(np.std(finals, ddof=1)) / math.sqrt(len(finals))
    ours = simulate(karate, IndependentCascade(p=0.2), ["0"], options=RunOptions(runs=4000, rng=1))
    low, high = ours.ci95()
    # The two 95% intervals overlap.
    assert low <= nd_mean + nd_half and nd_mean - nd_half <= high


def test_threshold_agrees_with_ndlib_on_karate_step_by_step(karate):
    nx = pytest.importorskip("networkx")
    mc = pytest.importorskip("ndlib.models.ModelConfig")
    ep = pytest.importorskip("ndlib.models.epidemics")
    graph = nx.Graph()
    graph.add_nodes_from(range(34))
    ids = np.array(karate.ids)
    graph.add_edges_from(
        (int(a), int(b)) for a, b in zip(ids[karate.source], ids[karate.target], strict=True)
    )
    for share, seeds in [(0.25, [0, 33]), (0.4, [0, 1, 2]), (0.5, [33])]:
        model = ep.ThresholdModel(graph)
        config = mc.Configuration()
        config.add_model_initial_configuration("Infected", seeds)
        for node in graph.nodes():
            config.add_node_configuration("threshold", node, share)
        model.set_initial_status(config)
        steps = model.iteration_bunch(15, node_status=True)
        nd_curve = [it["node_count"][1] for it in steps]
        adopted = {node for it in steps for node, status in it["status"].items() if status == 1}
        ours = simulate(
            karate,
            ThresholdModel(threshold=share, share=True),
            [str(s) for s in seeds],
            options=RunOptions(runs=2),
        )
        curve = [c["mean"] for c in ours.to_dict()["curve"]]
        assert nd_curve[: len(curve)] == curve
        assert set(nd_curve[len(curve) :]) <= {curve[-1]}
        assert {int(karate.ids[i]) for i in np.flatnonzero(ours.counts)} == adopted


# --- reproducibility ------------------------------------------------------------------------


def test_same_rng_same_result_whatever_the_threads(karate):
    numba = pytest.importorskip("numba")
    model = IndependentCascade(p=0.15)
    results = []
    saved = numba.get_num_threads()
    try:
        for t in (1, min(2, numba.config.NUMBA_NUM_THREADS)):
            numba.set_num_threads(t)
            results.append(simulate(karate, model, ["0"], options=RunOptions(runs=1000, rng=42)))
    finally:
        numba.set_num_threads(saved)
    for explicit in (1, 3):
        results.append(
            simulate(karate, model, ["0"], options=RunOptions(runs=1000, rng=42, threads=explicit))
        )
    random_seeds = [
        simulate(
            karate,
            ThresholdModel(random_share=True),
            seed_count=2,
            options=RunOptions(runs=300, rng=9, threads=t),
        ).to_dict()
        for t in (1, 3)
    ]
    first = results[0]
    for other in results[1:]:
        assert np.array_equal(first.final, other.final)
        assert np.array_equal(first.counts, other.counts)
        assert np.array_equal(first.levels, other.levels)
    assert random_seeds[0] == random_seeds[1]
    assert (
        simulate(karate, model, ["0"], options=RunOptions(runs=1000, rng=43)).mean_adopters
        != first.mean_adopters
    )


def test_json_has_no_nan_even_with_one_run(karate):
    out = simulate(
        karate, IndependentCascade(p=0.1), ["0"], options=RunOptions(runs=1, rng=0)
    ).to_dict()
    assert out["ci95"] == [None, None]
    json.dumps(out, allow_nan=False)
    never = simulate(
        path(10), IndependentCascade(p=0.0), ["0"], options=RunOptions(runs=5)
    ).to_dict()
    assert never["time_to_half"] is None and never["share_of_runs_reaching_half"] == 0.0


def test_bad_parameters_are_refused(karate):
    with pytest.raises(InputError):
        IndependentCascade(p=1.5)
    with pytest.raises(InputError):
        ThresholdModel(threshold=-1)
    with pytest.raises(InputError):
        ThresholdModel(threshold=1.2, share=True)
    with pytest.raises(InputError):
        simulate(karate, IndependentCascade(), ["0"], options=RunOptions(runs=0))
    with pytest.raises(InputError, match="not in the network"):
        simulate(karate, IndependentCascade(), ["0", "zzz"])
    with pytest.raises(InputError):
        simulate(karate, IndependentCascade(), seed_count=35)


# --- seeds and interventions ---------------------------------------------------------------


def test_imm_and_celf_choose_the_hubs_of_karate(karate):
    model = IndependentCascade(p=0.2)
    prepared = prepare(karate, model)
    imm = imm_seeds(prepared, 2, epsilon=0.2, rng=1)
    celf = celf_seeds(prepared, 2, runs=1000, rng=1)
    assert {karate.ids[i] for i in imm.seeds} == {"0", "33"}
    assert {karate.ids[i] for i in celf.seeds} == {"0", "33"}
    check = simulate(
        karate, model, [karate.ids[i] for i in imm.seeds], options=RunOptions(runs=4000, rng=2)
    )
    low, high = check.ci95()
    assert low - 0.5 <= imm.estimate <= high + 0.5
    assert "1 - 1/e - 0.2" in imm.guarantee


def test_greedy_threshold_seeds_beat_degree_on_two_cliques():
    # Two 5-cliques joined by the tie 4-5. With threshold 2, the bridge end 4 and a node of
    # the other clique (6) bring in 5 and then the rest of that clique: 6 adopters, the best
    # any pair can do. The two highest-degree nodes (4 and 5) reach nobody else.
    edges = [(i, j) for i in range(5) for j in range(i + 1, 5)]
    edges += [(i + 5, j + 5) for i, j in edges] + [(4, 5)]
    net = make(edges, 10)
    model = ThresholdModel(threshold=2)
    choice = choose_seeds(net, model, 2, "optimal")
    assert simulate(net, model, choice.ids).mean_adopters == 6
    assert "no lazy" in choice.details["method"]
    degree = choose_seeds(net, model, 2, "degree")
    assert degree.ids == ["4", "5"] and simulate(net, model, degree.ids).mean_adopters == 2


def test_degree_and_broker_seeds(karate):
    model = IndependentCascade(p=0.1)
    assert choose_seeds(karate, model, 2, "degree").ids == ["33", "0"]
    brokers = choose_seeds(karate, model, 2, "brokers")
    if brokers.details["method"] == "total brokerage":
        # Undirected: each open two-path i - j - k counts in both directions.
        adj = karate.adjacency().toarray()
        deg = adj.sum(axis=1)
        triangles = np.diag(adj @ adj @ adj) / 2
        total = deg * (deg - 1) - 2 * triangles
        expected = [karate.ids[i] for i in np.argsort(-total, kind="stable")[:2]]
        assert brokers.ids == expected and brokers.details["scores"] == sorted(total)[::-1][:2]
    else:
        assert brokers.ids == ["0", "33"]
    assert choose_seeds(karate, model, 3, "random").ids is None


def test_best_new_tie_joins_the_seed_to_the_larger_unreached_group():
    # Seed 0 on a pair; candidates: to a lone node (5) or to a path of three (2-3-4).
    net = make([(0, 1), (2, 3), (3, 4)], 6)
    model = IndependentCascade(p=1.0)
    ties = best_new_ties(
        net, model, 1, [("0", "5"), ("1", "3")], seeds=["0"], options=RunOptions(runs=64)
    )
    assert ties == [
        {
            "source": "1",
            "target": "3",
            "mean_adopters": 5.0,
            "gain": 3.0,
            "gain_ci95": [3.0, 3.0],  # p = 1: every run gains the same
        }
    ]
    base = simulate(net, model, ["0"], options=RunOptions(runs=64))
    candidates = default_tie_candidates(net, base.adoption_probability)
    assert ("0", "2") in candidates and ("0", "1") not in candidates


# --- scenarios ------------------------------------------------------------------------------


def test_adding_and_removing_ties(karate):
    bigger = add_ties(karate, [("0", "9"), ("0", "1")])
    assert bigger.m == karate.m + 1
    smaller, missing = remove_ties(bigger, [("9", "0"), ("5", "9")])
    assert smaller.m == karate.m and missing == 1
    model = IndependentCascade(p=0.2)
    base_prep = prepare(karate, model)
    base = simulate(karate, model, ["0"], options=RunOptions(runs=2000, rng=3), prepared=base_prep)
    other = simulate(
        bigger,
        model,
        ["0"],
        options=RunOptions(runs=2000, rng=3),
        prepared=prepare(bigger, model, like=base_prep),
    )
    diff = compare(base, other)
    low, high = diff["difference_ci95"]
    assert diff["difference"] > 0 and low > 0
    # Common random numbers: the old ties pass the practice in the same runs as before, so a
    # run can only gain adopters when a tie is added, and lose them when one is removed.
    assert np.all(other.final >= base.final)
    fewer = simulate(
        smaller,
        model,
        ["0"],
        options=RunOptions(runs=2000, rng=3),
        prepared=prepare(smaller, model, like=base_prep),
    )
    assert np.array_equal(fewer.final, base.final)
    cut, _ = remove_ties(karate, [("0", "1"), ("0", "2")])
    less = simulate(
        cut,
        model,
        ["0"],
        options=RunOptions(runs=2000, rng=3),
        prepared=prepare(cut, model, like=base_prep),
    )
    assert np.all(less.final <= base.final) and less.mean_adopters < base.mean_adopters


def test_tie_files_naming_unknown_nodes_are_refused(tmp_path, karate):
    bad = tmp_path / "add.csv"
    bad.write_text("source,target\n0,1\n0,nobody\n")
    with pytest.raises(InputError, match="nobody"):
        read_tie_pairs(bad, karate)


@pytest.mark.parametrize("kind", DESIGNS)
def test_designs_keep_nodes_and_ties(karate, kind):
    one = design_network(karate, kind, rng=5)
    assert (one.n, one.m) == (karate.n, karate.m)
    assert np.all(one.source < one.target)
    again = design_network(karate, kind, rng=5)
    assert np.array_equal(one.source, again.source) and np.array_equal(one.target, again.target)


def test_hub_and_spoke_has_a_hub():
    net = design_network(path(30), "hub_and_spoke", rng=0)
    assert net.degrees()[0].max() == 29


# --- the command ----------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path):
    rows = np.loadtxt(KARATE, delimiter=",", skiprows=1, dtype=int)
    ties = tmp_path / "ties.csv"
    ties.write_text(
        "source,target,prob\n" + "".join(f"{a},{b},0.25\n" for a, b, _ in rows.tolist())
    )
    nodes = tmp_path / "nodes.csv"
    nodes.write_text(
        "id,phase\n" + "".join(f"{i},{'primary' if i < 17 else 'secondary'}\n" for i in range(34))
    )
    (tmp_path / "add.csv").write_text("source,target\n0,33\n5,26\n")
    (tmp_path / "add_bad.csv").write_text("source,target\n0,33\n5,ghost\n")
    (tmp_path / "bad_p.csv").write_text("source,target,prob\n0,1,0.2\n1,2,1.5\n")
    (tmp_path / "remove.csv").write_text("source,target\n0,1\n0,2\n")
    return tmp_path


def invoke(*args):
    return CliRunner().invoke(simulate_command, [str(a) for a in args])


def test_cli_writes_json_and_report(files):
    out, report = files / "out.json", files / "out.html"
    result = invoke(
        files / "ties.csv",
        "--nodes",
        files / "nodes.csv",
        "--group",
        "phase",
        "--undirected",
        "--model",
        "cascade",
        "--p",
        "0.2",
        "--seeds",
        "0",
        "--runs",
        "500",
        "--rng",
        "3",
        "--add-ties",
        files / "add.csv",
        "--compare-designs",
        "--suggest-ties",
        "1",
        "--json",
        out,
        "--report",
        report,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    for key in (
        "model",
        "runs",
        "seeds",
        "mean_adopters",
        "ci95",
        "curve",
        "final_reach_distribution",
        "adoption_probability",
        "group_reach",
        "time_to_half",
        "scenarios",
        "suggested_ties",
    ):
        assert key in data
    assert data["model"] == "cascade" and data["runs"] == 500 and data["seeds"] == ["0"]
    assert set(data["group_reach"]) == {"primary", "secondary"}
    assert len(data["adoption_probability"]) == 34
    assert [s["name"] for s in data["scenarios"]] == [
        "as is",
        "changed ties",
        "hub and spoke",
        "clusters",
        "small world",
    ]
    assert data["scenarios"][1]["difference"] > 0
    html = report.read_text()
    assert html.count("data:image/png;base64,") == 4 and "Scenarios" in html
    assert "mean adopters" in result.output
    again = files / "again.json"
    invoke(
        files / "ties.csv",
        "--nodes",
        files / "nodes.csv",
        "--group",
        "phase",
        "--undirected",
        "--model",
        "cascade",
        "--p",
        "0.2",
        "--seeds",
        "0",
        "--runs",
        "500",
        "--rng",
        "3",
        "--add-ties",
        files / "add.csv",
        "--compare-designs",
        "--suggest-ties",
        "1",
        "--json",
        again,
        "--threads",
        "1",
    )
    assert json.loads(again.read_text()) == data


def test_cli_removing_ties_and_random_thresholds(files):
    out = files / "r.json"
    result = invoke(
        files / "ties.csv",
        "--undirected",
        "--model",
        "threshold",
        "--threshold-share",
        "random",
        "--seeds",
        "0",
        "--runs",
        "300",
        "--remove-ties",
        files / "remove.csv",
        "--flow",
        "backward",
        "--json",
        out,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["parameters"]["rule"] == "random share"
    changed = data["scenarios"][1]
    assert changed["m"] == 76 and changed["difference"] < 0
    assert changed["difference_ci95"][1] < 0


def test_cli_threshold_with_p_column_and_strategies(files):
    out = files / "t.json"
    result = invoke(
        files / "ties.csv",
        "--undirected",
        "--model",
        "threshold",
        "--threshold-share",
        "0.3",
        "--seed-count",
        "2",
        "--seed-strategy",
        "optimal",
        "--runs",
        "20",
        "--json",
        out,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["seed_selection"]["strategy"] == "optimal" and len(data["seeds"]) == 2
    result = invoke(
        files / "ties.csv",
        "--model",
        "cascade",
        "--p-column",
        "prob",
        "--seed-count",
        "3",
        "--seed-strategy",
        "degree",
        "--runs",
        "64",
        "--json",
        out,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["parameters"]["per_tie_p"] is True
    result = invoke(
        files / "ties.csv",
        "--nodes",
        files / "nodes.csv",
        "--model",
        "cascade",
        "--seed-role",
        "phase=Secondary",
        "--runs",
        "64",
        "--json",
        out,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["seed_selection"]["strategy"] == "role" and len(data["seeds"]) == 17


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--p", "0.2", "--seeds", "0,nobody"], "nobody"),
        (["--p", "1.5", "--seeds", "0"], "between 0 and 1"),
        (["--p", "-0.1", "--seeds", "0"], "between 0 and 1"),
        (["--p", "0.2", "--seeds", "0", "--runs", "0"], "--runs"),
        (["--p", "0.2", "--seeds", "0", "--add-ties", "ADD_BAD"], "ghost"),
        (["--p", "0.2", "--seed-count", "99"], "99"),
        (["--p-column", "nope", "--seeds", "0"], "nope"),
        (["BAD_P", "--p-column", "prob", "--seeds", "0"], "row 3"),
        (["--model", "threshold", "--threshold", "-2", "--seeds", "0"], "at least 0"),
        (["--model", "threshold", "--threshold-share", "-0.5", "--seeds", "0"], "at least 0"),
        (["--p", "0.2"], "--seeds"),
        (["--p", "0.2", "--seeds", "0", "--seed-count", "2"], "not --seeds and --seed-count"),
        (["--p", "0.2", "--seed-role", "phase=primary"], "no node column"),
        (["--model", "threshold", "--group-threshold", "x=1", "--seeds", "0"], "--group"),
    ],
)
def test_cli_bad_input_exits_2_and_writes_nothing(files, extra, message):
    out, report = files / "out.json", files / "out.html"
    extra = [str(files / "add_bad.csv") if x == "ADD_BAD" else x for x in extra]
    model = [] if "--model" in extra else ["--model", "cascade"]
    ties = files / ("bad_p.csv" if "BAD_P" in extra else "ties.csv")
    extra = [x for x in extra if x != "BAD_P"]
    result = invoke(ties, *model, *extra, "--json", out, "--report", report)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists() and not report.exists()
    assert not list(files.glob(".*.tmp"))


def test_nlc_simulate_reports_bad_input_like_every_command(files):
    cli = pytest.importorskip("nlc.cli")
    out = files / "out.json"
    args = [str(files / "ties.csv"), "--model", "cascade", "--seeds", "0,zz", "--json", str(out)]
    result = CliRunner().invoke(cli.main, ["simulate", *args])
    assert result.exit_code == 2 and "zz" in result.output
    assert not out.exists()


def test_core_errors_name_the_parameter_and_the_cli_names_the_flag(karate, files):
    with pytest.raises(InputError, match="^runs must be at least 1, not 0$"):
        simulate(karate, IndependentCascade(), ["0"], options=RunOptions(runs=0))
    with pytest.raises(InputError, match="^p must be a probability"):
        IndependentCascade(p=2.0)
    result = invoke(files / "ties.csv", "--model", "cascade", "--p", "2", "--seeds", "0")
    assert result.exit_code == 2
    assert "--p must be a probability between 0 and 1" in result.output


def test_cli_seed_is_the_random_seed_and_rng_its_old_name(files):
    outputs = []
    for flag in ("--seed", "--rng"):
        out = files / f"{flag[2:]}.json"
        args = ["--model", "cascade", "--seed-count", "2", "--runs", "64", "--json", out]
        result = invoke(files / "ties.csv", *args, flag, "7")
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(out.read_text()))
    assert outputs[0]["rng"] == outputs[1]["rng"] == 7
    assert outputs[0]["final_reach_distribution"] == outputs[1]["final_reach_distribution"]
    both = invoke(
        files / "ties.csv", "--model", "cascade", "--seeds", "0", "--seed", "1", "--rng", "2"
    )
    assert both.exit_code == 2 and "--seed" in both.output


def test_cli_reads_the_network_with_the_options_of_analyse(files):
    ties = files / "typed.csv"
    ties.write_text("from,to,weight,type\na,b,2,advice\nb,c,1,advice\nc,d,3,referral\n")
    out = files / "typed.json"
    common = ["--source-column", "from", "--target-column", "to", "--model", "cascade"]
    common += ["--p", "1", "--seeds", "a", "--runs", "64", "--undirected", "--json", out]
    result = invoke(ties, *common, "--type", "advice")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["mean_adopters"] == 3  # c-d is a referral
    result = invoke(ties, *common, "--min-weight", "2")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["mean_adopters"] == 2  # b-c is dropped
    result = invoke(files / "ties.csv", "--model", "cascade", "--seeds", "0", "--type", "x")
    assert result.exit_code == 2 and "--type needs a 'type' column" in result.output


def test_the_report_writes_a_small_share_of_runs_and_a_gain_beside_its_two_means():
    # Issue #8: "in 0% of runs" was 0.5%; the gain did not match the means shown beside it.
    from nlc.simulation.report import _suggested_ties_section, _summary_table

    out = {
        "n": 10,
        "model": "cascade",
        "parameters": {},
        "runs": 200,
        "rng": 0,
        "seeds": ["a"],
        "seed_count": 1,
        "seed_strategy": "given",
        "mean_adopters": 2.0,
        "ci95": [1.5, 2.5],
        "time_to_half": 3.0,
        "share_of_runs_reaching_half": 0.005,
        "suggested_ties": [
            {
                "source": "1",
                "target": "3",
                "source_name": "Hill School",
                "target_name": "Dale College",
                "mean_adopters": 5.0,
                "mean_adopters_before": 2.0,
                "gain": 3.0,
            }
        ],
    }
    assert "in 0.5% of runs" in _summary_table(out)
    section = "".join(_suggested_ties_section(out))
    assert "<td>Hill School</td><td>Dale College</td><td>2.00</td><td>5.00</td><td>+3.00</td>" in (
        section
    )
