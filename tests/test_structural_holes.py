"""Burt's measures against UCINET (ego model), Everett & Borgatti, networkx and igraph.

Sources (EXPECTED.md section 2): networkx's ``algorithms/tests/test_structuralholes.py``
(Borgatti 1997 graph and a small digraph; values "computed using UCINET and IGraph"); the
UCINET ego-network model on campnet as saved in xucinet's ``_snaps/xstructuralholes.md``;
Everett & Borgatti (2026) Table 10 and Everett & Borgatti (2020) Tables 1-2 as transcribed in
anespinosa/netmem's validation scripts; igraph's ``constraint()`` and networkx on
faux.desert.high. Input networks: literals here, or tests/data (see its README).
"""

import networkx as nx
import numpy as np
import pytest
from conftest import DATA, edge_network, matrix_network

from nlc.analysis import structural_holes
from nlc.network import Network

# networkx test_structuralholes.py: the digraph D and Borgatti's (1997) graph G,
# (source, target, weight used by the weighted tests).
D_ARCS = [("0", "1", 2), ("0", "2", 2), ("1", "0", 1), ("2", "1", 1)]
G_BORGATTI_EDGES = [
    ("A", "B", 2), ("A", "F", 3), ("A", "G", 5), ("A", "E", 2), ("E", "G", 8),
    ("F", "G", 3), ("B", "G", 4), ("B", "D", 1), ("D", "G", 3), ("G", "C", 10),
]  # fmt: skip
# {graph: {measure: {node: expected}}}, the values asserted by networkx's tests.
NETWORKX_EXPECTED = {
    "D_directed_unweighted": {
        "constraint": {"0": 1.003, "1": 1.003, "2": 1.389},
        "effective_size": {"0": 1.167, "1": 1.167, "2": 1},
    },
    "D_directed_weighted": {
        "constraint": {"0": 0.84, "1": 1.143, "2": 1.378},
        "effective_size": {"0": 1.567, "1": 1.083, "2": 1},
    },
    "G_borgatti_unweighted": {
        "constraint": {"G": 0.4, "A": 0.595, "C": 1},
        "effective_size": {"G": 4.67, "A": 2.5, "C": 1},
    },
    "G_borgatti_weighted": {
        "constraint": {"G": 0.299, "A": 0.795, "C": 1},
        "effective_size": {"G": 5.47, "A": 2.47, "C": 1},
    },
}


def _literal_network(edges, directed: bool, weighted: bool) -> Network:
    ids = sorted({end for edge in edges for end in edge[:2]})
    index = {node: i for i, node in enumerate(ids)}
    source = np.array([index[e[0]] for e in edges])
    target = np.array([index[e[1]] for e in edges])
    weight = np.array([float(e[2]) if weighted else 1.0 for e in edges])
    return Network(ids, source, target, weight, directed)


def _assert_networkx_values(net, graph, tolerance):
    holes = structural_holes(net, "whole")
    checked = 0
    for measure, values in NETWORKX_EXPECTED[graph].items():
        ours = holes.constraint if measure == "constraint" else holes.effective_size
        for node, expected in values.items():
            assert ours[net.index[node]] == pytest.approx(expected, abs=tolerance), (measure, node)
            checked += 1
    assert checked == 6


@pytest.mark.parametrize("weighted", [False, True])
def test_it_reproduces_the_networkx_directed_example(weighted):
    # networkx test_structuralholes.py (values from UCINET and igraph): digraph D.
    net = _literal_network(D_ARCS, directed=True, weighted=weighted)
    graph = f"D_directed_{'weighted' if weighted else 'unweighted'}"
    _assert_networkx_values(net, graph, 1e-3)


@pytest.mark.parametrize("weighted", [False, True])
def test_it_reproduces_the_borgatti_1997_example(weighted):
    net = _literal_network(G_BORGATTI_EDGES, directed=False, weighted=weighted)
    graph = f"G_borgatti_{'weighted' if weighted else 'unweighted'}"
    _assert_networkx_values(net, graph, 1e-2)


