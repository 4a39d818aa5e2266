"""Graph file readers (GraphML, GEXF, Pajek, UCINET DL) on real data and on bad input."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from nlc.errors import InputError
from nlc.network import NodeTable, TieTable, build_network, read_ties
from nlc.network.formats import write_graph_file

DATA = Path("/work/shared/reference-data")
STRIKE = DATA / "strike" / "Strike.net"
STRIKE_GROUPS = DATA / "strike" / "Strikegroups.csv"
KNOKE_INFO = DATA / "knoke" / "KNOKI_information.csv"

needs_data = pytest.mark.skipif(
    not (STRIKE.exists() and KNOKE_INFO.exists()), reason="reference data not present"
)

# Strike.net lists 24 vertices and, under *Arcs, 76 arcs: 38 undirected edges, each given in
# both directions (checked by reading the file: every arc i j has its partner j i).
STRIKE_LABELS = [
    "Xavier", "Utrecht", "Frank", "Domingo", "Norm", "Hal", "Russ", "Karl", "Bob", "Quint",
    "Wendle", "Ozzie", "Ike", "Ted", "Sam", "Vern", "Gill", "Lanny", "Mike", "Carlos",
    "Alejandro", "Paul", "Eduardo", "John",
]  # fmt: skip


def _knoke_matrix() -> tuple[list[str], list[list[str]]]:
    with KNOKE_INFO.open(newline="") as handle:
        rows = list(csv.reader(handle))
    labels = [h.strip() for h in rows[0][1:]]
    return labels, [[v.strip() for v in row[1:]] for row in rows[1:]]


def _strike_graph() -> nx.Graph:
    """The Strike network as networkx reads it, with groups and made-up varied weights."""
    multi = nx.read_pajek(STRIKE)
    with STRIKE_GROUPS.open(newline="") as handle:
        groups = {row[0]: row[1] for row in list(csv.reader(handle))[1:]}
    graph = nx.Graph()
    for node in multi.nodes:
        graph.add_node(node, group=groups[node])
    for k, (u, v) in enumerate(sorted({tuple(sorted(e)) for e in multi.edges()})):
        graph.add_edge(u, v, weight=1.0 + (k % 4) * 0.5)
    graph.add_node("New Hire", group="4")  # an isolate whose name needs quoting in Pajek
    return graph


def _edge_weights(ties, directed: bool) -> dict:
    weights = ties.weight if ties.weight is not None else np.ones(len(ties))
    key = (lambda s, t: (s, t)) if directed else (lambda s, t: frozenset((s, t)))
    return {key(s, t): float(w) for s, t, w in zip(ties.source, ties.target, weights, strict=True)}


# --------------------------------------------------------------------------------------
# Pajek: the real Strike file


@needs_data
def test_strike_pajek_file():
    ties = read_ties(STRIKE)
    assert ties.nodes.ids == STRIKE_LABELS
    assert ties.nodes.rows == list(range(2, 26))
    assert ties.directed is True
    assert len(ties) == 76
    assert ties.rows[0] == 27 and ties.rows[-1] == 102
    assert (ties.source[0], ties.target[0]) == ("Xavier", "Wendle")
    assert np.all(ties.weight == 1.0)
    # Agrees with networkx's own reader.
    reference = nx.read_pajek(STRIKE)
    assert ties.nodes.ids == list(reference.nodes)
    assert sorted(zip(ties.source, ties.target, strict=True)) == sorted(reference.edges())

    undirected = build_network(ties, directed=False)
    assert (undirected.n, undirected.m) == (24, 38)
    directed = build_network(ties)
    assert (directed.n, directed.m) == (24, 76)


# --------------------------------------------------------------------------------------
# Round trips through networkx's writers


@needs_data
@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".net"])
def test_strike_round_trip_undirected(tmp_path, suffix):
    graph = _strike_graph()
    path = tmp_path / f"strike{suffix}"
    {".graphml": nx.write_graphml, ".gexf": nx.write_gexf, ".net": nx.write_pajek}[suffix](
        graph, path
    )
    ties = read_ties(path)
    assert ties.directed is False
    assert ties.nodes.ids == list(graph.nodes)  # file order, isolate included
    assert ties.nodes.attributes["group"] == [graph.nodes[v]["group"] for v in graph.nodes]
    expected = {frozenset((u, v)): d["weight"] for u, v, d in graph.edges(data=True)}
    assert len(ties) == graph.number_of_edges() == 38
    assert _edge_weights(ties, directed=False) == expected
    assert all(row > 1 for row in ties.rows)

    net = build_network(ties)
    assert (net.n, net.m, net.directed) == (25, 38, False)
    assert net.warnings == []


@needs_data
@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".net"])
def test_knoke_round_trip_directed(tmp_path, suffix):
    labels, matrix = _knoke_matrix()
    graph = nx.DiGraph()
    graph.add_nodes_from(labels)
    for i, row in enumerate(matrix):
        for j, cell in enumerate(row):
            if float(cell):
                graph.add_edge(labels[i], labels[j], weight=float(i + 1), type="information")
    path = tmp_path / f"knoke{suffix}"
    {".graphml": nx.write_graphml, ".gexf": nx.write_gexf, ".net": nx.write_pajek}[suffix](
        graph, path
    )
    ties = read_ties(path)
    assert ties.directed is True
    assert ties.nodes.ids == labels
    assert len(ties) == graph.number_of_edges() == 49
    expected = {(u, v): d["weight"] for u, v, d in graph.edges(data=True)}
    assert _edge_weights(ties, directed=True) == expected
    assert ties.type == ["information"] * 49


def test_graphml_attributes_defaults_and_mixed_directions(tmp_path):
    path = tmp_path / "mixed.graphml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k0" for="node" attr.name="sector" attr.type="string"><default>GOV</default></key>
  <key id="k1" for="edge" attr.name="strength" attr.type="double"/>
  <key id="k2" for="edge" attr.name="type" attr.type="string"/>
  <key id="k3" for="edge" attr.name="date" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="a"><data key="k0">VOL</data></node>
    <node id="b"/>
    <node id="c"/>
    <edge source="a" target="b"><data key="k1">2.5</data><data key="k2">advice</data></edge>
    <edge source="b" target="c" directed="true"><data key="k3">01-06-2019</data></edge>
  </graph>
</graphml>
""",
        encoding="utf-8",
    )
    ties = read_ties(path, weight="strength")
    assert ties.nodes.ids == ["a", "b", "c"]
    assert ties.nodes.attributes == {"sector": ["VOL", "GOV", "GOV"]}
    # One undirected and one directed edge: read as directed, the edge given both ways.
    assert ties.directed is True
    assert list(zip(ties.source, ties.target, strict=True)) == [("a", "b"), ("b", "a"), ("b", "c")]
    assert ties.rows == [11, 11, 12]
    assert ties.weight.tolist() == [2.5, 2.5, 1.0]
    assert ties.type == ["advice", "advice", None]
    assert ties.date == [None, None, dt.date(2019, 6, 1)]
    # Without --weight, the file has no 'weight' key: no weights.
    assert read_ties(path).weight is None
    with pytest.raises(InputError, match="no edge attribute 'cost'"):
        read_ties(path, weight="cost")


