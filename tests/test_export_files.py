"""Getting data out: every format NLC writes reads back as the same network, peer tools read
what we write, text that a spreadsheet could run as a formula stays text, and ``nlc convert``."""

import datetime as dt
import json
import zipfile

import igraph
import networkx as nx
import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner

from nlc.cli import main
from nlc.errors import InputError
from nlc.network import NodeTable, TieTable, build_network, read_nodes, read_ties
from nlc.network.io import WRITE_FORMATS, network_ties, nodes_path_for, write_ties


def _written(directed: bool = True) -> TieTable:
    nodes = NodeTable(
        path="nodes",
        ids=["Ann Lee", "Bo & Co", "Cé <3>", "Dev", "Isolate"],
        attributes={
            "group": ["A", "B", None, "A", "C"],
            "school": ["St Mary's", "=HYPERLINK(x)", "Hill, Upper", None, "-1.5"],
        },
    )
    return TieTable(
        path="ties",
        source=["Ann Lee", "Bo & Co", "Cé <3>", "Ann Lee"],
        target=["Bo & Co", "Cé <3>", "Dev", "Dev"],
        weight=np.array([1.5, 2.0, 0.1, 3.0]),
        type=["advice", None, "+referral", "advice"],
        date=[dt.date(2020, 1, 2), None, dt.date(2021, 12, 31), dt.date(2019, 6, 1)],
        directed=directed,
        nodes=nodes,
    )


def _read_back(path, nodes_path=None) -> TieTable:
    ties = read_ties(path)
    if nodes_path is not None:
        ties.nodes = read_nodes(nodes_path)
    return ties


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".xlsx", ".json", ".graphml", ".gexf"])
def test_written_file_reads_back_the_same(tmp_path, suffix, directed):
    written = _written(directed)
    paths = write_ties(written, tmp_path / f"out{suffix}")
    read = _read_back(*paths)
    assert read.nodes.ids == written.nodes.ids
    assert read.nodes.attributes == written.nodes.attributes
    assert (read.source, read.target) == (written.source, written.target)
    assert read.weight.tolist() == written.weight.tolist()
    assert read.type == written.type
    assert read.date == written.date
    if suffix in (".json", ".graphml", ".gexf"):  # tables carry no direction
        assert read.directed == directed
    a = build_network(read, directed=directed)
    b = build_network(written)
    assert (a.ids, a.source.tolist(), a.target.tolist(), a.weight.tolist()) == (
        b.ids,
        b.source.tolist(),
        b.target.tolist(),
        b.weight.tolist(),
    )
    assert a.attributes == b.attributes


def test_every_write_format_is_covered():
    assert set(WRITE_FORMATS) == {
        ".csv", ".tsv", ".tab", ".xlsx", ".graphml", ".gexf", ".net", ".paj", ".dl", ".json"
    }  # fmt: skip


def test_csv_export_is_two_files_and_formulas_stay_text(tmp_path):
    paths = write_ties(_written(), tmp_path / "ties.csv")
    assert paths == [tmp_path / "ties.csv", tmp_path / "ties-nodes.csv"]
    assert nodes_path_for("x/ties.tsv").name == "ties-nodes.tsv"
    nodes = paths[1].read_text(encoding="utf-8")
    assert "'=HYPERLINK" in nodes  # quoted: a spreadsheet shows it as text
    assert ",-1.5\n" in nodes  # a number is not quoted
    ties = paths[0].read_text(encoding="utf-8")
    assert ",'+referral," in ties
    assert ties.splitlines()[1] == "Ann Lee,Bo & Co,1.5,advice,2020-01-02"


