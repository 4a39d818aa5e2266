"""Introductions (nlc.brokerage.introductions): indices, candidates, selection and reasons.

Expected index values are worked out by hand in each test and checked against networkx's
``resource_allocation_index`` and ``adamic_adar_index`` on Zachary's karate club.
"""

import math
import random

import networkx as nx
import numpy as np
import pytest

from nlc.brokerage.introductions import pair_scores, suggest_introductions
from nlc.errors import InputError
from nlc.network import Network, NodeTable, TieTable, build_network


def network(edges, *, names=None, directed=False, weights=None, **attributes):
    """A network of the nodes named in ``edges`` (plus ``names``' keys), in sorted id order."""
    ids = sorted({x for e in edges for x in e} | set(names or {}) | _keys(attributes))
    columns = {k: [v.get(i) for i in ids] for k, v in attributes.items()}
    if names:
        columns["name"] = [names.get(i) for i in ids]
    ties = TieTable(
        "ties.csv",
        [a for a, _ in edges],
        [b for _, b in edges],
        weight=None if weights is None else np.array(weights, dtype=float),
    )
    return build_network(ties, NodeTable("nodes.csv", ids, columns), directed=directed)


def _keys(attributes):
    return {k for column in attributes.values() for k in column}


# A square a-b-d-c-a with a tail d-e. Degrees: a 2, b 2, c 2, d 3, e 1.
SQUARE = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e")]


def scores_by_pair(net, scores):
    return {
        (net.ids[s], net.ids[t]): (c, ra, wra, aa, b)
        for s, t, c, ra, wra, aa, b in zip(
            scores.source,
            scores.target,
            scores.common,
            scores.resource_allocation,
            scores.weighted_resource_allocation,
            scores.adamic_adar,
            scores.broker,
            strict=True,
        )
    }


def test_pair_scores_by_hand_on_a_square_with_a_tail():
    net = network(SQUARE)
    got = scores_by_pair(net, pair_scores(net))
    assert set(got) == {("a", "d"), ("b", "c"), ("b", "e"), ("c", "e")}
    # a, d: common b and c, two contacts each: RA = 1/2 + 1/2, AA = 2 / ln 2
    assert got[("a", "d")][:2] == (2, 1.0)
    assert got[("a", "d")][3] == pytest.approx(2 / math.log(2))
    # b, c: common a (2 contacts) and d (3): RA = 1/2 + 1/3, AA = 1/ln 2 + 1/ln 3
    assert got[("b", "c")][1] == pytest.approx(1 / 2 + 1 / 3)
    assert got[("b", "c")][3] == pytest.approx(1 / math.log(2) + 1 / math.log(3))
    # b, e: d is the only common neighbour, so it is the broker
    assert got[("b", "e")][0] == 1 and got[("b", "e")][4] == net.index["d"]
    assert got[("a", "d")][4] == -1
    # unweighted: weighted RA is RA
    assert all(v[1] == pytest.approx(v[2]) for v in got.values())


def test_weighted_resource_allocation_by_hand():
    # a-b weighs 2, the rest 1: mean weight 1.2, so weights become 2/1.2 and 1/1.2.
    net = network(SQUARE, weights=[2, 1, 1, 1, 1])
    got = scores_by_pair(net, pair_scores(net))
    # via b: (2/1.2)(1/1.2) / (3/1.2); via c: (1/1.2)(1/1.2) / (2/1.2)
    assert got[("a", "d")][2] == pytest.approx((2 / 3 + 1 / 2) / 1.2)
    assert got[("a", "d")][1] == 1.0  # plain RA ignores weights


def test_pair_scores_match_networkx_on_the_karate_club():
    graph = nx.karate_club_graph()
    edges = [(str(a), str(b)) for a, b in graph.edges()]
    net = network(edges)
    s = pair_scores(net)
    pairs = [(int(net.ids[a]), int(net.ids[b])) for a, b in zip(s.source, s.target, strict=True)]
    expected = {
        (u, v)
        for u in graph
        for v in graph
        if u < v and not graph.has_edge(u, v) and set(graph[u]) & set(graph[v])
    }
    assert {tuple(sorted(p)) for p in pairs} == expected and len(pairs) == len(expected)
    ra = [p for _, _, p in nx.resource_allocation_index(graph, pairs)]
    aa = [p for _, _, p in nx.adamic_adar_index(graph, pairs)]
    np.testing.assert_allclose(s.resource_allocation, ra, rtol=1e-12)
    np.testing.assert_allclose(s.adamic_adar, aa, rtol=1e-12)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("directed", [False, True])
