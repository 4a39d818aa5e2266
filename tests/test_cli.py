"""`nlc analyse` as a user runs it: options, outputs, and the JSON contract."""

import json

import pytest
from click.testing import CliRunner

from nlc.analysis import ROLES
from nlc.cli import main

NETWORK_KEYS = {
    "nodes",
    "ties",
    "directed",
    "density",
    "components",
    "isolates",
    "ei_index",
    "assortativity",
    "degree_centralization",
    "betweenness_centralization",
    "communities",
    "modularity",
    "brokerage",
    "brokerage_z",
}
GROUP_KEYS = {"group", "size", "internal_ties", "external_ties", "ei_index"}
NODE_KEYS = {
    "id",
    "group",
    "degree",
    "in_degree",
    "out_degree",
    "betweenness",
    "constraint",
    "effective_size",
    "efficiency",
    "ei_index",
    "community",
    "brokerage",
    "brokerage_z",
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def ties(tmp_path):
    path = tmp_path / "ties.csv"
    path.write_text(
        "source,target,weight,type,date\n"
        "a,b,1,advice,2024-09-01\n"
        "b,c,2,advice,2025-01-10\n"
        "c,d,1,referral,2025-06-01\n"
        "d,a,1,advice,2025-09-01\n"
        "b,a,3,advice,2024-10-01\n"
        "a,b,1,advice,2024-11-01\n"
        "c,c,1,advice,2024-11-01\n"
    )
    return path


@pytest.fixture
def nodes(tmp_path):
    path = tmp_path / "nodes.csv"
    path.write_text("id,sector\na,school\nb,school\nc,health\nd,police\ne,school\n")
    return path


def test_it_writes_the_json_contract(ties, nodes, tmp_path):
    out = tmp_path / "out.json"
    result = run("analyse", ties, "--nodes", nodes, "--group", "sector", "--json", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["network"].keys() >= NETWORK_KEYS
    assert set(doc["network"]["brokerage"]) == set(ROLES)
    assert set(doc["network"]["brokerage_z"]) == set(ROLES)
    assert all(g.keys() >= GROUP_KEYS for g in doc["groups"])
    assert all(n.keys() >= NODE_KEYS for n in doc["nodes"])
    assert [n["id"] for n in doc["nodes"]] == ["a", "b", "c", "d", "e"]
    # duplicates a->b merged, self-loop c->c dropped: 5 distinct arcs remain
    assert doc["network"]["ties"] == 5
    assert doc["network"]["isolates"] == 1
    assert any("self-loops dropped" in w for w in doc["warnings"])
    assert any("duplicate ties merged" in w for w in doc["warnings"])
    # e is an isolate: constraint and E-I undefined -> null, never NaN
    e = doc["nodes"][4]
    assert e["constraint"] is None and e["ei_index"] is None and e["degree"] == 0
    assert "NaN" not in out.read_text()


def test_it_prints_a_readable_summary(ties, nodes):
    result = run("analyse", ties, "--nodes", nodes, "--group", "sector")
    assert result.exit_code == 0
    assert "E-I index" in result.output
    assert "Top 10 brokers" in result.output
    assert "Groups by sector" in result.output


def test_it_filters_by_type_and_date(ties, tmp_path):
    out = tmp_path / "out.json"
    assert run("analyse", ties, "--type", "referral", "--json", out).exit_code == 0
    assert json.loads(out.read_text())["network"]["ties"] == 1
    assert run("analyse", ties, "--as-of", "2024-12-31", "--json", out).exit_code == 0
    # a->b (twice), b->a by then; c->c is a loop
    assert json.loads(out.read_text())["network"]["ties"] == 2


def test_it_dichotomises_with_min_weight(ties, tmp_path):
    out = tmp_path / "out.json"
    assert run("analyse", ties, "--min-weight", "2", "--json", out).exit_code == 0
    doc = json.loads(out.read_text())
    # a->b sums to 2, b->a is 3, b->c is 2: three ties survive
    assert doc["network"]["ties"] == 3
    assert doc["network"]["weighted"] is False


def test_it_reads_ties_as_undirected(ties, tmp_path):
    out = tmp_path / "out.json"
    assert run("analyse", ties, "--undirected", "--json", out).exit_code == 0
    doc = json.loads(out.read_text())
    assert doc["network"]["directed"] is False
    assert doc["network"]["ties"] == 4  # a-b, b-c, c-d, d-a


def test_it_projects_two_mode_memberships(tmp_path):
    ties = tmp_path / "members.csv"
    ties.write_text("source,target\np1,t1\np2,t1\np3,t1\np3,t2\np4,t2\n")
    nodes = tmp_path / "people.csv"
    nodes.write_text(
        "id,la,name\np1,A,\np2,A,\np3,B,\np4,C,\np5,C,\nt1,,Trust One\nt2,,Trust Two\n"
    )
    out = tmp_path / "out.json"
    result = run("analyse", ties, "--nodes", nodes, "--two-mode", "--group", "la", "--json", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["network"]["nodes"] == 5  # p1..p5; trusts are the other mode
    assert doc["network"]["directed"] is False
    assert doc["network"]["ties"] == 4  # p1-p2, p1-p3, p2-p3 (t1); p3-p4 (t2)
    affiliations = {a["id"]: a for a in doc["two_mode"]["affiliations"]}
    assert affiliations["t1"] == {
        "id": "t1",
        "name": "Trust One",
        "members": 3,
        "groups_spanned": 2,
        "ei_index": pytest.approx(1 / 3),
    }
    assert affiliations["t2"]["groups_spanned"] == 2
    assert [n["affiliations"] for n in doc["nodes"]] == [1, 1, 2, 1, 0]


def test_it_reads_xlsx(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Source", "Target", "Weight"])
    sheet.append(["a", "b", 2])
    sheet.append(["b", "c", 1.5])
    path = tmp_path / "ties.xlsx"
    book.save(path)
    out = tmp_path / "out.json"
    assert run("analyse", path, "--json", out).exit_code == 0
    assert json.loads(out.read_text())["network"]["ties"] == 2


def test_it_uses_the_ego_model_when_asked(tmp_path, ties):
    out = tmp_path / "out.json"
    assert run("analyse", ties, "--holes-model", "ego", "--json", out).exit_code == 0
    assert json.loads(out.read_text())["network"]["structural_holes_model"] == "ego"


def test_it_runs_the_bundled_example(tmp_path):
    out = tmp_path / "example.json"
    report = tmp_path / "example.html"
    result = run("example", "--json", out, "--report", report)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["network"]["nodes"] == 25
    # the local authority brokers between schools and partners (the seed papers' point)
    top = max(doc["nodes"], key=lambda n: n["brokerage"]["total"])
    assert top["group"] == "local authority"
    page = report.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "Bradford Local Authority (schools) (A01)" in page  # names, not just ids


def test_the_random_seed_is_seed_and_also_answers_to_rng(ties, tmp_path):
    documents = []
    for flag in ("--seed", "--rng"):
        out = tmp_path / f"{flag[2:]}.json"
        assert run("analyse", ties, flag, "5", "--json", out).exit_code == 0
        documents.append(json.loads(out.read_text()))
    assert documents[0] == documents[1]
    assert "--rng" not in run("analyse", "--help").output  # the old name is not advertised
    both = run("analyse", ties, "--seed", "1", "--rng", "2")
    assert both.exit_code == 2 and "give the random seed once" in both.output


def _two_mode_files(tmp_path):
    ties = tmp_path / "members.csv"
    ties.write_text("source,target\np1,t1\np2,t1\np3,t1\np3,t2\np4,t2\n")
    nodes = tmp_path / "people.csv"
    nodes.write_text("id,la\np1,A\np2,A\np3,B\np4,C\np5,C\nt1,\nt2,\n")
    return ties, nodes


def test_it_accepts_undirected_with_two_mode(tmp_path):
    # Issue #8: "--two-mode --undirected" was refused with "drop --directed".
    ties, nodes = _two_mode_files(tmp_path)
    result = run("analyse", ties, "--nodes", nodes, "--two-mode", "--undirected")
    assert result.exit_code == 0, result.output
    assert "drop --directed" not in result.output


def test_it_refuses_directed_with_two_mode_naming_the_option(tmp_path):
    ties, nodes = _two_mode_files(tmp_path)
    result = run("analyse", ties, "--nodes", nodes, "--two-mode", "--directed")
    assert result.exit_code == 2
    assert "projections are undirected; drop --directed" in result.output


def test_it_reads_the_ei_index_against_chance_in_the_json(tmp_path):
    ties, nodes = _two_mode_files(tmp_path)
    out = tmp_path / "out.json"
    result = run("analyse", ties, "--nodes", nodes, "--two-mode", "--group", "la", "--json", out)
    assert result.exit_code == 0, result.output
    network = json.loads(out.read_text())["network"]
    # 5 people in groups of 2, 1, 2: p = (2 + 0 + 2) / 20, expected E-I = 1 - 2p = 0.6.
    assert network["ei_expected"] == pytest.approx(0.6)
    low, high = network["ei_interval"]
    assert -1 <= low <= high <= 1
    assert network["ei_permutations"] > 0
    assert network["bridging_share"] == pytest.approx(3 / 4)  # all but p1-p2 cross
    assert network["components_are_cliques"] is False  # p1-p2-p3-p4 is not a clique
    assert "communities_groups_adjusted_rand" in network