def test_gexf_13_without_namespace(tmp_path):
    path = tmp_path / "plain.gexf"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<gexf version="1.3">
  <graph defaultedgetype="directed">
    <attributes class="node"><attribute id="0" title="role" type="string"/></attributes>
    <attributes class="edge"><attribute id="t" title="type" type="string"/></attributes>
    <nodes>
      <node id="1" label="Ann"><attvalues><attvalue for="0" value="head"/></attvalues></node>
      <node id="2" label="Bob"/>
      <node id="3" label="Cy"/>
    </nodes>
    <edges>
      <edge id="0" source="1" target="2" weight="3">
        <attvalues><attvalue for="t" value="advice"/></attvalues>
      </edge>
      <edge id="1" source="2" target="3" type="undirected" kind="friend"/>
    </edges>
  </graph>
</gexf>
""",
        encoding="utf-8",
    )
    ties = read_ties(path)
    assert ties.nodes.ids == ["1", "2", "3"]
    assert ties.nodes.attributes == {"label": ["Ann", "Bob", "Cy"], "role": ["head", None, None]}
    assert ties.directed is True
    assert list(zip(ties.source, ties.target, strict=True)) == [("1", "2"), ("2", "3"), ("3", "2")]
    assert ties.weight.tolist() == [3.0, 1.0, 1.0]
    assert ties.type == ["advice", "friend", "friend"]
    assert ties.rows == [12, 15, 15]


def test_pajek_sections_lists_and_comments(tmp_path):
    path = tmp_path / "mixed.paj"
    path.write_text(
        '% a comment\n*Network test\n*vertices 5\n1 "Ann Lee"\n2 "Bob"\n3 "Cy"\n'
        "*ARCS\n1 2 2\n% another comment\n*Edges\n2 3\n*Arcslist\n4 1 2\n*Partition p\n"
        "*Vertices 5\n1\n",
        encoding="utf-8",
    )
    ties = read_ties(path)
    assert ties.nodes.ids == ["Ann Lee", "Bob", "Cy", "4", "5"]  # unlabelled: numbers
    assert ties.directed is True
    assert list(zip(ties.source, ties.target, strict=True)) == [
        ("Ann Lee", "Bob"),
        ("Bob", "Cy"),
        ("Cy", "Bob"),
        ("4", "Ann Lee"),
        ("4", "Bob"),
    ]
    assert ties.weight.tolist() == [2.0, 1.0, 1.0, 1.0, 1.0]
    assert ties.rows == [8, 11, 11, 13, 13]

    edges_only = tmp_path / "edges.net"
    edges_only.write_text("*Vertices 3\n*Edges\n1 2\n2 3\n", encoding="utf-8")
    ties = read_ties(edges_only)
    assert (ties.directed, ties.weight, ties.nodes.ids) == (False, None, ["1", "2", "3"])


# --------------------------------------------------------------------------------------
# UCINET DL


def _knoke_dl_fullmatrix(labels: list[str], matrix: list[list[str]]) -> str:
    body = "\n".join(" ".join(row) for row in matrix)
    return f"DL N=10\nFORMAT = FULLMATRIX\nLABELS:\n{','.join(labels)}\nDATA:\n{body}\n"


@needs_data
def test_dl_fullmatrix_knoke_information(tmp_path):
    labels, matrix = _knoke_matrix()
    path = tmp_path / "knoki.dl"
    path.write_text(_knoke_dl_fullmatrix(labels, matrix), encoding="utf-8")
    ties = read_ties(path)
    assert ties.nodes.ids == labels
    assert ties.directed is None  # the file does not say; the user's flag decides
    assert len(ties) == 49
    expected = {
        (labels[i], labels[j])
        for i, row in enumerate(matrix)
        for j, v in enumerate(row)
        if float(v)
    }
    assert set(zip(ties.source, ties.target, strict=True)) == expected
    assert ties.rows[0] == 6  # COUN's first tie (to COMM) is on the first data line
    net = build_network(ties)
    assert (net.n, net.m, net.directed) == (10, 49, True)

    embedded = tmp_path / "knoki_embedded.dl"
    rows = "\n".join(f"{labels[i]} {' '.join(row)}" for i, row in enumerate(matrix))
    embedded.write_text(
        f"dl n=10 format=fullmatrix\nlabels embedded\ndata:\n{' '.join(labels)}\n{rows}\n",
        encoding="utf-8",
    )
    again = read_ties(embedded)
    assert again.nodes.ids == labels
    assert set(zip(again.source, again.target, strict=True)) == expected


@needs_data
def test_dl_edgelist1_knoke_information(tmp_path):
    labels, matrix = _knoke_matrix()
    pairs = [(i + 1, j + 1) for i, row in enumerate(matrix) for j, v in enumerate(row) if float(v)]
    numbered = tmp_path / "knoki_el.dl"
    numbered.write_text(
        "dl n = 10, format = edgelist1\nlabels:\n"
        + "\n".join(labels)
        + "\ndata:\n"
        + "\n".join(f"{i} {j} {i}" for i, j in pairs)
        + "\n",
        encoding="utf-8",
    )
    ties = read_ties(numbered)
    assert ties.nodes.ids == labels
    assert len(ties) == 49
    assert ties.weight.tolist() == [float(i) for i, _ in pairs]
    assert build_network(ties).m == 49

    embedded = tmp_path / "knoki_el_embedded.dl"
    embedded.write_text(
        "dl n=10\nformat=el1\nlabels embedded:\ndata:\n"
        + "\n".join(f"{labels[i - 1]}, {labels[j - 1]}" for i, j in pairs)
        + "\n",
        encoding="utf-8",
    )
    again = read_ties(embedded)
    assert again.weight is None
    assert set(again.nodes.ids) == set(labels)
    assert set(zip(again.source, again.target, strict=True)) == {
        (labels[i - 1], labels[j - 1]) for i, j in pairs
    }


def test_dl_symmetric_and_two_mode(tmp_path):
    sym = tmp_path / "sym.dl"
    sym.write_text(
        "dl n=3 symmetric\nlabels:\na b c\ndata:\n0 2 0\n2 0 1\n0 1 0\n", encoding="utf-8"
    )
    ties = read_ties(sym)
    assert ties.directed is False
    assert list(zip(ties.source, ties.target, ties.weight, strict=True)) == [
        ("a", "b", 2.0),
        ("b", "c", 1.0),
    ]

    two = tmp_path / "two.dl"
    two.write_text(
        "dl nr=2 nc=3\nrow labels:\nann bob\ncolumn labels:\nx y z\ndata:\n1 0 1\n0 1 0\n",
        encoding="utf-8",
    )
    ties = read_ties(two)
    assert ties.nodes.ids == ["ann", "bob", "x", "y", "z"]
    assert ties.nodes.attributes["mode"] == ["row", "row", "column", "column", "column"]
    assert list(zip(ties.source, ties.target, strict=True)) == [
        ("ann", "x"),
        ("ann", "z"),
        ("bob", "y"),
    ]


def test_dl_multiple_matrices_reads_the_first(tmp_path):
    path = tmp_path / "nm.dl"
    path.write_text("dl n=2 nm=2\ndata:\n0 1\n0 0\n\n0 0\n1 0\n", encoding="utf-8")
    ties = read_ties(path)
    assert list(zip(ties.source, ties.target, strict=True)) == [("1", "2")]


# --------------------------------------------------------------------------------------
# Bad input: InputError naming the file and the line

MALFORMED_GRAPHML = """<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <graph edgedefault="directed">
    <node id="a">
  </graph>