def test_it_equals_igraph_constraint_and_networkx_effective_size():
    folder = DATA / "ergm"
    net = edge_network(folder / "faux.desert.high_edges.csv", True)
    holes = structural_holes(net, "whole")
    graph = nx.DiGraph()
    graph.add_edges_from(
        (net.ids[s], net.ids[t]) for s, t in zip(net.source, net.target, strict=True)
    )
    # nodes= selects networkx's per-node formula; its all-nodes sparse shortcut (networkx
    # 3.6) disagrees with that formula on 22 of these 107 nodes.
    nx_size = nx.effective_size(graph, nodes=list(graph))
    nx_constraint = nx.constraint(graph, nodes=list(graph))
    for node, i in net.index.items():
        if not graph[node]:  # networkx gives NaN to nodes with in-ties only; we do not
            assert np.isnan(nx_size[node]) and holes.effective_size[i] > 0
            continue
        assert holes.effective_size[i] == pytest.approx(nx_size[node], abs=1e-9)
        assert holes.constraint[i] == pytest.approx(nx_constraint[node], abs=1e-9)
    assert np.allclose(holes.constraint, net.to_igraph().constraint(), rtol=1e-12, atol=0)


# UCINET structural holes, ego-network model, campnet (xucinet _snaps/xstructuralholes.md):
# name: (EffSize, Efficiency, Constraint), printed to 3 d.p.
CAMPNET_UCINET_EGO_MODEL = {
    "HOLLY": (3.857, 0.771, 0.436),
    "BRAZEY": (1.000, 0.333, 1.024),
    "CAROL": (2.000, 0.667, 0.804),
    "PAM": (3.875, 0.775, 0.516),
    "PAT": (3.571, 0.893, 0.390),
    "JENNIE": (2.333, 0.778, 0.611),
    "PAULINE": (3.857, 0.771, 0.537),
    "ANN": (1.600, 0.533, 0.933),
    "MICHAEL": (3.071, 0.614, 0.601),
    "BILL": (1.000, 0.333, 1.080),
    "LEE": (1.667, 0.556, 0.823),
    "DON": (2.143, 0.536, 0.702),
    "JOHN": (2.333, 0.778, 0.728),
    "HARRY": (1.750, 0.438, 0.790),
    "GERY": (2.900, 0.725, 0.649),
    "STEVE": (3.062, 0.613, 0.615),
    "BERT": (2.214, 0.554, 0.718),
    "RUSS": (2.786, 0.696, 0.628),
}


def test_it_reproduces_ucinet_campnet_ego_model(campnet):
    holes = structural_holes(campnet, "ego")
    assert len(CAMPNET_UCINET_EGO_MODEL) == 18
    for name, (size, efficiency, constraint) in CAMPNET_UCINET_EGO_MODEL.items():
        i = campnet.index[name]
        assert holes.effective_size[i] == pytest.approx(size, abs=5.01e-4)
        assert holes.efficiency[i] == pytest.approx(efficiency, abs=5.01e-4)
        assert holes.constraint[i] == pytest.approx(constraint, abs=5.01e-4)


# Everett & Borgatti (2026), Social Networks 85:80-88, Table 10, standard measures
# (ego model, A + A^T): node: (effective size, constraint).
EB2026_TABLE_10 = {
    "Barb": (3.786, 0.543), "Chuck": (3.571, 0.570), "Dave": (2.857, 0.637),
    "Ellen": (3.571, 0.537), "Frank": (3.438, 0.544), "Gavin": (5.045, 0.376),
    "Helen": (1.500, 1.042), "Ilse": (3.750, 0.463), "Joe": (1.800, 0.687),
    "Karen": (2.250, 0.757), "Larry": (3.417, 0.557),
}  # fmt: skip


