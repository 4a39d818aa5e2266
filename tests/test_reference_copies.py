"""The copies in tests/ equal the shared folder they were taken from (runs with NLC_SHARED).

The measure tests carry their expected values and small input networks with them so that
they run in a plain clone; these checks guard the transcription against the source tables
in ``shared/reference-data`` (whose EXPECTED.md cites where each was published).
"""

import csv

import pytest
from conftest import DATA
from test_brokerage import CAMPNET_NETMEM_TOTALS, FAUX_DESERT_HIGH_PUBLISHED, STRIKE_PUBLISHED
from test_centrality import CAMPNET_UCINET_BETWEENNESS, FLORENTINE_NETWORKX
from test_homophily import CAMPNET_UCINET_NODE_EI
from test_structural_holes import (
    CAMPNET_UCINET_EGO_MODEL,
    EB2020_TABLES_1_2,
    EB2026_TABLE_10,
    NETWORKX_EXPECTED,
)

# tests/data path -> path under shared/reference-data
COPIES = {
    "campnet/campnet_adjacency.csv": "campnet/campnet_adjacency.csv",
    "campnet/campnet_attributes.csv": "campnet/campnet_attributes.csv",
    "strike/Strike.net": "strike/Strike.net",
    "strike/Strikegroups.csv": "strike/Strikegroups.csv",
    "ergm/faux.desert.high_edges.csv": "ergm_data/faux.desert.high_edges.csv",
    "ergm/faux.desert.high_nodes.csv": "ergm_data/faux.desert.high_nodes.csv",
    "ergm/samplike_edges.csv": "ergm_data/samplike_edges.csv",
    "ergm/samplike_nodes.csv": "ergm_data/samplike_nodes.csv",
    "networkx/karate_networkx_edges.csv": "networkx_examples/karate_networkx_edges.csv",
    "networkx/karate_networkx_nodes.csv": "networkx_examples/karate_networkx_nodes.csv",
    "networkx/florentine_networkx_edges.csv": "networkx_examples/florentine_networkx_edges.csv",
    "everett_borgatti_2026/example11_adjacency.csv": "everett_borgatti_2026/example11_adjacency.csv",
}

# tests/data path -> file under shared/real-data whose rows it keeps a few of, unchanged
EXTRACTS = {
    "gias/grouplinks_luton_york_20170403.csv": (
        "england/grouplinks_edubaseallacademiesandfree20170403.csv"
    ),
}


def rows(reference, name):
    path = reference / "published_tables" / name
    return list(csv.DictReader(path.read_text().splitlines()))


@pytest.mark.parametrize("copy", COPIES)
def test_each_data_file_is_an_exact_copy(reference, copy):
    assert (DATA / copy).read_bytes() == (reference / COPIES[copy]).read_bytes()


def test_every_data_file_is_listed():
    files = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()}
    assert {f for f in files if not f.endswith("README.md")} == set(COPIES) | set(EXTRACTS)


@pytest.mark.parametrize("extract", EXTRACTS)
def test_each_extract_keeps_the_header_and_whole_rows_of_its_source(reference, extract):
    source = (reference.parent / "real-data" / EXTRACTS[extract]).read_bytes().splitlines()
    lines = (DATA / extract).read_bytes().splitlines()
    assert lines[0] == source[0]
    assert len(lines) > 1 and set(lines[1:]) <= set(source[1:])


def test_the_brokerage_tables_are_transcribed(reference):
    strike = rows(reference, "strike_sna_raw_nli_PUBLISHED.csv")
    assert {r.pop("name"): [int(v) for v in r.values()] for r in strike} == STRIKE_PUBLISHED
    faux = rows(reference, "faux_desert_high_grade_sna_raw_nli_PARTIAL_PUBLISHED.csv")
    assert {r.pop("vertex.name"): [int(v) for v in r.values()] for r in faux} == (
        FAUX_DESERT_HIGH_PUBLISHED
    )
    netmem = rows(reference, "netmem_vignette_campnet.csv")
    assert {r["name"]: int(r["brokerage_total_open_2paths"]) for r in netmem} == (
        CAMPNET_NETMEM_TOTALS
    )


def test_the_centrality_and_ei_tables_are_transcribed(reference):
    attributes = (reference / "campnet/campnet_attributes.csv").read_text().splitlines()
    for r in csv.DictReader(attributes):
        assert float(CAMPNET_UCINET_BETWEENNESS[r["name"]]) == pytest.approx(
            float(r["Betweenness"]), abs=1e-5
        )
    florentine = rows(reference, "networkx_test_betweenness.csv")
    assert {
        r["node"]: float(r["expected"]) for r in florentine if r["graph"].startswith("florentine")
    } == FLORENTINE_NETWORKX
    ei = rows(reference, "campnet_gender_node_EI_outties_xucinet_snapshot.csv")
    assert {r["name"]: float(r["EI"]) for r in ei} == CAMPNET_UCINET_NODE_EI


def test_the_structural_holes_tables_are_transcribed(reference):
    ego = rows(reference, "campnet_structural_holes_ucinet_egomodel_xucinet_snapshot.csv")
    assert {
        r["name"]: (float(r["EffSize"]), float(r["Efficiency"]), float(r["Constraint"]))
        for r in ego
    } == CAMPNET_UCINET_EGO_MODEL
    table_10 = rows(reference, "eb2026_table10_structural_holes.csv")
    assert {
        r["node"]: (float(r["effsize_standard"]), float(r["constraint_standard"])) for r in table_10
    } == EB2026_TABLE_10
    tables = rows(reference, "eb2020_constraint_tables1_2.csv")
    assert {
        int(r.pop("N_alters")): tuple(float(v) for v in r.values()) for r in tables
    } == EB2020_TABLES_1_2
    expected: dict = {}
    for r in rows(reference, "networkx_test_structuralholes.csv"):
        node = expected.setdefault(r["graph"], {}).setdefault(r["measure"], {})
        node[r["node"]] = float(r["expected"])
    assert expected == NETWORKX_EXPECTED