def test_xlsx_export_has_ties_and_nodes_sheets_without_formulas(tmp_path):
    path = tmp_path / "out.xlsx"
    write_ties(_written(), path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["ties", "nodes"]
    nodes = book["nodes"]
    cell = nodes["C3"]
    assert cell.value == "=HYPERLINK(x)"
    assert cell.data_type == "s" and cell.quotePrefix
    assert nodes["C6"].value == "-1.5"  # attribute text stays text
    ties = book["ties"]
    assert ties["C2"].value == 1.5 and ties["C2"].data_type == "n"  # weights are numbers
    assert ties["D4"].value == "+referral" and ties["D4"].data_type == "s"
    with zipfile.ZipFile(path) as archive:
        assert all(b"<f>" not in archive.read(name) for name in archive.namelist())


def test_kumu_json_is_a_blueprint(tmp_path):
    written = _written(directed=False)
    written.nodes.attributes["name"] = ["Ann", "Bo", None, "Dev", "Iso"]
    path = tmp_path / "out.json"
    write_ties(written, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["elements"][0] == {
        "id": "Ann Lee",
        "label": "Ann",
        "group": "A",
        "school": "St Mary's",
        "name": "Ann",
    }
    assert document["elements"][2]["label"] == "Cé <3>"  # no name: the id
    assert document["connections"][0] == {
        "from": "Ann Lee",
        "to": "Bo & Co",
        "direction": "undirected",
        "type": "advice",
        "weight": 1.5,
        "date": "2020-01-02",
    }
    read = read_ties(path)
    assert read.nodes.attributes == written.nodes.attributes  # label = name: not an attribute


def test_kumu_reader_labels_mutual_and_tags(tmp_path):
    path = tmp_path / "kumu.json"
    path.write_text(
        json.dumps(
            {
                "elements": [
                    {"label": "A", "type": "School", "tags": ["x", "y"], "size": 12.0},
                    {"label": "B"},
                    {"label": "C"},
                ],
                "connections": [
                    {"from": "A", "to": "B", "direction": "mutual"},
                    {"from": "B", "to": "C"},
                ],
            }
        ),
        encoding="utf-8",
    )
    ties = read_ties(path)
    assert ties.nodes.ids == ["A", "B", "C"]
    assert ties.nodes.attributes == {
        "type": ["School", None, None],
        "tags": ["x|y", None, None],
        "size": ["12", None, None],
    }
    assert list(zip(ties.source, ties.target, strict=True)) == [("A", "B"), ("B", "A"), ("B", "C")]
    assert ties.directed is True and ties.weight is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "is not valid JSON"),
        ("[]", "not a Kumu blueprint"),
        ('{"elements": []}', "no 'connections' list"),
        ('{"connections": [{"from": "a"}]}', "connection 1 needs both"),
        ('{"connections": [{"from": "a", "to": "b", "direction": "up"}]}', "direction must"),
        ('{"connections": [{"from": "a", "to": "b", "weight": -2}]}', "at least 0"),
        ('{"elements": [{"label": "a"}, {"id": "a"}], "connections": []}', "appears twice"),
        ('{"elements": [{"type": "x"}], "connections": []}', "neither an 'id'"),
    ],
)
def test_kumu_bad_input_is_named(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_ties(path)
    assert "bad.json" in str(info.value)


def test_unknown_write_format_and_reserved_id_column(tmp_path):
    with pytest.raises(InputError, match="NLC writes"):
        write_ties(_written(), tmp_path / "out.txt")
    ties = _written()
    ties.nodes.attributes["id"] = ["x"] * 5
    with pytest.raises(InputError, match="cannot be called 'id'"):
        write_ties(ties, tmp_path / "out.csv")


def test_network_ties_writes_a_cleaned_network(tmp_path):
    network = build_network(_written(directed=False))
    paths = write_ties(network_ties(network), tmp_path / "net.graphml")
    again = build_network(read_ties(paths[0]))
    assert again.ids == network.ids and again.directed is False
    assert again.weight.tolist() == network.weight.tolist()


# Peer tools read what we write ------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "reader"),
    [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf), (".net", nx.read_pajek)],
)
def test_networkx_reads_what_we_write(tmp_path, suffix, reader):
    written = _written(directed=True)
    (path,) = write_ties(written, tmp_path / f"out{suffix}")
    graph = reader(path)
    assert sorted(graph.nodes) == sorted(written.nodes.ids)
    weights = {(s, t): float(w) for s, t, w in graph.edges(data="weight")}
    assert weights == dict(
        zip(zip(written.source, written.target, strict=True), written.weight, strict=True)
    )