def test_never_an_existing_tie_nor_a_self_pair(seed, directed):
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(30)]
    edges = [tuple(rng.sample(nodes, 2)) for _ in range(60)]
    offers = {n: rng.choice(["funding", "venues", ""]) for n in nodes}
    needs = {n: rng.choice(["funding", "venues", ""]) for n in nodes}
    net = network(edges, directed=directed, offers=offers, needs=needs)
    tied = {frozenset(e) for e in edges}
    for per_node, top in ((None, 1000), (3, None)):
        found = suggest_introductions(net, per_node=per_node, top=top)
        assert found
        for s in found:
            assert s.source != s.target
            assert frozenset((s.source, s.target)) not in tied


def test_reasons_name_the_common_contacts_by_name():
    names = {"oak": "Oak Primary", "youth": "Youth Association", "a": "Ash School"}
    net = network([("a", "oak"), ("oak", "b"), ("a", "youth"), ("youth", "b")], names=names)
    (best,) = suggest_introductions(net, top=1, groups=None)
    assert {best.source, best.target} == {"a", "b"}
    assert best.reasons[0] == "both work with Oak Primary and Youth Association"
    assert best.evidence["common_neighbours"] == 2


def test_long_lists_of_common_contacts_are_cut_short():
    hubs = [f"h{i}" for i in range(5)]
    net = network([(x, h) for h in hubs for x in ("a", "b")])
    best = suggest_introductions(net, top=1)[0]
    assert best.reasons[0] == "both work with h0, h1, h2 and 2 others"


def test_offers_and_needs_make_a_candidate_at_any_distance():
    net = network(
        [("x", "p"), ("p", "q"), ("q", "r"), ("r", "y")],
        offers={"x": "speech and language expertise; venues"},
        needs={"y": "Speech and Language Expertise "},
        sector=dict.fromkeys("xpqry", "school"),
    )
    found = suggest_introductions(net, top=10, groups="sector")
    match = next(s for s in found if {s.source, s.target} == {"x", "y"})
    assert "x offers speech and language expertise, which y asked for" in match.reasons
    assert match.evidence["offer_matches"] == 1 and match.evidence["distance"] is None
    assert found[0] is match  # a matched need outranks weak triads


def test_offers_and_needs_may_be_given_as_mappings():
    net = network([("x", "p"), ("y", "q")])
    found = suggest_introductions(net, offers={"y": ["data"]}, needs={"x": "data"})
    assert [(s.source, s.target) for s in found] == [("x", "y")]
    assert found[0].reasons[0] == "y offers data, which x asked for"


def test_a_bridge_between_groups_says_which_groups():
    sector = {"a": "health", "m": "school", "b": "school", "c": "health"}
    net = network([("a", "m"), ("m", "b"), ("a", "c")], sector=sector)
    found = {
        frozenset((s.source, s.target)): s for s in suggest_introductions(net, groups="sector")
    }
    bridge = found[frozenset("ab")]
    assert "would connect sector 'health' to sector 'school' (1 tie between them so far)" in (
        bridge.reasons
    ) or "would connect sector 'school' to sector 'health' (1 tie between them so far)" in (
        bridge.reasons
    )
    same = found[frozenset("mc")]  # health and school too; c, a are both health
    assert any("would connect" in r for r in same.reasons)


def test_no_bridge_reason_within_one_group():
    net = network([("a", "m"), ("m", "b")], sector={"a": "x", "m": "x", "b": "x"})
    (s,) = suggest_introductions(net, groups="sector")
    assert not any("would connect" in r for r in s.reasons)
    assert s.score == pytest.approx(0.5 / 1.5)  # RA 1/2, no bonus: 0.5 / (1 + 0.5)


def test_a_lone_broker_is_named():
    net = network([("z", leaf) for leaf in "abcd"], names={"z": "Zed Centre"})
    found = suggest_introductions(net)
    assert len(found) == 6  # every pair of leaves
    for s in found:
        assert s.evidence["lone_broker"] == "z"
        assert any(
            r.startswith("Zed Centre is their only link and already stands between 6")
            for r in s.reasons
        )


def test_shared_focus_is_a_reason():
    net = network(
        [("a", "m"), ("m", "b")], focus={"a": "transition; early help", "b": "Early help"}
    )
    (s,) = suggest_introductions(net)
    assert "both focus on early help" in s.reasons


def test_for_ids_limits_the_sources():
    net = network(SQUARE)
    found = suggest_introductions(net, for_ids=["e"], top=10)
    assert {(s.source, s.target) for s in found} == {("e", "b"), ("e", "c")}
    both = suggest_introductions(net, for_ids=["b", "c"], top=10)
    assert sum({s.source, s.target} == {"b", "c"} for s in both) == 1  # once, not twice


