"""Issue #8, wrong or misleading words: the E-I index read against chance, communities
against groups, and measures that say nothing for a network's shape."""

from __future__ import annotations

import numpy as np
import pytest

from nlc.analysis import analyse
from nlc.analysis.homophily import bridging_share, ei_chance, ei_expected, ei_index
from nlc.analysis.overlap import partition_overlap
from nlc.analysis.shape import components_are_cliques
from nlc.network import Network
from nlc.reports import render_report
from nlc.reports.measures import MEASURES, network_values


def _network(n, edges, groups=None, directed=False):
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    attributes = {"la": [str(g) for g in groups]} if groups is not None else {}
    ids = [f"n{i}" for i in range(n)]
    return Network(
        ids, edges[:, 0], edges[:, 1], np.ones(len(edges)), directed, attributes=attributes
    )


@pytest.fixture(scope="module")
def many_groups():
    """150 local authorities of 4 schools, each a clique, plus random ties between them:
    E-I about +0.10 although ties stay within groups far more than chance."""
    rng = np.random.default_rng(8)
    groups = np.repeat(np.arange(150), 4)
    inside = [(4 * g + i, 4 * g + j) for g in range(150) for i in range(4) for j in range(i + 1, 4)]
    pairs = set()
    while len(pairs) < 1100:
        a, b = sorted(rng.integers(0, 600, 2).tolist())
        if groups[a] != groups[b]:
            pairs.add((a, b))
    return _network(600, inside + sorted(pairs), groups)


def test_the_expected_ei_index_is_one_minus_twice_the_chance_of_a_tie_inside():
    # 4 nodes in two pairs: p = (2 + 2) / (4 * 3) = 1/3, so 1 - 2p = 1/3; the same for arcs.
    groups = np.array([0, 0, 1, 1])
    for directed in (False, True):
        net = _network(4, [(0, 1), (2, 3)], directed=directed)
        assert ei_expected(net, groups) == pytest.approx(1 / 3)


def test_the_permutation_interval_holds_the_expectation_and_is_seeded(many_groups):
    groups = np.repeat(np.arange(150), 4)
    chance = ei_chance(many_groups, groups, permutations=300, seed=1)
    assert chance.expected == pytest.approx(1 - 2 * 150 * 12 / (600 * 599))
    assert chance.low <= chance.expected <= chance.high
    assert chance == ei_chance(many_groups, groups, permutations=300, seed=1)
    observed = ei_index(many_groups, groups).network
    assert observed == pytest.approx(0.1, abs=0.01)
    assert observed < chance.low


def test_the_mean_of_many_shuffles_is_the_expectation():
    rng = np.random.default_rng(3)
    edges = rng.integers(0, 30, (80, 2))
    edges = edges[edges[:, 0] != edges[:, 1]]
    net = _network(30, edges, directed=True)
    groups = rng.integers(0, 4, 30)
    chance = ei_chance(net, groups, permutations=4000, seed=2, level=0.0)
    assert chance.low == pytest.approx(ei_expected(net, groups), abs=0.01)  # the median


def test_a_positive_ei_index_far_below_chance_reads_as_bonding(many_groups):
    analysis = analyse(many_groups, "la")
    values = network_values(analysis)
    sentence = MEASURES["ei_index"].interpretation(values)
    assert sentence.startswith("well below the +0.99 expected if ties ignored groups")
    assert sentence.endswith("ties stay within groups far more than chance would give")
    report = render_report(analysis, title="Many groups")
    assert "lean towards crossing" not in report
    assert "ties stay within groups far more than chance would give" in report


def test_the_bridging_share_is_the_external_ties_over_all():
    net = _network(4, [(0, 1), (1, 2), (2, 3)])
    assert bridging_share(net, np.array([0, 0, 1, 1])) == pytest.approx(1 / 3)
    assert np.isnan(bridging_share(_network(2, []), np.array([0, 1])))


def test_overlap_says_which_partition_nests_in_the_other():
    # Hubert and Arabie's adjusted Rand is 1 for identical partitions, NMI too.
    same = partition_overlap(np.array([0, 0, 1, 1]), np.array([5, 5, 7, 7]))
    assert same.adjusted_rand == pytest.approx(1.0) and same.nmi == pytest.approx(1.0)
    # Small clusters inside big groups (trusts inside local authorities).
    nested = partition_overlap(np.arange(12) // 2, np.arange(12) // 6)
    assert nested.communities_within_groups == 1.0
    assert nested.groups_within_communities == pytest.approx(2 / 6)
    sentence = MEASURES["communities_groups_adjusted_rand"].interpretation(
        {
            "communities_groups_adjusted_rand": nested.adjusted_rand,
            "communities_within_groups": nested.communities_within_groups,
            "groups_within_communities": nested.groups_within_communities,
        }
    )
    assert sentence.startswith("the clusters are smaller units inside the groups")
    assert "mostly are the groups" not in sentence


def test_cliques_make_betweenness_and_structural_holes_uninformative():
    # Two triangles and a pair: each component a clique, so every betweenness is 0.
    edges = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (6, 7)]
    net = _network(8, edges, groups=[0, 0, 1, 1, 1, 0, 0, 1])
    assert components_are_cliques(net)
    assert not components_are_cliques(_network(3, [(0, 1), (1, 2)]))
    analysis = analyse(net, "la")
    assert analysis.to_json()["network"]["components_are_cliques"] is True
    report = render_report(analysis, title="Cliques")
    assert "Every part of this network is a clique" in report
    assert "Every betweenness is 0" in report
    assert "<h3>Lowest constraint</h3>" not in report
