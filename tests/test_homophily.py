"""E-I index and assortativity against UCINET (xucinet snapshots), homophily and networkx.

Campnet (tests/data/campnet): UCINET output as saved in xucinet's test snapshots
(``tests/testthat/_snaps/xhomophily.md``, ``xmixing.md``, ``xegoaltersimilarity.md``).
Sampson's ``samplike`` (statnet ergm data): the knapply/homophily README. Assortativity:
networkx's ``attribute_assortativity_coefficient`` on the same graph. EXPECTED.md section 3.
"""

import networkx as nx
import numpy as np
import pytest
from conftest import DATA, edge_network, read_dict

from nlc.analysis import attribute_assortativity, ei_index, mixing_matrix
from nlc.network import Network, group_codes


def test_it_reproduces_ucinet_campnet_ei(campnet):
    # xucinet xhomophily snapshot (UCINET): E-I Index -0.667; mixing F->F 20, F->M 4,
    # M->F 5, M->M 25 (EXPECTED.md 3.1).
    groups, labels = group_codes(campnet, "gender")
    result = ei_index(campnet, groups)
    assert result.network == pytest.approx(-36 / 54)
    assert (result.internal_ties, result.external_ties) == (45, 9)
    assert labels == ["1", "2"]
    assert mixing_matrix(campnet, groups).tolist() == [[20, 4], [5, 25]]


# UCINET Egonet alter-ego similarity, "Outgoing ties only", campnet by gender (xucinet
# _snaps/xegoaltersimilarity.md), printed to 3 d.p.
CAMPNET_UCINET_NODE_EI = {
    "HOLLY": -0.333, "BRAZEY": 1.000, "CAROL": -1.000, "PAM": -1.000, "PAT": -1.000,
    "JENNIE": -1.000, "PAULINE": -1.000, "ANN": -1.000, "MICHAEL": -0.333, "BILL": -1.000,
    "LEE": -0.333, "DON": -0.333, "JOHN": -0.333, "HARRY": -0.333, "GERY": -1.000,
    "STEVE": -1.000, "BERT": -1.000, "RUSS": -1.000,
}  # fmt: skip


def test_it_reproduces_ucinet_campnet_node_ei_on_out_ties(campnet):
    node = ei_index(campnet, group_codes(campnet, "gender")[0]).node
    assert len(CAMPNET_UCINET_NODE_EI) == 18
    for name, value in CAMPNET_UCINET_NODE_EI.items():
        assert node[campnet.index[name]] == pytest.approx(value, abs=5.01e-4), name


def test_it_reproduces_the_samplike_ei():
    # knapply/homophily README: ei_index(samplike, "group") = -0.4318182 (88 arcs).
    folder = DATA / "ergm"
    group = read_dict(folder / "samplike_nodes.csv", "id", "group")
    net = edge_network(
        folder / "samplike_edges.csv",
        True,
        nodes=list(group),
        attributes={"group": list(group.values())},
    )
    assert ei_index(net, group_codes(net, "group")[0]).network == pytest.approx(-0.4318182)


def test_it_counts_group_level_ties_once_each():
    # a-b inside group 0; b-c across; c-d inside group 1
    net = Network(list("abcd"), np.array([0, 1, 2]), np.array([1, 2, 3]), np.ones(3), False)
    result = ei_index(net, np.array([0, 0, 1, 1]))
    assert result.group_internal.tolist() == [1, 1]
    assert result.group_external.tolist() == [1, 1]
    assert result.group.tolist() == [0.0, 0.0]
    assert result.node.tolist() == [-1.0, 0.0, 0.0, -1.0]


def test_it_gives_nan_where_a_node_has_no_ties():
    net = Network(list("abc"), np.array([0]), np.array([1]), np.ones(1), True)
    result = ei_index(net, np.array([0, 1, 1]))
    assert result.node[0] == 1.0
    assert np.isnan(result.node[1])  # b has no out-ties
    assert np.isnan(result.node[2])


@pytest.mark.parametrize("name", ["karate", "faux"])
def test_it_equals_networkx_assortativity(name):
    if name == "karate":
        folder = DATA / "networkx"
        club = read_dict(folder / "karate_networkx_nodes.csv", "node_0based", "club")
        net = edge_network(
            folder / "karate_networkx_edges.csv",
            False,
            nodes=list(club),
            attributes={"club": list(club.values())},
        )
        graph = nx.Graph()
        attribute = "club"
    else:
        folder = DATA / "ergm"
        grade = read_dict(folder / "faux.desert.high_nodes.csv", "id", "grade")
        net = edge_network(
            folder / "faux.desert.high_edges.csv",
            True,
            nodes=list(grade),
            attributes={"grade": list(grade.values())},
        )
        graph = nx.DiGraph()
        attribute = "grade"
    values = net.attributes[attribute]
    graph.add_nodes_from((node, {attribute: values[i]}) for i, node in enumerate(net.ids))
    graph.add_edges_from(
        (net.ids[s], net.ids[t]) for s, t in zip(net.source, net.target, strict=True)
    )
    expected = nx.attribute_assortativity_coefficient(graph, attribute)
    ours = attribute_assortativity(net, group_codes(net, attribute)[0])
    assert ours == pytest.approx(expected, abs=1e-12)


def test_it_gives_nan_assortativity_for_one_group():
    net = Network(list("ab"), np.array([0]), np.array([1]), np.ones(1), False)
    assert np.isnan(attribute_assortativity(net, np.zeros(2, int)))
