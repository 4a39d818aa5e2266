"""Centralisation and betweenness against UCINET (xucinet), networkx tests and sna's formulas.

Campnet (tests/data/campnet) values: UCINET 6.849 as asserted in xucinet's
``tests/testthat/test-xdegree.R`` (degree centralisation) and UCINET's directed betweenness
stored in its campnet attribute file (EXPECTED.md 5.1). Florentine: networkx's betweenness
tests (``networkx/algorithms/centrality/tests/test_betweenness_centrality.py``).
"""

from fractions import Fraction as F

import networkx as nx
import numpy as np
import pytest
from conftest import DATA, edge_network

from nlc.analysis import analyse, betweenness, centralization
from nlc.analysis.centrality import betweenness_max_deviation, degree_max_deviation
from nlc.network import Network


def test_it_reproduces_ucinet_campnet_degree_centralization(campnet):
    # xucinet test-xdegree.R (UCINET 6.849): out 0, in 36/289 (EXPECTED.md 5.1).
    result = analyse(campnet)
    assert result.degree_centralization("out") == 0.0
    assert result.degree_centralization("in") == pytest.approx(36 / 289)


# UCINET's directed betweenness of campnet (exact thirds and sixths of its printed values).
CAMPNET_UCINET_BETWEENNESS = {
    "HOLLY": F(235, 3), "BRAZEY": 0, "CAROL": F(4, 3), "PAM": 32.5, "PAT": 39.5,
    "JENNIE": F(19, 3), "PAULINE": 12.5, "ANN": 0.5, "MICHAEL": F(353, 6), "BILL": 0,
    "LEE": 5, "DON": F(49, 3), "JOHN": 0, "HARRY": F(7, 3), "GERY": F(164, 3),
    "STEVE": F(101, 6), "BERT": F(41, 3), "RUSS": F(142, 3),
}  # fmt: skip


def test_it_reproduces_ucinet_campnet_betweenness(campnet):
    values = betweenness(campnet).values
    assert len(CAMPNET_UCINET_BETWEENNESS) == 18
    for name, value in CAMPNET_UCINET_BETWEENNESS.items():
        assert values[campnet.index[name]] == pytest.approx(float(value), abs=1e-5)


# networkx test_betweenness_centrality.py, florentine_families_graph (15 nodes, no Pucci),
# normalised by (n - 1)(n - 2) / 2.
FLORENTINE_NETWORKX = {
    "Acciaiuoli": 0.000, "Albizzi": 0.212, "Barbadori": 0.093, "Bischeri": 0.104,
    "Castellani": 0.055, "Ginori": 0.000, "Guadagni": 0.255, "Lamberteschi": 0.000,
    "Medici": 0.522, "Pazzi": 0.000, "Peruzzi": 0.022, "Ridolfi": 0.114, "Salviati": 0.143,
    "Strozzi": 0.103, "Tornabuoni": 0.092,
}  # fmt: skip


def test_it_reproduces_networkx_florentine_betweenness():
    net = edge_network(DATA / "networkx/florentine_networkx_edges.csv", False)
    values = betweenness(net).values / ((net.n - 1) * (net.n - 2) / 2)
    assert len(FLORENTINE_NETWORKX) == net.n == 15
    for name, expected in FLORENTINE_NETWORKX.items():
        assert values[net.index[name]] == pytest.approx(expected, abs=1e-3)


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
