"""A suggested tie's gain comes with its interval from the paired runs (issue 8: "make the
gain the difference of the two means shown (with its interval)")."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from nlc.network.model import Network
from nlc.simulation.cli import simulate as simulate_command
from nlc.simulation.engine import IndependentCascade, RunOptions, normal_ci, simulate
from nlc.simulation.interventions import best_new_ties
from nlc.simulation.report import gain_interval
from nlc.simulation.scenarios import add_ties


def ring(n: int) -> Network:
    """An undirected ring of ``n`` nodes, each tie as two arcs."""
    source = np.arange(n)
    target = (source + 1) % n
    src = np.concatenate([source, target])
    tgt = np.concatenate([target, source])
    return Network([str(i) for i in range(n)], src, tgt, np.ones(2 * n), True, {}, [])


def test_the_interval_is_that_of_the_paired_runs():
    net, model = ring(12), IndependentCascade(p=0.5)
    candidates = [("0", "6"), ("3", "9")]
    (tie,) = best_new_ties(
        net, model, 1, candidates, seeds=["0"], options=RunOptions(runs=400, rng=5)
    )
    changed = add_ties(net, [(tie["source"], tie["target"])])
    before = simulate(net, model, ["0"], options=RunOptions(runs=400, rng=5))
    after = simulate(changed, model, ["0"], options=RunOptions(runs=400, rng=5))
    low, high = tie["gain_ci95"]
    assert low < tie["gain"] < high
    # The interval is as wide as that of the same runs simulated again, paired by run:
    # mean difference +- 1.96 sd / sqrt(runs).
    width = np.subtract(*reversed(normal_ci(after.final - before.final)))
    assert high - low == pytest.approx(width, rel=0.5)
    assert low > 0  # a tie across the ring helps


def test_the_terminal_and_the_report_show_the_interval(tmp_path):
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target\n" + "".join(f"{i},{(i + 1) % 10}\n" for i in range(10)))
    out, report = tmp_path / "out.json", tmp_path / "report.html"
    args = [str(ties), "--undirected", "--model", "cascade", "--p", "0.4", "--seeds", "0"]
    args += ["--runs", "200", "--rng", "3", "--suggest-ties", "1", "--json", str(out)]
    result = CliRunner().invoke(simulate_command, [*args, "--report", str(report)])
    assert result.exit_code == 0, result.output
    (tie,) = json.loads(out.read_text())["suggested_ties"]
    shown = gain_interval(tie["gain_ci95"])
    assert shown != "-" and " to " in shown
    assert "95% CI" in result.output and shown in result.output
    assert shown in report.read_text()


def test_no_interval_is_written_as_a_dash():
    assert gain_interval([None, None]) == "-"
    assert gain_interval(None) == "-"
    assert gain_interval([0.25, 1.5]) == "+0.25 to +1.50"
