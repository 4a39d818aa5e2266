"""Gould-Fernandez brokerage against published tables and R's sna.

Published counts: Strike (cllghn/r4sna tutorial "Centrality and Brokerage in statnet",
``sna::brokerage(strike_net, Group)$raw.nli``) and faux.desert.high by grade (R Markdown
output by R. P. Morel, "Trial research qualifying paper - sample data", 2018); the campnet
totals are printed in the netmem vignette "What netmem adds". Expectations, sds and z-scores
were not published anywhere; they are checked against R sna 2.7.1's own output for Strike
("agrees with sna"). The networks are in tests/data (see its README).

With ``NLC_SHARED`` set, the ``reference`` tests also compare every sna expectation, sd and
z-score for Strike, Knoke and Campnet with sna's full saved output in
``shared/reference-data/sna_computed_NOT_published`` (EXPECTED.md sections 1 and 6).
"""

import numpy as np
import pytest
from conftest import DATA, edge_network, matrix_network, read_dict, sna_blocks

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


# sna::brokerage(strike_net, strike_attrs[["Group"]])$raw.nli as printed in the cllghn/r4sna
# tutorial (w_I, w_O, b_IO, b_OI, b_O, t); EXPECTED.md 1.1.
STRIKE_PUBLISHED = {
    "Xavier": [0, 0, 0, 0, 0, 0],
    "Utrecht": [8, 0, 0, 0, 0, 8],
    "Frank": [0, 0, 0, 0, 0, 0],
    "Domingo": [0, 0, 0, 0, 0, 0],
    "Norm": [18, 0, 5, 5, 0, 28],
    "Hal": [2, 0, 0, 0, 0, 2],
    "Russ": [4, 0, 0, 0, 0, 4],
    "Karl": [0, 0, 2, 2, 0, 4],
    "Bob": [14, 0, 10, 10, 2, 36],
    "Quint": [4, 0, 0, 0, 0, 4],
    "Wendle": [0, 0, 0, 0, 0, 0],
    "Ozzie": [0, 0, 1, 1, 0, 2],
    "Ike": [4, 0, 0, 0, 0, 4],
    "Ted": [2, 0, 0, 0, 0, 2],
    "Sam": [8, 0, 0, 0, 0, 8],
    "Vern": [2, 0, 0, 0, 0, 2],
    "Gill": [10, 0, 0, 0, 0, 10],
    "Lanny": [2, 0, 0, 0, 0, 2],
    "Mike": [0, 0, 0, 0, 0, 0],
    "Carlos": [0, 0, 0, 0, 0, 0],
    "Alejandro": [0, 0, 3, 3, 0, 6],
    "Paul": [2, 0, 0, 0, 0, 2],
    "Eduardo": [0, 0, 0, 0, 0, 0],
    "John": [12, 0, 0, 0, 0, 12],
}


def test_it_reproduces_the_published_strike_table(strike):
    groups, _ = group_codes(strike, "group")
    raw = brokerage_roles(strike, groups).raw
    assert len(STRIKE_PUBLISHED) == 24
    for name, expected in STRIKE_PUBLISHED.items():
        assert raw[strike.index[name]].tolist() == expected, name


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


# brokerage(faux.desert.high, faux.desert.high %v% "grade")$raw.nli, the rows printed by
# R. P. Morel (2018) (vertex: w_I, w_O, b_IO, b_OI, b_O, t); EXPECTED.md 1.2.
FAUX_DESERT_HIGH_PUBLISHED = {
    "1": [1, 0, 1, 5, 1, 8],
    "2": [0, 0, 0, 0, 0, 0],
    "3": [4, 0, 3, 8, 3, 18],
    "4": [0, 0, 0, 1, 1, 2],
    "5": [0, 0, 0, 0, 0, 0],
    "6": [0, 0, 0, 0, 0, 0],
    "7": [44, 0, 14, 0, 0, 58],
    "12": [34, 0, 13, 0, 0, 47],
    "15": [20, 0, 0, 6, 0, 26],
    "19": [9, 0, 3, 6, 1, 19],
    "24": [11, 0, 0, 0, 0, 11],
    "34": [29, 0, 16, 5, 0, 50],
}


def faux_desert_high():
    """faux.desert.high (statnet ergm): 107 pupils, 439 arcs, with their grade."""
    folder = DATA / "ergm"
    grade = read_dict(folder / "faux.desert.high_nodes.csv", "id", "grade")
    ids = list(grade)
    return edge_network(
        folder / "faux.desert.high_edges.csv",
        True,
        nodes=ids,
        attributes={"grade": [grade[i] for i in ids]},
    )