def test_it_reproduces_everett_borgatti_2026_table_10():
    net = matrix_network(DATA / "everett_borgatti_2026/example11_adjacency.csv")
    holes = structural_holes(net, "ego")
    for node, (size, constraint) in EB2026_TABLE_10.items():
        i = net.index[node]
        assert holes.effective_size[i] == pytest.approx(size, abs=5.01e-4)
        assert holes.constraint[i] == pytest.approx(constraint, abs=5.01e-4)


def _ego_star(n_alters: int, shadow: bool, directed: bool) -> Network:
    """Everett & Borgatti (2020) constructions: ego 0 with alters 1..N."""
    arcs = [(0, a) for a in range(1, n_alters + 1)]
    if not directed:
        arcs += [(a, 0) for a in range(1, n_alters + 1)]
    alters = range(1, n_alters + 1)
    pairs = (
        [(1, b) for b in alters if b != 1]
        if shadow
        else [(a, b) for a in alters for b in alters if a < b]
    )
    arcs += pairs + [(b, a) for a, b in pairs]
    if shadow and directed:
        arcs.append((1, 0))
    src, tgt = np.array(arcs).T
    return Network([str(i) for i in range(n_alters + 1)], src, tgt, np.ones(len(src)), True)


# Everett & Borgatti (2020), "Unpacking Burt's constraint measure", Social Networks 62:50-57,
# ego's constraint in Table 1 (undirected) and Table 2 (directed), for N alters:
# N: (T1 complete, T1 shadow, T2 complete, T2 shadow).
EB2020_TABLES_1_2 = {
    2: (1.125, 1.125, 1.388889, 1.234568),
    3: (0.926, 0.840, 1.08, 1.041667),
    4: (0.766, 0.684, 0.862245, 0.91),
    5: (0.648, 0.590, 0.71358, 0.822716),
    6: (0.560, 0.529, 0.607438, 0.761905),
    7: (0.493, 0.486, 0.528318, 0.717474),
    8: (0.439, 0.455, 0.467222, 0.683728),
    9: (0.396, 0.431, 0.418685, 0.657284),
    10: (0.361, 0.411, 0.379224, 0.636033),
}


def test_it_reproduces_everett_borgatti_2020_tables():
    for n, row in EB2020_TABLES_1_2.items():
        for expected, column, shadow, directed in zip(
            row,
            ["T1_undirected_complete", "T1_undirected_shadow"]
            + ["T2_directed_complete", "T2_directed_shadow"],
            [False, True, False, True],
            [False, False, True, True],
            strict=True,
        ):
            holes = structural_holes(_ego_star(n, shadow, directed), "ego")
            assert holes.constraint[0] == pytest.approx(expected, abs=2e-3), (n, column)


def test_it_follows_ucinet_for_isolates_and_pendants():
    net = Network(list("abcd"), np.array([0]), np.array([1]), np.ones(1), False)
    ego = structural_holes(net, "ego")
    assert ego.effective_size.tolist()[:2] == [1.0, 1.0]
    assert np.isnan(ego.constraint[0])  # pendant: no constraint
    assert ego.effective_size[2] == 0.0 and np.isnan(ego.constraint[2])  # isolate
    whole = structural_holes(net, "whole")
    assert np.isnan(whole.effective_size[2]) and np.isnan(whole.constraint[2])
    assert np.isnan(whole.efficiency[2])


def test_its_serial_and_parallel_builds_agree():
    from nlc.analysis.structural_holes import _ego_model, _holes_whole, _mutual_csr

    rng = np.random.default_rng(3)
    src, tgt = rng.integers(0, 300, (2, 3000))
    keep = src != tgt
    net = Network([str(i) for i in range(300)], src[keep], tgt[keep], np.ones(keep.sum()), True)
    args = _mutual_csr(net)
    for kernel in (_holes_whole, _ego_model):
        for a, b in zip(kernel.serial(*args), kernel.parallel(*args), strict=True):
            assert np.allclose(a, b)