def test_unknown_ids_are_refused():
    with pytest.raises(InputError, match="'nope'"):
        suggest_introductions(network(SQUARE), for_ids=["a", "nope"])


def test_per_node_and_top():
    net = network(SQUARE)
    every = suggest_introductions(net, per_node=1)
    sources = [s.source for s in every]
    assert sorted(sources) == sorted(set(sources)) == ["a", "b", "c", "d", "e"]
    assert len(suggest_introductions(net, top=2)) == 2
    with pytest.raises(InputError, match="per_node or top"):
        suggest_introductions(net, per_node=1, top=1)
    with pytest.raises(InputError, match="at least 1"):
        suggest_introductions(net, top=0)


def test_best_first_and_deterministic_whatever_the_tie_order():
    rng = random.Random(3)
    nodes = [f"n{i:02d}" for i in range(40)]
    edges = [tuple(rng.sample(nodes, 2)) for _ in range(90)]
    first = suggest_introductions(network(edges), top=30)
    shuffled = list(edges)
    rng.shuffle(shuffled)
    assert suggest_introductions(network(shuffled), top=30) == first
    scores = [s.score for s in first]
    assert scores == sorted(scores, reverse=True)


def test_an_unknown_attribute_is_refused():
    with pytest.raises(InputError, match="no node attribute 'offer'"):
        suggest_introductions(network(SQUARE), offers="offer")


def test_simulated_gain_for_the_best_few():
    rng = random.Random(1)
    nodes = [f"n{i:02d}" for i in range(40)]
    net = network([tuple(rng.sample(nodes, 2)) for _ in range(60)])
    found = suggest_introductions(net, top=7, simulate_gain=True)
    assert all("simulated_gain" in s.evidence for s in found[:5])
    assert not any("simulated_gain" in s.evidence for s in found[5:])
    assert all(s.evidence["simulated_gain"] >= -1 for s in found[:5])
    # The simulation's verdict is the last reason of each, whether it finds a gain or not.
    assert all(s.reasons[-1].startswith("in simulation") for s in found[:5])
    assert not any("in simulation" in r for s in found[5:] for r in s.reasons)


def test_rows_give_the_same_scores_as_the_whole_network():
    graph = nx.karate_club_graph()
    net = network([(str(a), str(b)) for a, b in graph.edges()])
    whole = scores_by_pair(net, pair_scores(net))
    rows = [net.index["5"], net.index["0"]]
    some = scores_by_pair(net, pair_scores(net, rows))
    assert {s for s, _ in some} == {"5", "0"}
    for (s, t), values in some.items():
        expected = whole.get((s, t), whole.get((t, s)))
        assert values[:4] == pytest.approx(expected[:4])


@pytest.mark.parametrize("n", [0, 1, 3])
def test_networks_without_ties(n):
    ids = [f"n{i}" for i in range(n)]
    empty = np.zeros(0, dtype=np.int64)
    attributes = {"offers": ["x"] * n, "needs": ["x"] * n}
    net = Network(ids, empty, empty, np.zeros(0), False, attributes=attributes)
    found = suggest_introductions(net, per_node=5)
    assert len(found) == (6 if n == 3 else 0)  # each pair, suggested to both ends
    for s in found:  # isolates are no clusters: the offer is the reason
        assert s.reasons == (
            f"{s.source} offers x, which {s.target} asked for",
            f"{s.target} offers x, which {s.source} asked for",
        )


def test_bridges_at_distance_three_by_hand():
    # h: a, b, x; s: c, d, y. a - d is three steps through b and c (2 contacts each).
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("a", "x"), ("d", "y")]
    sector = {"a": "h", "b": "h", "x": "h", "c": "s", "d": "s", "y": "s"}
    net = network(edges, sector=sector)
    assert all(s.evidence["distance"] == 2 for s in suggest_introductions(net, groups="sector"))
    found = suggest_introductions(net, groups="sector", max_distance=3)
    far = {frozenset((s.source, s.target)): s for s in found if s.evidence["distance"] == 3}
    assert set(far) == {frozenset("ad"), frozenset("by"), frozenset("cx")}
    a_d = far[frozenset("ad")]
    assert a_d.evidence["three_step_resource_allocation"] == 0.25  # 1 / (2 * 2)
    assert a_d.score == pytest.approx(0.5 * 0.25 / 1.25)  # one tie between h and s: b = 1
    assert "they are three steps apart, through b and c" in a_d.reasons
    # x - y is at distance 5, and same-group pairs at distance 3 are no bridges
    assert frozenset("xy") not in far
    with pytest.raises(InputError, match="2 or 3"):
        suggest_introductions(net, max_distance=4)
