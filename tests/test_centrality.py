"""Centralisation and betweenness against UCINET (xucinet), networkx tests and sna's formulas."""

import csv

import networkx as nx
import numpy as np
import pytest
from conftest import edge_network, read_dict

from nlc.analysis import analyse, betweenness, centralization
from nlc.analysis.centrality import betweenness_max_deviation, degree_max_deviation
from nlc.network import Network


def test_it_reproduces_ucinet_campnet_degree_centralization(campnet):
    # xucinet test-xdegree.R (UCINET 6.849): out 0, in 36/289 (EXPECTED.md 5.1).
    result = analyse(campnet)
    assert result.degree_centralization("out") == 0.0
    assert result.degree_centralization("in") == pytest.approx(36 / 289)


def test_it_reproduces_ucinet_campnet_betweenness(campnet, reference):
    expected = read_dict(reference / "campnet/campnet_attributes.csv", "name", "Betweenness")
    values = betweenness(campnet).values
    for name, value in expected.items():
        assert values[campnet.index[name]] == pytest.approx(float(value), abs=1e-5)


def test_it_reproduces_networkx_florentine_betweenness(reference):
    net = edge_network(reference / "networkx_examples/florentine_networkx_edges.csv", False)
    rows = csv.DictReader(
        (reference / "published_tables/networkx_test_betweenness.csv").read_text().splitlines()
    )
    values = betweenness(net).values / ((net.n - 1) * (net.n - 2) / 2)
    checked = 0
    for row in rows:
        if row["graph"].startswith("florentine"):
            assert values[net.index[row["node"]]] == pytest.approx(float(row["expected"]), abs=1e-3)
            checked += 1
    assert checked == 15


def test_it_scores_a_star_as_fully_centralised():
    star = Network(list("abcde"), np.zeros(4, int), np.arange(1, 5), np.ones(4), False)
    result = analyse(star)
    assert result.degree_centralization() == 1.0
    assert result.betweenness_centralization == 1.0


def test_it_uses_sna_maximum_deviations():
    # sna: degree tmaxdev digraph freeman (n-1)(2(n-1)-2); betweenness (n-1)^2(n-2) directed
    assert degree_max_deviation(5, True) == 4 * 6
    assert degree_max_deviation(5, True, "in") == 16
    assert degree_max_deviation(5, False) == 12
    assert betweenness_max_deviation(5, True) == 48
    assert betweenness_max_deviation(5, False) == 24
    assert np.isnan(centralization(np.array([1.0, 1.0]), 0))


@pytest.mark.parametrize("directed", [True, False])
def test_it_keeps_sampled_betweenness_within_its_stated_bound(directed):
    graph = nx.gnm_random_graph(2000, 8000, seed=4, directed=directed)
    edges = np.array(graph.edges())
    net = Network(
        [str(i) for i in range(2000)], edges[:, 0], edges[:, 1], np.ones(len(edges)), directed
    )
    exact = betweenness(net, exact=True)
    sampled = betweenness(net, exact=False)
    assert exact.method == "exact" and exact.absolute_error == 0
    assert sampled.method == "sampled sources"
    assert sampled.absolute_error > 0
    assert np.max(np.abs(sampled.values - exact.values)) <= sampled.absolute_error
    # the estimate is unbiased in practice: close to exact overall
    assert sampled.values.sum() == pytest.approx(exact.values.sum(), rel=0.05)
