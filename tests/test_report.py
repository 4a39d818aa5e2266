"""The HTML report: content a network leader needs, self-contained, escaped, and robust."""

from __future__ import annotations

import base64
import csv
import html
import re
from pathlib import Path

import numpy as np
import pytest

from nlc.analysis import ROLES, analyse
from nlc.network import Network, NodeTable, TieTable, build_network, read_nodes, read_ties
from nlc.network.two_mode import project_two_mode
from nlc.reports import plots, write_report

UK = Path("/work/shared/real-data/uk-faculty")
CAMPNET = Path("/work/shared/reference-data/campnet")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')

needs_uk = pytest.mark.skipif(not UK.exists(), reason="UK faculty data not present")
needs_campnet = pytest.mark.skipif(not CAMPNET.exists(), reason="Campnet data not present")


def _section(document: str, key: str) -> str:
    start = document.index(f'<section id="{key}">')
    return document[start : document.index("</section>", start)]


@pytest.fixture(scope="module")
def uk_analysis():
    # Nepusz et al. (2008) UK faculty friendships: 81 people, 817 weighted arcs, 4 schools.
    ties = read_ties(UK / "ukfaculty_edges.csv", source="from", target="to", weight="weight")
    nodes = read_nodes(UK / "ukfaculty_nodes.csv", id_column="id")
    return analyse(build_network(ties, nodes), "group")