def test_it_reproduces_the_published_faux_desert_high_rows():
    net = faux_desert_high()
    assert (net.n, net.m) == (107, 439)
    raw = brokerage_roles(net, group_codes(net, "grade")[0]).raw
    assert len(FAUX_DESERT_HIGH_PUBLISHED) == 12
    for name, expected in FAUX_DESERT_HIGH_PUBLISHED.items():
        assert raw[net.index[name]].tolist() == expected


# R sna 2.7.1, brokerage(Strike, Group), computed (not published; EXPECTED.md section 6):
# expectations and sds depend only on the broker's group; columns as SNA_COLUMNS.
STRIKE_SNA_EXPECTED_BY_GROUP = {
    "1": [0.098077, 2.975009, 0.980772, 0.980772, 3.236548, 8.271179],
    "2": [0.915387, 1.994237, 1.961544, 1.961544, 1.438466, 8.271179],
    "3": [1.471158, 1.373081, 2.125006, 2.125006, 1.176927, 8.271179],
}
STRIKE_SNA_SD_BY_GROUP = {
    "1": [0.341403, 2.815460, 1.753099, 1.753099, 3.024569, 6.610697],
    "2": [1.423032, 2.314197, 2.479257, 2.479257, 1.824676, 6.610697],
    "3": [1.963914, 1.765746, 2.580492, 2.580492, 1.575787, 6.610697],
}
STRIKE_SNA_Z = {
    "Bob": [9.194883, -0.861740, 3.242284, 3.242284, 0.307745, 4.194538],
    "Norm": [8.416275, -0.777621, 1.114126, 1.114126, -0.746882, 2.984378],
    "Alejandro": [-0.287277, -1.056669, 1.151805, 1.151805, -1.070086, -0.343561],
    "Xavier": [-0.749095, -0.777621, -0.823489, -0.823489, -0.746882, -1.251181],
}
STRIKE_SNA_GRAPH = {  # raw.gli, exp.gli, sd.gli, z.gli
    "raw": [92, 0, 21, 21, 2, 136],
    "expected": [24.81354, 44.95206, 44.95206, 44.95206, 38.83858, 198.50830],
    "sd": [9.573616, 13.542944, 11.906060, 11.906060, 11.796391, 41.004362],
    "z": [7.017878, -3.319224, -2.011754, -2.011754, -3.122869, -1.524430],
}


def test_it_agrees_with_sna_expectations_and_z_scores_on_strike(strike):
    groups, _ = group_codes(strike, "group")
    result = brokerage_roles(strike, groups)
    group = strike.attributes["group"]
    for name, i in strike.index.items():
        expected = STRIKE_SNA_EXPECTED_BY_GROUP[group[i]]
        assert result.expected[i].tolist() == pytest.approx(expected, abs=1e-6), name
        assert result.sd[i].tolist() == pytest.approx(STRIKE_SNA_SD_BY_GROUP[group[i]], abs=1e-6)
    for name, z in STRIKE_SNA_Z.items():
        assert result.z[strike.index[name]].tolist() == pytest.approx(z, abs=1e-6), name
    assert result.graph_raw.tolist() == STRIKE_SNA_GRAPH["raw"]
    assert result.graph_expected.tolist() == pytest.approx(STRIKE_SNA_GRAPH["expected"], rel=1e-6)
    assert result.graph_sd.tolist() == pytest.approx(STRIKE_SNA_GRAPH["sd"], rel=1e-6)
    assert result.graph_z.tolist() == pytest.approx(STRIKE_SNA_GRAPH["z"], rel=1e-6)


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


# netmem vignette "What netmem adds": open directed two-paths through each campnet node,
# whatever the partition (EXPECTED.md 1.4).
CAMPNET_NETMEM_TOTALS = {
    "HOLLY": 8, "BRAZEY": 0, "CAROL": 2, "PAM": 8, "PAT": 8, "JENNIE": 4, "PAULINE": 7,
    "ANN": 1, "MICHAEL": 4, "BILL": 0, "LEE": 2, "DON": 3, "JOHN": 0, "HARRY": 1, "GERY": 3,
    "STEVE": 5, "BERT": 3, "RUSS": 5,
}  # fmt: skip


def test_it_matches_the_netmem_campnet_totals(campnet):
    raw = brokerage_roles(campnet, np.zeros(campnet.n, int)).raw
    assert len(CAMPNET_NETMEM_TOTALS) == 18
    for name, total in CAMPNET_NETMEM_TOTALS.items():
        assert raw[campnet.index[name], 5] == total


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