</graphml>
"""
BAD_WEIGHT_GRAPHML = """<?xml version="1.0"?>
<graphml>
  <key id="w" for="edge" attr.name="weight"/>
  <graph edgedefault="directed">
    <node id="a"/><node id="b"/>
    <edge source="a" target="b">
      <data key="w">heavy</data>
    </edge>
  </graph>
</graphml>
"""
MALFORMED_GEXF = """<?xml version="1.0"?>
<gexf version="1.2">
  <graph>
    <nodes>
      <node id="1" label="x"></nodes>
    </nodes>
  </graph>
</gexf>
"""

BAD_INPUTS = {
    "malformed xml": ("bad.graphml", MALFORMED_GRAPHML, 5, "not well-formed XML"),
    "malformed gexf": ("bad.gexf", MALFORMED_GEXF, 5, "not well-formed XML"),
    "graphml weight": ("weight.graphml", BAD_WEIGHT_GRAPHML, 7, "'heavy'"),
    "pajek undeclared vertex": (
        "undeclared.net",
        "*Vertices 3\n*Edges\n1 2\n2 9\n",
        4,
        "vertex 9 is not declared",
    ),
    "pajek vertex out of range": (
        "range.net",
        '*Vertices 3\n1 "a"\n5 "e"\n*Arcs\n',
        3,
        "vertex 5 is not declared",
    ),
    "pajek weight": ("weight.net", "*Vertices 2\n*Arcs\n1 2 1\n2 1 heavy\n", 4, "'heavy'"),
    "pajek no vertices": ("novert.net", "% only\n1 2\n", 2, "*Vertices"),
    "dl short row": (
        "short.dl",
        "dl n=3\ndata:\n0 1 0\n1 0\n0 1 0\n",
        4,
        "has 2 values, expected 3",
    ),
    "dl too many cells": ("long.dl", "dl n=2\ndata:\n0 1\n0 0\n1 1\n", 5, "more than 4 values"),
    "dl too few cells": ("few.dl", "dl n=2\ndata:\n0 1 1\n", 3, "has 3 values, expected 4"),
    "dl cell": ("cell.dl", "dl n=2\ndata:\n0 x\n0 0\n", 3, "'x'"),
    "dl edgelist weight": (
        "el.dl",
        "dl n=2 format=edgelist1\ndata:\n1 2 1\n2 1 lots\n",
        4,
        "'lots'",
    ),
    "dl edgelist node": ("node.dl", "dl n=2 format=edgelist1\ndata:\n1 3\n", 3, "out of range"),
    "dl labels count": ("labels.dl", "dl n=3\nlabels:\na b\ndata:\n0\n", 3, "2 labels given"),
    "dl not dl": ("notdl.dl", "\nhello n=3\n", 2, "starts with 'dl'"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_names_file_and_line(tmp_path, case):
    name, text, line, message = BAD_INPUTS[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_ties(path)
    text = str(info.value)
    assert name in text
    assert f"row {line}" in text
    assert message in text


@pytest.mark.parametrize("name", ["empty.graphml", "empty.gexf", "empty.net", "empty.dl"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty") as info:
        read_ties(path)
    assert name in str(info.value)


def test_missing_file_and_entity_expansion(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_ties(tmp_path / "absent.gexf")
    bomb = tmp_path / "bomb.graphml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE g [\n<!ENTITY a "aaaaaaaaaa">\n]>\n<graphml/>\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="entities") as info:
        read_ties(bomb)
    assert "row 3" in str(info.value)


# --------------------------------------------------------------------------------------
# Writers: what we write, we (and networkx) read back as the same network


def _table_to_write(directed: bool) -> TieTable:
    nodes = NodeTable(
        path="nodes",
        ids=["Ann Lee", "Bo & Co", "Cé <3>", "Dev", "Isolate"],
        attributes={
            "group": ["A", "B", None, "A", "C"],
            "school": ["St Mary's", "Park Primary", "Hill, Upper", None, "Oak"],
        },
    )
    return TieTable(
        path="ties",
        source=["Ann Lee", "Bo & Co", "Cé <3>", "Ann Lee"],
        target=["Bo & Co", "Cé <3>", "Dev", "Dev"],
        weight=np.array([1.5, 2.0, 0.1, 3.0]),
        type=["advice", None, "co-participation", "advice"],
        date=[dt.date(2020, 1, 2), None, dt.date(2021, 12, 31), dt.date(2019, 6, 1)],
        directed=directed,
        nodes=nodes,
    )


def _same_ties(read: TieTable, written: TieTable, *, attributes: bool = True) -> None:
    assert read.nodes.ids == written.nodes.ids
    if attributes:
        assert read.nodes.attributes == written.nodes.attributes
    assert read.source == written.source
    assert read.target == written.target
    assert read.weight.tolist() == written.weight.tolist()


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".net"])
def test_written_file_reads_back_the_same(tmp_path, suffix, directed):
    written = _table_to_write(directed)
    path = tmp_path / f"out{suffix}"
    write_graph_file(written, path)
    read = read_ties(path)
    _same_ties(read, written)
    assert read.directed == written.directed
    assert read.type == written.type
    assert read.date == written.date


@pytest.mark.parametrize("directed", [True, False])
def test_written_dl_reads_back_the_same_network(tmp_path, directed):
    written = _table_to_write(directed)
    path = tmp_path / "out.dl"
    write_graph_file(written, path)
    read = read_ties(path)
    _same_ties(read, written, attributes=False)
    assert read.type is None and read.date is None
    assert read.directed is (False if not directed else None)  # DL says 'symmetric' only
    a, b = build_network(read), build_network(written)
    assert (a.ids, a.source.tolist(), a.target.tolist()) == (
        b.ids,
        b.source.tolist(),
        b.target.tolist(),
    )


@pytest.mark.parametrize(
    ("suffix", "reader"),
    [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf), (".net", nx.read_pajek)],
)
def test_networkx_reads_what_we_write(tmp_path, suffix, reader):
    written = _table_to_write(directed=True)
    path = tmp_path / f"out{suffix}"
    write_graph_file(written, path)
    graph = reader(path)
    assert graph.is_directed()
    assert sorted(graph.nodes) == sorted(written.nodes.ids)
    weights = {(s, t): float(w) for s, t, w in graph.edges(data="weight")}
    assert weights == _edge_weights(written, directed=True)


def test_unwritable_label_and_unknown_extension(tmp_path):
    ties = TieTable(path="t", source=['say "hi"'], target=["b"])
    with pytest.raises(InputError, match="cannot contain") as info:
        write_graph_file(ties, tmp_path / "quote.net")
    assert "quote.net" in str(info.value)
    write_graph_file(ties, tmp_path / "quote.graphml")
    assert read_ties(tmp_path / "quote.graphml").source == ['say "hi"']
    with pytest.raises(InputError, match="NLC writes"):
        write_graph_file(ties, tmp_path / "out.csv")