@pytest.fixture(scope="module")
def uk_report(uk_analysis, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("report") / "uk.html"
    write_report(uk_analysis, path, title="UK faculty", source_description="ukfaculty_edges.csv")
    return path.read_text(encoding="utf-8")


def _campnet(grouped: bool) -> Network:
    with (CAMPNET / "campnet_adjacency.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    names = rows[0][1:]
    source, target = [], []
    for row in rows[1:]:
        for j, value in enumerate(row[1:]):
            if value != "0":
                source.append(row[0])
                target.append(names[j])
    with (CAMPNET / "campnet_attributes.csv").open(newline="") as handle:
        gender = {r["name"]: r["Gender"] for r in csv.DictReader(handle)}
    attributes = {"gender": [gender[x] for x in names]} if grouped else {}
    return build_network(TieTable("ties", source, target), NodeTable("nodes", names, attributes))


@needs_uk
def test_it_has_the_plain_english_sections(uk_report):
    for heading in (
        "Summary",
        "Key figures",
        "Map of the network",
        "Bridging and bonding between groups",
        "Brokers: who connects whom",
        "Structural holes: who links otherwise separate contacts",
        "How centralised is the network?",
        "Communities: clusters in the network",
        "Data warnings and methods",
    ):
        assert f">{heading}</h" in uk_report
    for role in ("Coordinator", "Itinerant (consultant)", "Representative", "Gatekeeper"):
        assert f"<h3>{role}</h3>" in uk_report
    assert "<h3>Liaison</h3>" in uk_report
    assert "This network has 81 organisations and 817 ties" in uk_report


@needs_uk
def test_it_embeds_one_png_per_figure_and_nothing_external(uk_report):
    images = IMG.findall(uk_report)
    # map, E-I by group, mixing matrix, degree histogram
    assert len(images) == 4 == uk_report.count("<img ")
    assert all(base64.b64decode(data).startswith(PNG_SIGNATURE) for data in images)
    assert "<script" not in uk_report
    assert not re.search(r'(src|href)="(https?:)?//', uk_report)
    assert "<style>" in uk_report


@needs_uk
def test_it_names_the_top_broker_of_each_role(uk_analysis, uk_report):
    brokers = _section(uk_report, "brokers")
    raw = uk_analysis.brokerage.raw
    for column, role in enumerate(ROLES[:5]):
        # Highest count first, ties broken by node order, as in the report.
        order = np.lexsort((np.arange(len(raw)), -raw[:, column]))
        for i in order[:5]:
            assert raw[i, column] > 0, role
            assert f'<td class="id">{uk_analysis.network.ids[i]}</td>' in brokers, role


@needs_uk
def test_it_states_the_ei_index_as_shown(uk_analysis, uk_report):
    assert f"{uk_analysis.ei.network:.2f}" == "-0.63"
    assert "(E-I = -0.63)" in _section(uk_report, "summary")
    share = uk_analysis.ei.external_ties / uk_analysis.network.m
    assert f"{100 * share:.1f}% of ties bridge between groups" in uk_report


@needs_uk
def test_it_says_when_the_map_shows_part_of_a_large_network(uk_analysis, tmp_path, monkeypatch):
    monkeypatch.setattr(plots, "MAP_NODE_LIMIT", 50)
    path = tmp_path / "part.html"
    write_report(uk_analysis, path, title="part")
    caption = _section(path.read_text(encoding="utf-8"), "map")
    assert "the 50 best-connected of 81 organisations" in caption


@needs_uk
def test_it_replaces_the_file_in_one_step(uk_analysis, tmp_path):
    path = tmp_path / "report.html"
    path.write_text("old report")
    write_report(uk_analysis, path, title="again")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@needs_campnet
def test_it_reports_a_network_without_groups(tmp_path):
    analysis = analyse(_campnet(grouped=False))
    path = tmp_path / "campnet.html"
    write_report(analysis, path, title="Campnet")
    document = path.read_text(encoding="utf-8")
    assert "No group column was given" in _section(document, "bridging")
    assert "<h3>Coordinator</h3>" in document and "<h3>Liaison</h3>" not in document
    assert len(IMG.findall(document)) == 2  # map and degree histogram
    assert "colours show the communities" in _section(document, "map")


def test_it_escapes_ids_group_names_and_title(tmp_path):
    evil = "<script>alert('x')</script>"
    ids = [evil, "b & c", "d", "e"]
    net = Network(
        ids,
        np.array([0, 0, 1, 2]),
        np.array([1, 2, 3, 3]),
        np.ones(4),
        False,
        {"sector": ["<i>school</i>", "<i>school</i>", "health", "health"]},
        ["1 self-loop dropped for <b>node</b>"],
    )
    path = tmp_path / "evil.html"
    write_report(analyse(net, "sector"), path, title="<h1>net</h1>", source_description=evil)
    document = path.read_text(encoding="utf-8")
    assert "<script" not in document
    assert "<i>school</i>" not in document and "<b>node</b>" not in document
    assert html.escape(evil) in document
    assert "b &amp; c" in document
    assert "&lt;i&gt;school&lt;/i&gt;" in document
    assert "&lt;h1&gt;net&lt;/h1&gt;" in document


def test_it_reports_a_single_node_without_ties(tmp_path):
    empty = np.zeros(0, dtype=np.int64)
    net = Network(["solo"], empty, empty, np.zeros(0), False, {"group": ["a"]})
    for group in ("group", None):
        path = tmp_path / f"solo-{group}.html"
        write_report(analyse(net, group), path, title="One school")
        document = path.read_text(encoding="utf-8")
        assert "This network has 1 organisation and 0 ties" in document
        assert "There are no ties yet" in document
        assert not re.search(r"\bnan\b", document, re.IGNORECASE)
        assert '<td class="num">–</td>' in document  # undefined measures shown as a dash
        assert not IMG.findall(document)


def test_it_lists_affiliations_that_span_groups(tmp_path):
    # Two trusts: T1 spans two local authorities, T2 stays inside one.
    memberships = TieTable(
        "memberships",
        ["s1", "s2", "s3", "s3", "s4"],
        ["T1", "T1", "T1", "T2", "T2"],
    )
    nodes = NodeTable(
        "nodes",
        ["s1", "s2", "s3", "s4", "T1", "T2"],
        {
            "la": ["Leeds", "York", "Leeds", "Leeds", None, None],
            "name": [None, None, None, None, "North Trust", "South Trust"],
        },
    )
    net, two_mode = project_two_mode(memberships, nodes)
    analysis = analyse(net, "la", two_mode=two_mode)
    path = tmp_path / "trusts.html"
    write_report(analysis, path, title="Trusts")
    section = _section(path.read_text(encoding="utf-8"), "affiliations")
    rows = re.findall(r"<tr>(.*?)</tr>", section)[1:]
    assert "North Trust" in rows[0] and ">2<" in rows[0]  # two groups spanned
    assert "South Trust" in rows[1] and ">1<" in rows[1]
    # Same order and E-I as the JSON output of nlc analyse.
    expected = analysis.to_json()["two_mode"]["affiliations"]
    for row, affiliation in zip(rows, expected, strict=True):
        assert affiliation["name"] in row
        assert f">{affiliation['ei_index']:.2f}<" in row


def test_it_states_the_bound_of_sampled_betweenness(tmp_path):
    # Regression: the methods note once read an attribute sampled betweenness lacks.
    import networkx as nx

    from nlc.analysis import analyse
    from nlc.network import Network
    from nlc.reports import render_report

    graph = nx.gnm_random_graph(400, 1600, seed=2, directed=True)
    edges = np.array(graph.edges())
    net = Network([str(i) for i in range(400)], edges[:, 0], edges[:, 1], np.ones(len(edges)), True)
    result = analyse(net, exact_betweenness=False)
    assert result.betweenness.method == "sampled sources"
    page = render_report(result, title="sampled")
    assert "128 randomly chosen starting organisations" in page
    assert f"±{result.betweenness.absolute_error:.1f}" in page.replace(",", "")
