"""The fast paths of ``nlc simulate`` on large files give what the plain paths give.

A plain CSV file is read by columns (pyarrow) and its node ids encoded as
:class:`~nlc.network.model.EncodedNames`; ``build_network`` then takes the ids from the
encoding. Here the same files are also read row by row (``read_table``, the csv module) and
the two networks compared, and the CLI is checked to load only what the command uses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from nlc.cli import main
from nlc.errors import InputError
from nlc.network import build_network, read_ties
from nlc.network import io as network_io
from nlc.network.model import EncodedNames
from nlc.network.tables import read_table

ROOT = Path(__file__).resolve().parents[1]


def read_row_by_row(path, monkeypatch):
    """``read_ties`` with the columnar reader switched off."""
    with monkeypatch.context() as patch:
        patch.setattr(network_io, "read_columns", lambda p, sheet=None: read_table(p, sheet=sheet))
        return read_ties(path)


def write_ties(path: Path, pairs, weights=None) -> Path:
    lines = ["source,target" + (",weight" if weights is not None else "")]
    for k, (a, b) in enumerate(pairs):
        lines.append(f"{a},{b}" + (f",{weights[k]}" if weights is not None else ""))
    path.write_text("\n".join(lines) + "\n")
    return path


def assert_same_network(fast, slow):
    assert fast.ids == slow.ids
    assert np.array_equal(fast.source, slow.source)
    assert np.array_equal(fast.target, slow.target)
    assert np.array_equal(fast.weight, slow.weight)
    assert fast.warnings == slow.warnings


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("directed", [True, False])
def test_columnar_reading_builds_the_same_network(tmp_path, monkeypatch, weighted, directed):
    rng = np.random.default_rng(7)
    names = [f"n{k}" for k in rng.permutation(60)] + [" n3", "n4 "]  # spaces: the same node
    pairs = [(names[a], names[b]) for a, b in rng.integers(0, len(names), (400, 2))]
    weights = rng.integers(1, 4, len(pairs)).tolist() if weighted else None
    path = write_ties(tmp_path / "ties.csv", pairs, weights)

    fast_ties, slow_ties = read_ties(path), read_row_by_row(path, monkeypatch)
    assert isinstance(fast_ties.source, EncodedNames)
    assert not isinstance(slow_ties.source, EncodedNames)
    assert fast_ties.source == slow_ties.source and fast_ties.target == slow_ties.target
    assert list(fast_ties.rows) == slow_ties.rows
    fast = build_network(fast_ties, directed=directed)
    slow = build_network(slow_ties, directed=directed)
    assert_same_network(fast, slow)
    assert "duplicate ties merged" in " ".join(fast.warnings)


@pytest.mark.parametrize(
    "ends",
    [
        [("10", "2"), ("2", "-3"), ("7", "10")],  # integers: encoded as numbers
        [("1", "01"), ("2", "1")],  # the same number, written differently: two nodes
        [("+1", "1")],
        [("-0", "0")],
        [("1 ", "1"), ("9223372036854775808", "1")],
        [("1", "a"), ("2", "1")],
    ],
)
def test_ids_that_look_like_integers_are_kept_as_written(tmp_path, monkeypatch, ends):
    path = write_ties(tmp_path / "ties.csv", ends)
    fast_ties, slow_ties = read_ties(path), read_row_by_row(path, monkeypatch)
    assert isinstance(fast_ties.source, EncodedNames)
    assert fast_ties.source == slow_ties.source and fast_ties.target == slow_ties.target
    assert_same_network(build_network(fast_ties), build_network(slow_ties))


def test_targets_new_to_the_sources_come_after_them_in_order_of_appearance(tmp_path):
    path = write_ties(tmp_path / "ties.csv", [("b", "z"), ("a", "y"), ("c", "b"), ("z", "x")])
    assert build_network(read_ties(path)).ids == ["b", "a", "c", "z", "y", "x"]


def test_a_filtered_or_checked_table_is_built_as_before(tmp_path, monkeypatch):
    path = tmp_path / "ties.csv"
    path.write_text("source,target,type\na,b,x\nb,c,y\nc,a,x\nd,a,y\n")
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("id\nd\nc\nb\na\n")
    fast_ties, slow_ties = read_ties(path), read_row_by_row(path, monkeypatch)
    node_table = network_io.read_nodes(nodes)
    for options in ({"types": ["y"]}, {}):
        assert_same_network(
            build_network(fast_ties, node_table, **options),
            build_network(slow_ties, node_table, **options),
        )
        assert_same_network(
            build_network(fast_ties, **options), build_network(slow_ties, **options)
        )
    (tmp_path / "short.csv").write_text("id\na\nb\n")
    short = network_io.read_nodes(tmp_path / "short.csv")
    with pytest.raises(InputError) as fast_error:
        build_network(fast_ties, short)
    with pytest.raises(InputError) as slow_error:
        build_network(slow_ties, short)
    assert str(fast_error.value) == str(slow_error.value)
    assert "row 3, column 'target'" in str(fast_error.value)


@pytest.mark.parametrize(
    ("text", "row", "column"),
    [("a,b\n ,c\nd,\n", 3, "source"), ("a,b\nc,d\ne, \n", 4, "target")],
)
def test_an_empty_id_is_refused_with_its_row_and_column(tmp_path, monkeypatch, text, row, column):
    path = tmp_path / "ties.csv"
    path.write_text("source,target\n" + text)
    messages = []
    for reader in (read_ties, lambda p: read_row_by_row(p, monkeypatch)):
        with pytest.raises(InputError) as error:
            reader(path)
        assert (error.value.row, error.value.column) == (row, column)
        messages.append(str(error.value))
    assert messages[0] == messages[1]


def test_encoded_names_read_as_a_list():
    names = EncodedNames(["a", "b"], np.array([1, 0, 1]))
    assert names == ["b", "a", "b"]
    assert ["b", "a", "b"].__eq__(names) is NotImplemented  # Python then asks ``names``
    assert names != ["b", "a"]
    assert len(names) == 3 and names[0] == "b" and names[-1] == "b" and names[1:] == ["a", "b"]
    assert list(names) == ["b", "a", "b"] and "a" in names and set(names) == {"a", "b"}


def test_nlc_simulate_imports_only_what_it_uses(tmp_path):
    path = write_ties(tmp_path / "ties.csv", [("a", "b"), ("b", "c")])
    code = (
        "import sys\nfrom nlc.cli import main\n"
        f"main(['simulate', {str(path)!r}, '--model', 'cascade', '--seeds', 'a', '--runs', '2'],"
        " standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django' or m.startswith("
        "('scipy.sparse', 'nlc.brokerage', 'nlc.web', 'nlc.analysis.summary', 'nlc.reports.html'))))\n"
    )
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_every_command_is_listed_and_found(tmp_path):
    names = set(main.commands)
    assert {"analyse", "simulate", "convert", "suggest", "serve", "demo"} <= names
    assert main.commands["simulate"].name == "simulate"
    assert main.get_command(None, "no-such-command") is None


def test_nlc_timings_prints_each_phase(tmp_path):
    path = write_ties(tmp_path / "ties.csv", [("a", "b"), ("b", "c")])
    args = ["simulate", str(path), "--model", "cascade", "--seeds", "a", "--runs", "2"]
    quiet = CliRunner().invoke(main, args)
    timed = CliRunner().invoke(main, args, env={"NLC_TIMINGS": "1"})
    assert quiet.exit_code == timed.exit_code == 0
    assert "timings:" not in quiet.output
    for phase in ("start-up", "read", "build", "prepare", "numba", "runs", "total", "CPU"):
        assert phase in timed.output


def nlc_program(*args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-c", "from nlc.cli import run; run()", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def test_the_program_ends_quickly_with_its_output_written(tmp_path):
    path = write_ties(tmp_path / "ties.csv", [("a", "b"), ("b", "c")])
    out = tmp_path / "out.json"
    args = ["simulate", str(path), "--model", "cascade", "--runs", "3", "--json", str(out)]
    done = nlc_program(*args, "--seeds", "a")
    assert done.returncode == 0, done.stderr
    assert "mean adopters" in done.stdout and "wrote" not in done.stderr
    assert json.loads(out.read_text())["runs"] == 3
    refused = nlc_program(*args, "--seeds", "zz")
    assert refused.returncode == 2 and "seeds not in the network: 'zz'" in refused.stderr
    assert nlc_program("--version").returncode == 0
