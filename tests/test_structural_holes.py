"""Burt's measures against UCINET (ego model), Everett & Borgatti, networkx and igraph."""

import csv

import networkx as nx
import numpy as np
import pytest
from conftest import edge_network, matrix_network

from nlc.analysis import structural_holes
from nlc.network import Network


def _expected(reference, graph):
    rows = csv.DictReader(
        (reference / "published_tables/networkx_test_structuralholes.csv").read_text().splitlines()
    )
    return [r for r in rows if r["graph"] == graph]


@pytest.mark.parametrize("weighted", [False, True])
def test_it_reproduces_the_networkx_directed_example(reference, weighted):
    # networkx test_structuralholes.py (values from UCINET and igraph): digraph D.
    net = edge_network(
        reference / "networkx_examples/small_directed_D_edges.csv",
        True,
        weight_column=2 if weighted else None,
    )
    holes = structural_holes(net, "whole")
    graph = f"D_directed_{'weighted' if weighted else 'unweighted'}"
    for row in _expected(reference, graph):
        measure = holes.constraint if row["measure"] == "constraint" else holes.effective_size
        assert measure[net.index[row["node"]]] == pytest.approx(float(row["expected"]), abs=1e-3)


@pytest.mark.parametrize("weighted", [False, True])
def test_it_reproduces_the_borgatti_1997_example(reference, weighted):
    net = edge_network(
        reference / "networkx_examples/borgatti1997_undirected_edges.csv",
        False,
        weight_column=2 if weighted else None,
    )
    holes = structural_holes(net, "whole")
    graph = f"G_borgatti_{'weighted' if weighted else 'unweighted'}"
    for row in _expected(reference, graph):
        measure = holes.constraint if row["measure"] == "constraint" else holes.effective_size
        assert measure[net.index[row["node"]]] == pytest.approx(float(row["expected"]), abs=1e-2)


def test_it_equals_igraph_constraint_and_networkx_effective_size(reference):
    folder = reference / "ergm_data"
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


def test_it_reproduces_ucinet_campnet_ego_model(campnet, reference):
    table = (
        reference / "published_tables/campnet_structural_holes_ucinet_egomodel_xucinet_snapshot.csv"
    )
    rows = list(csv.DictReader(table.read_text().splitlines()))
    holes = structural_holes(campnet, "ego")
    assert len(rows) == 18
    for row in rows:
        i = campnet.index[row["name"]]
        assert holes.effective_size[i] == pytest.approx(float(row["EffSize"]), abs=5.01e-4)
        assert holes.efficiency[i] == pytest.approx(float(row["Efficiency"]), abs=5.01e-4)
        assert holes.constraint[i] == pytest.approx(float(row["Constraint"]), abs=5.01e-4)


def test_it_reproduces_everett_borgatti_2026_table_10(reference):
    net = matrix_network(reference / "everett_borgatti_2026/example11_adjacency.csv")
    holes = structural_holes(net, "ego")
    table = reference / "published_tables/eb2026_table10_structural_holes.csv"
    for row in csv.DictReader(table.read_text().splitlines()):
        i = net.index[row["node"]]
        assert holes.effective_size[i] == pytest.approx(float(row["effsize_standard"]), abs=5.01e-4)
        assert holes.constraint[i] == pytest.approx(float(row["constraint_standard"]), abs=5.01e-4)


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


def test_it_reproduces_everett_borgatti_2020_tables(reference):
    table = reference / "published_tables/eb2020_constraint_tables1_2.csv"
    rows = list(csv.DictReader(table.read_text().splitlines()))
    assert len(rows) == 9
    for row in rows:
        n = int(row["N_alters"])
        for column, shadow, directed in [
            ("T1_undirected_complete", False, False),
            ("T1_undirected_shadow", True, False),
            ("T2_directed_complete", False, True),
            ("T2_directed_shadow", True, True),
        ]:
            holes = structural_holes(_ego_star(n, shadow, directed), "ego")
            assert holes.constraint[0] == pytest.approx(float(row[column]), abs=2e-3), (n, column)


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
