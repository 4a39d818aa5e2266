"""`nlc analyse` on England's academies and their multi-academy trusts (GIAS, June 2019).

Two-mode: schools -> trusts, projected onto schools and grouped by local authority. The
expected figures are recomputed here from the raw file with the csv module, independently
of NLC's readers.
"""

import csv
import json
from collections import Counter, defaultdict
from itertools import combinations

import pytest
from click.testing import CliRunner
from conftest import REAL_DATA, SHARED

from nlc.cli import main

GROUPLINKS = REAL_DATA / "england" / "grouplinks_edubaseallacademiesandfree20190601.csv"
pytestmark = pytest.mark.skipif(
    not (SHARED and GROUPLINKS.exists()),
    reason=f"real data not found at {GROUPLINKS}"
    if SHARED
    else "real data: set NLC_SHARED to the shared folder to run these",
)


@pytest.fixture(scope="module")
def trusts_2019(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gias")
    runner = CliRunner()
    converted = runner.invoke(main, ["gias-links", str(GROUPLINKS), str(folder)])
    assert converted.exit_code == 0, converted.output
    out = folder / "out.json"
    result = runner.invoke(
        main,
        [
            "analyse",
            str(folder / "ties.csv"),
            "--nodes",
            str(folder / "nodes.csv"),
            "--two-mode",
            "--group",
            "la",
            "--json",
            str(out),
            "--report",
            str(folder / "r.html"),
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8")), result.output


@pytest.fixture(scope="module")
def expected():
    rows = [
        r
        for r in csv.DictReader(GROUPLINKS.read_text(encoding="cp1252").splitlines())
        if r["Group Type"] == "Multi-academy trust"
    ]
    la = {r["URN"]: r["LA (name)"] for r in rows}
    members = defaultdict(set)
    for r in rows:
        members[r["Linked UID"]].add(r["URN"])
    pairs = set()
    for schools in members.values():
        pairs.update(combinations(sorted(schools), 2))
    external = sum(1 for a, b in pairs if la[a] != la[b])
    spans = {uid: len({la[s] for s in schools}) for uid, schools in members.items()}
    return {
        "schools": len(la),
        "trusts": len(members),
        "pairs": len(pairs),
        "ei": (2 * external - len(pairs)) / len(pairs),
        "spans": spans,
    }


def test_it_projects_every_academy_onto_its_trust_partners(trusts_2019, expected):
    doc, _ = trusts_2019
    assert doc["network"]["nodes"] == expected["schools"] == 7259
    assert doc["two_mode"]["affiliations_count"] == expected["trusts"] == 1422
    assert doc["network"]["ties"] == expected["pairs"]
    assert doc["network"]["ei_index"] == pytest.approx(expected["ei"])


def test_it_finds_the_trusts_that_bridge_local_authorities(trusts_2019, expected):
    doc, output = trusts_2019
    affiliations = doc["two_mode"]["affiliations"]
    widest = max(expected["spans"].values())
    assert affiliations[0]["groups_spanned"] == widest == 27
    assert affiliations[0]["name"] == "UNITED LEARNING TRUST"
    for row in affiliations[:50]:
        assert row["groups_spanned"] == expected["spans"][row["id"][1:]]
    assert "UNITED LEARNING TRUST" in output


def test_it_shows_which_authorities_bond_and_which_bridge(trusts_2019):
    doc, _ = trusts_2019
    groups = {g["group"]: g for g in doc["groups"]}
    assert len(groups) == 150
    # Cornwall's academies share trusts mostly inside Cornwall; Birmingham's mostly outside.
    assert groups["Cornwall"]["ei_index"] < -0.5
    assert groups["Birmingham"]["ei_index"] > 0.5
    # A trust partition has no open two-paths: nobody brokers between separate trusts.
    assert doc["network"]["brokerage"]["total"] == 0
    assert Counter(n["affiliations"] for n in doc["nodes"]) == {1: 7259}
