"""`nlc suggest` as a user runs it: the JSON contract, --for, --per-node/--top, bad input."""

import csv
import json
import sys
import types
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlc.brokerage import Suggestion
from nlc.cli import main

EXAMPLE = resources.files("nlc") / "data" / "example"
TIES, NODES = str(EXAMPLE / "ties.csv"), str(EXAMPLE / "nodes.csv")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def existing_ties():
    with open(TIES, newline="", encoding="utf-8") as handle:
        return {frozenset((r["source"], r["target"])) for r in csv.DictReader(handle)}


def test_it_writes_the_suggestions_best_first_and_never_an_existing_tie(tmp_path):
    out = tmp_path / "s.json"
    result = run("suggest", TIES, "--nodes", NODES, "--group", "sector", "--top", 15, "--json", out)
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    rows = document["suggestions"]
    assert len(rows) == 15
    assert {"source", "target", "score", "reasons"} <= set(rows[0])
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    tied = existing_ties()
    assert not any(frozenset((r["source"], r["target"])) in tied for r in rows)
    assert all(r["reasons"] and all(isinstance(x, str) for x in r["reasons"]) for r in rows)
    assert rows[0]["reasons"][0].startswith("both work with")
    assert "Suggested ties" in result.output


def test_it_prints_names_from_the_nodes_file():
    result = run("suggest", TIES, "--nodes", NODES, "--top", 3)
    assert result.exit_code == 0
    assert "Local" in result.output  # "Bradford Local Authority (schools)", not "A01"


def test_for_names_the_sources(tmp_path):
    ids = tmp_path / "for.txt"
    ids.write_text("# members\nP01\n\nS01\n")
    out = tmp_path / "s.json"
    result = run("suggest", TIES, "--for", ids, "--per-node", 2, "--json", out)
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text())["suggestions"]
    assert [r["source"] for r in rows].count("P01") == 2
    assert [r["source"] for r in rows].count("S01") == 2
    assert {r["source"] for r in rows} == {"P01", "S01"}


def test_per_node_and_top_are_exclusive():
    result = run("suggest", TIES, "--per-node", 2, "--top", 3)
    assert result.exit_code == 2
    assert "give --per-node or --top, not both" in result.output


def test_top_limits_the_count(tmp_path):
    out = tmp_path / "s.json"
    assert run("suggest", TIES, "--top", 4, "--json", out).exit_code == 0
    assert len(json.loads(out.read_text())["suggestions"]) == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("P01\nNOPE\n", "1 id is not a node of the network: 'NOPE'"),
        ("\n# nothing\n", "names no id"),
    ],
)
def test_bad_for_files_get_a_clear_message(tmp_path, content, message):
    ids = tmp_path / "for.txt"
    ids.write_text(content)
    result = run("suggest", TIES, "--for", ids)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_ties_file_is_a_clear_error(tmp_path):
    result = run("suggest", tmp_path / "missing.csv")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_an_unknown_offers_column_is_a_clear_error():
    result = run("suggest", TIES, "--nodes", NODES, "--offers", "gifts")
    assert result.exit_code == 2
    assert "no node attribute 'gifts'" in result.output


def test_two_mode_says_plainly_when_affiliations_are_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "nlc.brokerage.affiliation", None)  # import fails
    result = run("suggest", TIES, "--two-mode")
    assert result.exit_code == 1
    assert "--two-mode suggestions" in result.output and "not available" in result.output


def test_two_mode_calls_suggest_affiliations(monkeypatch, tmp_path):
    calls = []

    def suggest_affiliations(ties, nodes, *, for_ids=None, k=10):
        calls.append((len(ties), nodes, for_ids, k))
        return [
            Suggestion("P01", "T2", 0.5, ("far",), kind="affiliation"),
            Suggestion("P01", "T1", 0.9, ("near",), kind="affiliation"),
        ]

    fake = types.ModuleType("nlc.brokerage.affiliation")
    fake.suggest_affiliations = suggest_affiliations
    monkeypatch.setitem(sys.modules, "nlc.brokerage.affiliation", fake)
    ids = tmp_path / "for.txt"
    ids.write_text("P01\n")
    out = tmp_path / "s.json"
    result = run("suggest", TIES, "--two-mode", "--for", ids, "--per-node", 3, "--json", out)
    assert result.exit_code == 0, result.output
    assert calls == [(calls[0][0], None, ["P01"], 3)] and calls[0][0] > 0
    rows = json.loads(out.read_text())["suggestions"]
    assert rows == [  # best first
        {"source": "P01", "target": "T1", "score": 0.9, "reasons": ["near"], "kind": "affiliation"},
        {"source": "P01", "target": "T2", "score": 0.5, "reasons": ["far"], "kind": "affiliation"},
    ]


