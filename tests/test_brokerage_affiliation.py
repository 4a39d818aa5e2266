"""Affiliation suggestions (``nlc.brokerage.affiliation``) on a small hand-made map of trusts.

The figures on England's academy trusts are a benchmark (``benchmarks/bench_trusts.py``), not a
test; here a few schools with coordinates check the ranking, the reasons, the exclusions and the
joiner rules of the benchmark.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from nlc.brokerage import Suggestion
from nlc.brokerage.affiliation import (
    DEFAULT_MODEL,
    AffiliationModel,
    affiliation_pairs,
    fit_affiliation_model,
    suggest_affiliations,
)
from nlc.errors import InputError
from nlc.network.model import NodeTable, TieTable

# Trust T1: three primaries in Leeds around (0, 0); T2: two secondaries in York, 50 km east;
# T3: one primary in Leeds 20 km north, which took two new members last month.
SCHOOLS = {
    # id: (la, phase, easting m, northing m)
    "a1": ("Leeds", "primary", 0, 0),
    "a2": ("Leeds", "primary", 1_000, 0),
    "a3": ("Leeds", "primary", 0, 1_000),
    "b1": ("York", "secondary", 50_000, 0),
    "b2": ("York", "secondary", 51_000, 0),
    "c1": ("Leeds", "primary", 0, 20_000),
    "c2": ("Leeds", "primary", 0, 21_000),
    "c3": ("Leeds", "primary", 0, 22_000),
    "new": ("Leeds", "primary", 2_000, 0),  # no trust yet
    "far": ("York", "secondary", 52_000, 0),  # no trust yet
    "lost": (None, None, None, None),  # no trust, nothing known
}
MEMBERSHIPS = [
    ("a1", "T1", dt.date(2015, 9, 1)),
    ("a2", "T1", dt.date(2015, 9, 1)),
    ("a3", "T1", dt.date(2016, 9, 1)),
    ("b1", "T2", dt.date(2014, 9, 1)),
    ("b2", "T2", dt.date(2014, 9, 1)),
    ("c1", "T3", dt.date(2012, 9, 1)),
    ("c2", "T3", dt.date(2017, 3, 1)),
    ("c3", "T3", dt.date(2017, 3, 1)),
]
AS_OF = dt.date(2017, 4, 1)


def _nodes() -> NodeTable:
    ids = [*SCHOOLS, "T1", "T2", "T3"]

    def column(k):
        return [
            None if s not in SCHOOLS or SCHOOLS[s][k] is None else str(SCHOOLS[s][k]) for s in ids
        ]

    names = [None] * len(SCHOOLS) + ["Oak Trust", "Minster Trust", "Moor Trust"]
    return NodeTable(
        "nodes.csv",
        ids,
        {
            "la": column(0),
            "phase": column(1),
            "easting": column(2),
            "northing": column(3),
            "name": names,
        },
    )


def _by_member(suggestions):
    out = {}
    for s in suggestions:
        out.setdefault(s.source, []).append(s)
    return out


def test_the_nearest_trust_in_the_same_la_and_phase_comes_first_with_its_reasons():
    got = _by_member(suggest_affiliations(MEMBERSHIPS, _nodes(), as_of=AS_OF))
    best = got["new"][0]
    assert isinstance(best, Suggestion) and best.kind == "affiliation"
    assert (best.source, best.target) == ("new", "T1")
    assert "3 of its members are in Leeds" in best.reasons
    assert "nearest member 1.0 km away" in best.reasons
    assert "3 of its 3 members share its phase" in best.reasons
    assert best.evidence == {"name": "Oak Trust", "km": 1.0}
    assert got["far"][0].target == "T2"
    scores = [s.score for s in got["new"]]
    assert scores == sorted(scores, reverse=True)


def test_growth_is_a_reason_when_tie_dates_say_so():
    got = _by_member(suggest_affiliations(MEMBERSHIPS, _nodes(), as_of=AS_OF))
    moor = next(s for s in got["new"] if s.target == "T3")
    assert "growing: 2 members joined in the last year" in moor.reasons
    oak = got["new"][0]
    assert "growing: 1 member joined in the last year" in oak.reasons


def test_never_suggests_a_trust_the_member_is_already_in():
    got = _by_member(suggest_affiliations(MEMBERSHIPS, _nodes(), as_of=AS_OF))
    for member, trust, _ in MEMBERSHIPS:
        assert trust not in {s.target for s in got[member]}
    assert {s.target for s in got["a1"]} == {"T2", "T3"}


def test_members_with_no_ties_get_suggestions_even_with_nothing_known():
    got = _by_member(suggest_affiliations(MEMBERSHIPS, _nodes(), as_of=AS_OF))
    assert set(got) == set(SCHOOLS)
    # Nothing known of "lost": the candidates are the fastest-growing trusts, and no reason
    # about place or local authority is made up.
    assert {s.target for s in got["lost"]} == {"T1", "T2", "T3"}
    for s in got["lost"]:
        assert not any("km" in r or "Leeds" in r for r in s.reasons)
        assert s.evidence["km"] is None


def test_for_ids_and_k_limit_the_suggestions():
    got = suggest_affiliations(MEMBERSHIPS, _nodes(), for_ids=["far", "new"], k=1, as_of=AS_OF)
    assert [(s.source, s.target) for s in got] == [("far", "T2"), ("new", "T1")]


def test_a_tie_table_gives_the_same_suggestions_as_pairs():
    ties = TieTable(
        "ties.csv",
        [m for m, _, _ in MEMBERSHIPS],
        [t for _, t, _ in MEMBERSHIPS],
        date=[d for _, _, d in MEMBERSHIPS],
    )
    nodes = _nodes()
    assert suggest_affiliations(ties, nodes, as_of=AS_OF) == suggest_affiliations(
        MEMBERSHIPS, nodes, as_of=AS_OF
    )


def test_links_to_members_raise_a_trust_and_say_so():
    model = AffiliationModel(weights={"linked": 1.0, "log_km": -0.1})
    got = suggest_affiliations(
        MEMBERSHIPS, _nodes(), for_ids=["new"], links={"new": ["b1"]}, model=model, as_of=AS_OF
    )
    assert got[0].target == "T2"
    assert got[0].reasons[0] == "linked to 1 of its members"


def test_bad_input_is_named():
    with pytest.raises(InputError, match="not members: 'nobody'"):
        suggest_affiliations(MEMBERSHIPS, _nodes(), for_ids=["nobody"])
    with pytest.raises(InputError, match="k must be at least 1"):
        suggest_affiliations(MEMBERSHIPS, _nodes(), k=0)
    with pytest.raises(InputError, match="both a member"):
        suggest_affiliations([("a", "T"), ("T", "b")])
    with pytest.raises(InputError, match="membership 1 has 1 values"):
        suggest_affiliations([("a",)])
    bad = _nodes()
    bad.attributes["easting"][0] = "east"
    with pytest.raises(InputError, match="column 'easting': not a number: 'east'"):
        suggest_affiliations(MEMBERSHIPS, bad)


def test_the_fitted_ranker_learns_that_joiners_pick_the_nearest_trust():
    # 40 trusts of 3 schools on a line, 10 km apart; each joiner joins the nearest trust.
    rng = np.random.default_rng(1)
    ties, ids, east = [], [], []
    for t in range(40):
        for s in range(3):
            ids.append(f"t{t}s{s}")
            east.append(t * 10_000 + s * 500)
            ties.append((f"t{t}s{s}", f"T{t}"))
    chosen = {}
    for j in range(60):
        x = rng.uniform(0, 390_000)
        ids.append(f"j{j}")
        east.append(x)
        chosen[f"j{j}"] = f"T{int(np.argmin(np.abs(np.arange(40) * 10_000 + 500 - x)))}"
    nodes = NodeTable("n", ids, {"easting": [str(e) for e in east], "northing": ["0"] * len(ids)})
    pairs = affiliation_pairs(ties, nodes, for_ids=list(chosen))
    model = fit_affiliation_model(pairs, chosen, features=["log_km", "log_size"])
    assert model.weights["log_km"] < -1.0
    got = suggest_affiliations(ties, nodes, for_ids=list(chosen), k=1, model=model)
    assert sum(s.target == chosen[s.source] for s in got) >= 57


def test_the_default_model_is_complete():
    assert set(DEFAULT_MODEL.weights) == set(DEFAULT_MODEL.mean) == set(DEFAULT_MODEL.scale)
    assert all(v > 0 for v in DEFAULT_MODEL.scale.values())


# --------------------------------------------------------------------------------------
# The benchmark's rules (benchmarks/bench_trusts.py) on hand-made snapshots

HEADER = (
    '"URN","Linked UID","Group Name","Companies House Number","Group Type","Closed Date",'
    '"Group Status","FederationType","Joined date","EstablishmentName",'
    '"TypeOfEstablishment (code)","TypeOfEstablishment (name)","PhaseOfEducation (code)",'
    '"PhaseOfEducation (name)","LA (code)","LA (name)","HasSharedHT"'
)


def _bench():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_trusts.py"
    spec = importlib.util.spec_from_file_location("bench_trusts", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_trusts", module)
    spec.loader.exec_module(module)
    return module


def _snapshot(path: Path, rows) -> Path:
    lines = [HEADER]
    for urn, uid, kind, joined in rows:
        lines.append(
            f'{urn},{uid},"Trust {uid}","","{kind}","","Open","","{joined}","School {urn}",'
            '"34","Academy converter","2","Primary","380","Bradford",'
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def test_joiners_are_schools_new_to_any_mat_joining_an_existing_one(tmp_path):
    bench = _bench()
    mat, sat = "Multi-academy trust", "Single-academy trust"
    before = bench.read_snapshot(
        _snapshot(
            tmp_path / "g20170403.csv",
            [
                (1, 10, mat, "01-09-2015"),
                (2, 11, mat, "01-09-2016"),
                (3, 90, sat, "01-09-2014"),
                (4, 10, mat, "01-09-2016"),
            ],
        )
    )
    after = bench.read_snapshot(
        _snapshot(
            tmp_path / "g20180501.csv",
            [
                (1, 10, mat, "01-09-2015"),  # stayed
                (2, 10, mat, "01-01-2018"),  # moved from trust 11 to trust 10: not a joiner
                (3, 11, mat, "01-01-2018"),  # from a single-academy trust: joiner
                (5, 10, mat, "01-02-2018"),  # converted (predecessor 50 maintained): joiner
                (6, 12, mat, "01-02-2018"),  # into a trust that did not exist: left out
                (7, 11, mat, "01-02-2018"),  # successor of 4, which was in trust 10: moved
            ],
        )
    )
    links = bench.Links(before={"5": ["50"], "7": ["4"]}, after={}, linked={})
    t = bench.real_transition(before, after, links)
    assert t.joiners == {"3": "11", "5": "10"}
    assert t.counts["moved MAT to MAT"] == 2
    assert t.counts["joined a new trust"] == 1
    assert t.counts["joiners from a SAT or other group"] == 1
    assert t.counts["joiners new to any group"] == 1
    # The year before, rebuilt from the join dates of `before` alone.
    pseudo = bench.pseudo_transition(before, links, 1)
    assert pseudo.state == {"1": "10"} and pseudo.joiners == {"4": "10"}


def test_a_distance_beyond_the_nearest_members_looked_at_is_said_as_a_lower_bound():
    # With only the 2 nearest memberships looked at, Moor Trust (20 km north) is a candidate
    # through the local authority, and its distance is known only to exceed the 2nd nearest.
    got = suggest_affiliations(MEMBERSHIPS, _nodes(), for_ids=["new"], nearest=2, as_of=AS_OF)
    moor = next(s for s in got if s.target == "T3")
    assert "nearest member over 2.0 km away" in moor.reasons
    assert moor.evidence["km"] is None
