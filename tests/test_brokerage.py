"""Gould-Fernandez brokerage against published tables and R's sna.

Published counts: Strike (cllghn/r4sna tutorial, sna output) and faux.desert.high by grade
(R Markdown output by R. P. Morel, 2018), EXPECTED.md sections 1.1 and 1.2. z-scores and
graph-level moments were not published anywhere; they are checked against sna 2.7.1's own
output saved in sna_computed_NOT_published/ ("agrees with sna", EXPECTED.md section 6).
"""

import csv

import numpy as np
import pytest
from conftest import edge_network, matrix_network, read_dict, sna_blocks

from nlc.analysis import ROLES, brokerage_roles
from nlc.network import Network, group_codes

SNA_COLUMNS = ("w_I", "w_O", "b_IO", "b_OI", "b_O", "t")


def test_it_names_roles_in_sna_column_order():
    # EXPECTED.md 0.1: b_IO is representative (A->A->B), b_OI is gatekeeper (A->B->B).
    assert ROLES == ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total")


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ((0, 0, 0), "coordinator"),
        ((0, 1, 0), "itinerant"),
        ((0, 0, 1), "representative"),
        ((0, 1, 1), "gatekeeper"),
        ((0, 1, 2), "liaison"),
    ],
)
def test_it_classifies_each_role_on_a_path(groups, role):
    path = Network(["1", "2", "3"], np.array([0, 1]), np.array([1, 2]), np.ones(2), True)
    raw = brokerage_roles(path, np.array(groups)).raw
    assert raw[1, ROLES.index(role)] == 1
    assert raw[1].sum() == 2  # the role and the total
    assert raw[[0, 2]].sum() == 0


def test_it_does_not_count_closed_two_paths():
    triangle = Network(list("abc"), np.array([0, 1, 0]), np.array([1, 2, 2]), np.ones(3), True)
    assert brokerage_roles(triangle, np.zeros(3, int)).raw.sum() == 0


def test_it_reproduces_the_published_strike_table(strike, reference):
    groups, _ = group_codes(strike, "group")
    raw = brokerage_roles(strike, groups).raw
    rows = list(
        csv.DictReader(
            (reference / "published_tables/strike_sna_raw_nli_PUBLISHED.csv")
            .read_text()
            .splitlines()
        )
    )
    assert len(rows) == 24
    for row in rows:
        i = strike.index[row["name"]]
        expected = [int(v) for k, v in row.items() if k != "name"]
        assert raw[i].tolist() == expected, row["name"]


def test_it_counts_an_undirected_network_as_both_arcs(strike):
    # Strike stores each edge both ways; read as undirected it must give the same counts.
    groups, _ = group_codes(strike, "group")
    undirected = Network(
        strike.ids,
        *np.unique(np.sort(np.column_stack([strike.source, strike.target]), axis=1), axis=0).T,
        np.ones(38),
        False,
        strike.attributes,
    )
    assert undirected.m == 38
    assert np.array_equal(
        brokerage_roles(undirected, groups).raw, brokerage_roles(strike, groups).raw
    )


def test_it_reproduces_the_published_faux_desert_high_rows(reference):
    folder = reference / "ergm_data"
    grade = read_dict(folder / "faux.desert.high_nodes.csv", "id", "grade")
    ids = list(grade)
    net = edge_network(
        folder / "faux.desert.high_edges.csv",
        True,
        nodes=ids,
        attributes={"grade": [grade[i] for i in ids]},
    )
    assert (net.n, net.m) == (107, 439)
    raw = brokerage_roles(net, group_codes(net, "grade")[0]).raw
    table = (
        folder.parent / "published_tables/faux_desert_high_grade_sna_raw_nli_PARTIAL_PUBLISHED.csv"
    )
    rows = list(csv.DictReader(table.read_text().splitlines()))
    assert len(rows) == 12
    for row in rows:
        expected = [int(row[c]) for c in SNA_COLUMNS]
        assert raw[net.index[row["vertex.name"]]].tolist() == expected


def _assert_agrees_with_sna(net, groups, sna_file):
    sna = sna_blocks(sna_file)
    result = brokerage_roles(net, groups)
    for name, i in net.index.items():
        for c, column in enumerate(SNA_COLUMNS):
            assert result.raw[i, c] == sna["raw.nli"][name][column]
            assert result.expected[i, c] == pytest.approx(sna["exp.nli"][name][column], abs=1e-6)
            assert result.sd[i, c] == pytest.approx(sna["sd.nli"][name][column], abs=1e-6)
            expected_z = sna["z.nli"][name][column]
            if np.isfinite(expected_z):
                assert result.z[i, c] == pytest.approx(expected_z, abs=1e-6)
            else:  # sna's NaN/Inf where the variance is 0 is NaN here (null in JSON)
                assert np.isnan(result.z[i, c])
    for c, column in enumerate(SNA_COLUMNS):
        assert result.graph_raw[c] == sna["raw.gli"][column]
        assert result.graph_expected[c] == pytest.approx(sna["exp.gli"][column], rel=1e-6)
        assert result.graph_sd[c] == pytest.approx(sna["sd.gli"][column], rel=1e-6)
        if np.isfinite(sna["z.gli"][column]):
            assert result.graph_z[c] == pytest.approx(sna["z.gli"][column], rel=1e-6, abs=1e-6)
        else:
            assert np.isnan(result.graph_z[c])


def test_it_agrees_with_sna_moments_on_strike(strike, reference):
    groups, _ = group_codes(strike, "group")
    _assert_agrees_with_sna(
        strike, groups, reference / "sna_computed_NOT_published/strike_sna_brokerage_full.txt"
    )


def test_it_agrees_with_sna_moments_on_knoke_information(reference):
    sector = read_dict(reference / "knoke/knoke_attributes.csv", "label", "sector")
    net = matrix_network(reference / "knoke/KNOKI_information.csv", {"sector": sector})
    groups, _ = group_codes(net, "sector")
    _assert_agrees_with_sna(
        net, groups, reference / "sna_computed_NOT_published/knoki_sector_sna_brokerage_full.txt"
    )


def test_it_agrees_with_sna_moments_on_campnet(campnet, reference):
    groups, _ = group_codes(campnet, "gender")
    _assert_agrees_with_sna(
        campnet,
        groups,
        reference / "sna_computed_NOT_published/campnet_gender_sna_brokerage_full.txt",
    )


def test_it_matches_the_netmem_campnet_totals(campnet, reference):
    # netmem vignette: open directed two-paths through each node, whatever the partition.
    totals = read_dict(
        reference / "published_tables/netmem_vignette_campnet.csv",
        "name",
        "brokerage_total_open_2paths",
    )
    raw = brokerage_roles(campnet, np.zeros(campnet.n, int)).raw
    for name, total in totals.items():
        assert raw[campnet.index[name], 5] == int(total)


def test_its_serial_and_parallel_builds_agree():
    from nlc.analysis.brokerage import _count_roles, _csr

    rng = np.random.default_rng(7)
    src, tgt = rng.integers(0, 400, (2, 6000))
    keep = src != tgt
    src, tgt = src[keep], tgt[keep]
    out_ptr, out_idx = _csr(src, tgt, 400)
    in_ptr, in_idx = _csr(tgt, src, 400)
    groups = rng.integers(0, 5, 400)
    args = (out_ptr, out_idx, in_ptr, in_idx, groups)
    assert np.array_equal(_count_roles.serial(*args), _count_roles.parallel(*args))
