"""Bad input: a located message, exit code 2, no traceback, and no output file written."""

import pytest
from click.testing import CliRunner

from nlc.cli import main

NODES = "id,sector\na,school\nb,school\nc,health\n"


def run(tmp_path, ties_text, *extra, nodes_text=None, ties_name="ties.csv", encoding="utf-8"):
    ties = tmp_path / ties_name
    if isinstance(ties_text, bytes):
        ties.write_bytes(ties_text)
    else:
        ties.write_text(ties_text, encoding=encoding)
    args = [
        "analyse",
        str(ties),
        "--json",
        str(tmp_path / "out.json"),
        "--report",
        str(tmp_path / "out.html"),
    ]
    if nodes_text is not None:
        nodes = tmp_path / "nodes.csv"
        nodes.write_text(nodes_text)
        args += ["--nodes", str(nodes)]
    result = CliRunner().invoke(main, args + list(extra))
    return result


def assert_refused(result, tmp_path, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output)
    assert not (tmp_path / "out.json").exists()
    assert not (tmp_path / "out.html").exists()
    assert not list(tmp_path.glob(".out*"))  # no temporary file left behind


def test_it_lists_ties_naming_unknown_nodes(tmp_path):
    result = run(tmp_path, "source,target\na,b\nb,zed\nq,a\n", nodes_text=NODES)
    assert_refused(result, tmp_path, "ties.csv", "row 3", "'zed'", "'q'", "--add-missing-nodes")


def test_it_adds_missing_nodes_when_asked(tmp_path):
    result = run(tmp_path, "source,target\na,b\nb,zed\n", "--add-missing-nodes", nodes_text=NODES)
    assert result.exit_code == 0
    assert "1 nodes named only in the ties were added" in result.output


def test_it_names_a_misspelt_column(tmp_path):
    result = run(tmp_path, "sourse,target\na,b\n")
    assert_refused(
        result, tmp_path, "ties.csv", "row 1", "no column 'source'", "did you mean 'sourse'"
    )


def test_it_refuses_an_empty_file(tmp_path):
    assert_refused(run(tmp_path, ""), tmp_path, "ties.csv", "empty")


def test_it_refuses_a_header_without_ties(tmp_path):
    assert_refused(run(tmp_path, "source,target\n"), tmp_path, "ties.csv", "no ties")


def test_it_explains_the_wrong_delimiter(tmp_path):
    assert_refused(
        run(tmp_path, "source;target\na;b\n"), tmp_path, "ties.csv", "row 1", "semicolons"
    )


def test_it_reads_windows_1252_text(tmp_path):
    # GIAS files are Windows-1252: "Saint Thérèse" must come through, not crash.
    text = "source,target\nSaint Thérèse,b\nb,c\n"
    result = run(tmp_path, text.encode("cp1252"))
    assert result.exit_code == 0, result.output
    assert "Saint Thérèse" in (tmp_path / "out.json").read_text(encoding="utf-8")


def test_it_refuses_duplicate_node_ids(tmp_path):
    result = run(tmp_path, "source,target\na,b\n", nodes_text="id,sector\na,x\nb,y\na,z\n")
    assert_refused(
        result, tmp_path, "nodes.csv", "row 4", "duplicate node id 'a'", "first at row 2"
    )


def test_it_refuses_a_group_column_that_does_not_exist(tmp_path):
    result = run(tmp_path, "source,target\na,b\n", "--group", "phase", nodes_text=NODES)
    assert_refused(result, tmp_path, "nodes.csv", "'phase'", "'sector'")


def test_it_refuses_a_weight_that_is_not_a_number(tmp_path):
    result = run(tmp_path, "source,target,weight\na,b,1\nb,c,lots\n")
    assert_refused(result, tmp_path, "ties.csv", "row 3", "column 'weight'", "'lots'")


def test_it_refuses_a_negative_weight(tmp_path):
    result = run(tmp_path, "source,target,weight\na,b,-1\n")
    assert_refused(result, tmp_path, "ties.csv", "row 2", "column 'weight'")


def test_it_refuses_a_ragged_row(tmp_path):
    result = run(tmp_path, "source,target\na,b\nb,c,d\n")
    assert_refused(result, tmp_path, "ties.csv", "row 3", "3 fields")


def test_it_refuses_a_bad_date(tmp_path):
    result = run(tmp_path, "source,target,date\na,b,last week\n", "--as-of", "2025-01-01")
    assert_refused(result, tmp_path, "ties.csv", "row 2", "column 'date'", "not a date")


def test_it_refuses_an_unknown_tie_type(tmp_path):
    result = run(tmp_path, "source,target,type\na,b,advice\n", "--type", "gossip")
    assert_refused(result, tmp_path, "ties.csv", "'gossip'", "advice")


def test_it_refuses_a_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["analyse", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "nope.csv" in result.output and "not found" in result.output


def test_it_refuses_an_unknown_extension(tmp_path):
    assert_refused(
        run(tmp_path, "a b\n", ties_name="ties.sav"), tmp_path, "ties.sav", "unknown file type"
    )


def test_it_refuses_an_output_folder_that_does_not_exist(tmp_path):
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target\na,b\n")
    result = CliRunner().invoke(
        main, ["analyse", str(ties), "--json", str(tmp_path / "missing" / "out.json")]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "net", "dl"])
def test_it_refuses_a_malformed_graph_file(tmp_path, fmt):
    assert_refused(
        run(tmp_path, "<<< not a graph\n", ties_name=f"ties.{fmt}"), tmp_path, f"ties.{fmt}"
    )


@pytest.mark.parametrize(
    "option, flag, column",
    [(["--type", "advice"], "--type", "'type'"), (["--as-of", "2025-01-01"], "--as-of", "'date'")],
)
def test_it_names_the_flag_whose_column_is_missing(tmp_path, option, flag, column):
    result = run(tmp_path, "source,target\na,b\n", *option)
    assert_refused(result, tmp_path, "ties.csv", f"{flag} needs a {column} column")
