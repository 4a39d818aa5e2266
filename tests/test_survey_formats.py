"""Survey answer files (issue 11): Network Canvas exports (CSV and GraphML) and roster CSVs.

The example export in ``tests/survey_data/network_canvas`` follows the column names of
Network Canvas's exporter (``network-exporters``, ``src/utils/reservedAttributes.js``) and
its documentation ("Data Export", "Export Data Dictionary"): two sessions, one with a case
id and an alter-alter edge, the CSV and GraphML forms of the same interviews.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlc.errors import InputError
from nlc.network.formats import SurveyRecord, read_network_canvas, read_roster
from nlc.network.formats.network_canvas import (
    read_network_canvas_csv,
    read_network_canvas_graphml,
)

DATA = Path(__file__).resolve().parent / "survey_data"
CANVAS = DATA / "network_canvas"
BAD = DATA / "malformed"


def answers(records, question):
    return [
        (r.respondent, r.alter, r.value, r.alter_label, r.from_alter)
        for r in records
        if r.question == question
    ]


def test_network_canvas_csv_export():
    records = read_network_canvas(CANVAS)  # the folder: adjacency matrix skipped
    # Who named whom: one "Person" record per alter, respondent = case id, else ego UUID.
    assert answers(records, "Person") == [
        ("P014", "a-11", "true", "Avery Jones", None),
        ("P014", "a-12", "true", "Jordan Lee", None),
        ("e-02", "a-21", "true", "Avery Jones", None),
    ]
    # Name interpreters (stored on the alter); empty cells are no answer.
    assert answers(records, "frequency") == [
        ("P014", "a-11", "weekly", "Avery Jones", None),
        ("P014", "a-12", "monthly", "Jordan Lee", None),
    ]
    # Ego variables, about the respondent themself.
    assert answers(records, "role") == [("P014", None, "headteacher", None, None)]
    # An alter-alter tie the respondent reports, and its variable.
    assert answers(records, "knows") == [("P014", "a-12", "true", "Jordan Lee", "a-11")]
    assert answers(records, "strength") == [("P014", "a-12", "2", "Jordan Lee", "a-11")]
    assert not any(r.question in {"nodeID", "name", "networkCanvasUUID"} for r in records)


def test_graphml_gives_the_same_interviews():
    from_csv = read_network_canvas(CANVAS)
    from_graphml = read_network_canvas(CANVAS / "study.graphml")
    assert all(isinstance(r, SurveyRecord) for r in from_graphml)
    for question in ("Person", "role", "knows", "strength"):
        assert answers(from_graphml, question) == answers(from_csv, question)
    assert answers(from_graphml, "frequency") == [("P014", "a-11", "weekly", "Avery Jones", None)]


def test_files_can_be_given_one_by_one_and_edges_matched_by_node_id(tmp_path):
    (tmp_path / "s_attributeList_Org.csv").write_text(
        "nodeID,_egoID,name\n1,e1,Trust A\n2,e1,School B\n"
    )
    (tmp_path / "s_edgeList_funds.csv").write_text("edgeID,from,to,_egoID\n1,2,1,e1\n")
    records = read_network_canvas_csv(sorted(tmp_path.iterdir()))
    # Without UUIDs (older exports) alters are named by nodeID within their session.
    assert answers(records, "Org") == [
        ("e1", "1", "true", "Trust A", None),
        ("e1", "2", "true", "School B", None),
    ]
    assert answers(records, "funds") == [("e1", "1", "true", "Trust A", "2")]


def test_roster_csv():
    records = read_roster(DATA / "roster.csv")
    assert records[0] == SurveyRecord("p1", "p2", "advice", "weekly", "Sam Patel")
    assert [(r.respondent, r.alter, r.question, r.value) for r in records[1:4]] == [
        ("p1", "p3", "advice", "monthly"),
        ("p1", None, "role", "headteacher"),
        ("p2", "p1", "advice", "weekly"),
    ]
    assert records[4].alter_label == "Dr Who (not on the list)"


def test_roster_columns_in_any_order_and_case(tmp_path):
    path = tmp_path / "wave.tsv"
    path.write_text("Value\tQuestion\tAlter\tRespondent\n3\ttrust\tb\ta\n")
    assert read_roster(path) == [SurveyRecord("a", "b", "trust", "3")]


# --------------------------------------------------------------------------------------
# Malformed input: an InputError naming file, row and field; nothing returned


def error(read, *args) -> InputError:
    with pytest.raises(InputError) as info:
        read(*args)
    return info.value


def test_shipped_malformed_files():
    bad = error(read_roster, BAD / "roster_without_value.csv")
    assert (Path(bad.path).name, bad.row, bad.column) == ("roster_without_value.csv", 3, "value")

    bad = error(
        read_network_canvas,
        [
            CANVAS / "study_attributeList_Person.csv",
            BAD / "edge_to_unknown_alter_edgeList_knows.csv",
        ],
    )
    assert (bad.row, bad.column) == (2, "networkCanvasTargetUUID")
    assert "'a-99' is not an alter of this session" in str(bad)

    bad = error(read_network_canvas, BAD / "edge_to_unknown_node.graphml")
    assert bad.row == 6 and "the edge's target '7' is not a node of its graph" in str(bad)


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("respondent,alter,question\np1,p2,advice\n", 1, None, "no column 'value'"),
        ("respondent,alter,question,value\n,p2,advice,1\n", 2, "respondent", "is empty"),
        ("respondent,alter,question,value\np1,p2,,1\n", 2, "question", "is empty"),
        (
            "respondent,alter,question,value\np1,p2,advice,1\np1,p3,advice,1\np1,p2,advice,2\n",
            4,
            None,
            "repeats the answer of row 2",
        ),
        ("respondent,alter,question,value\np1,p2,advice,1,extra\n", 2, None, "has 5 fields"),
    ],
)
def test_bad_roster_files(tmp_path, text, row, column, message):
    path = tmp_path / "wave.csv"
    path.write_text(text)
    bad = error(read_roster, path)
    assert (bad.path, bad.row, bad.column) == (str(path), row, column)
    assert message in str(bad)


EGO = "networkCanvasEgoUUID,networkCanvasCaseID\ne1,P1\n"
ALTERS = "nodeID,networkCanvasEgoUUID,networkCanvasUUID,name\n1,e1,a1,Ann\n"


@pytest.mark.parametrize(
    ("files", "bad_file", "row", "column", "message"),
    [
        ({"x.csv": "id,name\n1,Ann\n"}, "x.csv", 1, None, "no 'networkCanvasEgoUUID' column"),
        (
            {"s_ego.csv": EGO, "s_attributeList_P.csv": ALTERS.replace("1,e1,", "1,e9,")},
            "s_attributeList_P.csv",
            2,
            "networkCanvasEgoUUID",
            "the session 'e9' is not in the ego file",
        ),
        (
            {"s_attributeList_P.csv": ALTERS + "2,e1,a1,Ann again\n"},
            "s_attributeList_P.csv",
            3,
            None,
            "the alter 'a1' appears twice in one session",
        ),
        (
            {"s_attributeList_P.csv": ALTERS.replace("1,e1,a1", "1,,a1")},
            "s_attributeList_P.csv",
            2,
            "networkCanvasEgoUUID",
            "is empty",
        ),
        (
            {
                "s_attributeList_P.csv": ALTERS,
                "s_edgeList_k.csv": "edgeID,from,to,networkCanvasEgoUUID\n1,1,5,e1\n",
            },
            "s_edgeList_k.csv",
            2,
            "to",
            "'5' is not an alter of this session",
        ),
    ],
)
def test_bad_network_canvas_csv(tmp_path, files, bad_file, row, column, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    bad = error(read_network_canvas, tmp_path)
    assert (Path(bad.path).name, bad.row, bad.column) == (bad_file, row, column)
    assert message in str(bad)


GRAPH = """<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:nc="http://schema.networkcanvas.com/xmlns">
  <key id="networkCanvasUUID" for="all" attr.name="networkCanvasUUID"/>
  {body}
</graphml>
"""


@pytest.mark.parametrize(
    ("body", "row", "message"),
    [
        ("<graph><node id='1'/></graph>", 4, "neither an nc:caseId nor the ego's"),
        ("<graph nc:caseId='P'><node id='1'/><node id='1'/></graph>", 4, "'1' appears twice"),
        ("<graph nc:caseId='P'><node/></graph>", 4, "<node> has no 'id' attribute"),
        ("<graph nc:caseId='P'><data key='age'>3</data></graph>", 4, "undeclared key 'age'"),
        ("<graph nc:caseId='P'><node id='1'>", 5, "not well-formed"),
        ("", 2, "has no <graph> element"),
    ],
)
def test_bad_network_canvas_graphml(tmp_path, body, row, message):
    path = tmp_path / "export.graphml"
    path.write_text(GRAPH.format(body=body))
    bad = error(read_network_canvas_graphml, path)
    assert (bad.path, bad.row) == (str(path), row)
    assert message in str(bad)


def test_a_folder_without_exports(tmp_path):
    assert "has no Network Canvas CSV or GraphML files" in str(error(read_network_canvas, tmp_path))
