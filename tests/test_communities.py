"""Leiden communities: seeded, repeatable, and scored with the modularity they claim.

Zachary's karate club as networkx bundles it (tests/data/networkx).
"""

import networkx as nx
import numpy as np
from conftest import DATA, edge_network, read_dict

from nlc.analysis import communities, component_count
from nlc.network import Network


def _karate():
    folder = DATA / "networkx"
    club = read_dict(folder / "karate_networkx_nodes.csv", "node_0based", "club")
    return edge_network(folder / "karate_networkx_edges.csv", False, nodes=list(club))


def test_it_repeats_with_the_same_seed():
    net = _karate()
    first, second = communities(net, seed=3), communities(net, seed=3)
    assert np.array_equal(first.membership, second.membership)


def test_it_reports_the_modularity_of_its_partition():
    net = _karate()
    found = communities(net, seed=0)
    graph = nx.Graph()
    graph.add_nodes_from(range(net.n))
    graph.add_weighted_edges_from(
        zip(net.source.tolist(), net.target.tolist(), net.weight, strict=True)
    )
    parts = [set(np.flatnonzero(found.membership == c).tolist()) for c in range(found.count)]
    assert found.modularity == nx.community.modularity(graph, parts, weight="weight")
    assert found.modularity > 0.4  # karate's best known weighted partitions score ~0.42-0.44
    sizes = np.bincount(found.membership)
    assert list(sizes) == sorted(sizes, reverse=True)  # community 0 is the largest


def test_it_counts_components_and_isolates():
    net = Network(list("abcde"), np.array([0, 2]), np.array([1, 3]), np.ones(2), True)
    assert component_count(net) == (3, 1)