def test_max_distance_three_adds_bridges(tmp_path):
    out = tmp_path / "s.json"
    args = ("suggest", TIES, "--nodes", NODES, "--group", "sector", "--per-node", 50)
    assert run(*args, "--max-distance", 3, "--json", out).exit_code == 0
    rows = json.loads(out.read_text())["suggestions"]
    assert {r["evidence"]["distance"] for r in rows} >= {2, 3}
    assert not any(frozenset((r["source"], r["target"])) in existing_ties() for r in rows)


def test_introduction_options_are_refused_with_two_mode():
    result = run("suggest", TIES, "--two-mode", "--simulate", "--max-distance", 3)
    assert result.exit_code == 2
    assert "--simulate, --max-distance: for introductions, not with --two-mode" in result.output


GIAS = Path(__file__).resolve().parent / "data" / "gias" / "grouplinks_luton_york_20170403.csv"
HUNTINGTON, ICKNIELD, LINDEN = "141908", "137679", "137324"  # no trust, no trust, in T2233


def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def trusts(tmp_path):
    """Real GIAS links as a user would make them: schools in trusts, and schools in none."""
    assert run("gias-links", GIAS, tmp_path / "mat").exit_code == 0
    sat = ("gias-links", GIAS, tmp_path / "sat", "--group-type", "Single-academy trust")
    assert run(*sat).exit_code == 0
    mat_nodes = csv_rows(tmp_path / "mat" / "nodes.csv")
    alone = [r for r in csv_rows(tmp_path / "sat" / "nodes.csv") if r["kind"] == "school"]
    with open(tmp_path / "nodes.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(mat_nodes[0]))
        writer.writeheader()
        writer.writerows(mat_nodes + alone)
    (tmp_path / "for.txt").write_text(f"{HUNTINGTON}\n{ICKNIELD}\n{LINDEN}\n")
    return tmp_path


def test_two_mode_on_real_trusts_suggests_trusts_to_schools_with_none_yet(trusts):
    out = trusts / "s.json"
    args = (trusts / "mat" / "ties.csv", "--nodes", trusts / "nodes.csv", "--two-mode")
    result = run("suggest", *args, "--for", trusts / "for.txt", "--per-node", 3, "--json", out)
    assert result.exit_code == 0, result.output
    assert "Huntington" in result.output and HUNTINGTON not in result.output  # names
    rows = json.loads(out.read_text(encoding="utf-8"))["suggestions"]
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert sorted(r["source"] for r in rows) == sorted([HUNTINGTON, ICKNIELD, LINDEN] * 3)
    tied = {(r["source"], r["target"]) for r in csv_rows(trusts / "mat" / "ties.csv")}
    assert not any((r["source"], r["target"]) in tied for r in rows)
    assert not any(r["source"] == LINDEN and r["target"] == "T2233" for r in rows)
    nodes = {r["id"]: r for r in csv_rows(trusts / "nodes.csv")}
    for school, la in ((HUNTINGTON, "York"), (ICKNIELD, "Luton")):
        best = next(r for r in rows if r["source"] == school)  # its best, from its attributes
        members = [s for s, t in tied if t == best["target"]]
        assert members and all(nodes[m]["la"] == la for m in members)
        assert any(reason.endswith(f"members are in {la}") for reason in best["reasons"])
    assert all(r["kind"] == "affiliation" and r["reasons"] for r in rows)
    # Every school's kind is "school": sharing it is no reason.
    assert not any("share its kind" in reason for r in rows for reason in r["reasons"])


def test_two_mode_names_for_ids_it_cannot_place(trusts):
    ties = trusts / "mat" / "ties.csv"
    result = run("suggest", ties, "--two-mode", "--for", trusts / "for.txt")
    assert result.exit_code == 2
    assert "2 ids are not a member in the ties (give --nodes" in result.output
    assert f"'{HUNTINGTON}', '{ICKNIELD}'" in result.output
    (trusts / "bad.txt").write_text("NOPE\n")
    result = run(
        "suggest", ties, "--nodes", trusts / "nodes.csv", "--two-mode", "--for", trusts / "bad.txt"
    )
    assert result.exit_code == 2
    assert "bad.txt: 1 id is neither a member in the ties nor a node of --nodes: 'NOPE'" in (
        result.output
    )
    assert "Traceback" not in result.output