@pytest.mark.parametrize(
    ("suffix", "fmt", "key"), [(".graphml", "graphml", "id"), (".net", "pajek", "name")]
)
def test_igraph_reads_what_we_write(tmp_path, suffix, fmt, key):
    written = _written(directed=True)
    # igraph's GraphML reader keeps "&" in ids as a character reference: plain ids here
    plain = {
        name: name.replace("&", "and").replace("<", "").replace(">", "")
        for name in written.nodes.ids
    }
    written.source = [plain[s] for s in written.source]
    written.target = [plain[t] for t in written.target]
    written.nodes.ids = list(plain.values())
    (path,) = write_ties(written, tmp_path / f"out{suffix}")
    graph = igraph.Graph.Read(str(path), format=fmt)
    assert graph.is_directed()
    names = graph.vs[key]
    assert names == written.nodes.ids
    arcs = {(names[e.source], names[e.target]): e["weight"] for e in graph.es}
    assert arcs == dict(
        zip(zip(written.source, written.target, strict=True), written.weight, strict=True)
    )


# nlc convert -------------------------------------------------------------------------------


def _example(tmp_path):
    ties = tmp_path / "ties.csv"
    nodes = tmp_path / "nodes.csv"
    ties.write_text(
        "source,target,weight,type,date\n"
        "a,b,2,advice,2020-01-01\nb,c,1,collaboration,2021-01-01\nc,a,1,advice,2022-01-01\n",
        encoding="utf-8",
    )
    nodes.write_text("id,name,sector\na,=A,school\nb,B,health\nc,C,school\nd,D,police\n")
    return ties, nodes


@pytest.mark.parametrize("suffix", [".xlsx", ".json", ".graphml", ".gexf", ".net", ".dl", ".tsv"])
def test_convert_writes_what_analyse_reads(tmp_path, suffix):
    ties, nodes = _example(tmp_path)
    out = tmp_path / f"out{suffix}"
    result = CliRunner().invoke(main, ["convert", str(ties), "--nodes", str(nodes), str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    read = read_ties(out)
    if suffix == ".tsv":
        read.nodes = read_nodes(tmp_path / "out-nodes.tsv")
    network = build_network(read)
    assert network.ids == ["a", "b", "c", "d"]
    assert network.m == 3
    if suffix != ".dl":
        assert network.attributes["sector"] == ["school", "health", "school", "police"]
        assert network.attributes["name"][0] == "=A"


def test_convert_filters_like_analyse(tmp_path):
    ties, nodes = _example(tmp_path)
    out = tmp_path / "advice.json"
    args = ["convert", str(ties), "--nodes", str(nodes), "--type", "advice", "--as-of"]
    result = CliRunner().invoke(main, [*args, "2021-06-01", str(out)])
    assert result.exit_code == 0, result.output
    read = read_ties(out)
    assert (read.source, read.target, read.type) == (["a"], ["b"], ["advice"])
    out = tmp_path / "strong.csv"
    result = CliRunner().invoke(
        main, ["convert", str(ties), "--undirected", "--min-weight", "2", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines() == ["source,target", "a,b"]


def test_convert_bad_input_is_a_message(tmp_path):
    ties, nodes = _example(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(ties), str(tmp_path / "out.txt")])
    assert result.exit_code == 2 and "NLC writes" in result.output
    result = runner.invoke(main, ["convert", str(tmp_path / "none.csv"), str(tmp_path / "o.gexf")])
    assert result.exit_code == 2 and "file not found" in result.output
    result = runner.invoke(
        main, ["convert", str(ties), "--type", "gossip", str(tmp_path / "o.gexf")]
    )
    assert result.exit_code == 2 and "no tie has type 'gossip'" in result.output
    assert not (tmp_path / "o.gexf").exists()
