"""Fitting the independent cascade's ``p`` to observed adoptions (issue 10, practice travel).

The synthetic case: cascades simulated with the engine's own :func:`trace_run` at a known
``p = 0.2`` on a random graph of 300 nodes; the fit must recover it within its interval.
Closed forms on a star check the likelihood and the profile interval exactly.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from nlc.errors import InputError
from nlc.network import Network
from nlc.simulation.calibration import Cascade, fit_cascade_p, predictive_check, step_of
from nlc.simulation.engine import IndependentCascade, RunOptions, trace_run

TRUE_P = 0.2


def random_graph(n: int = 300, mean_degree: float = 5.0, seed: int = 1) -> Network:
    """An Erdős-Rényi-like graph: ``n * mean_degree / 2`` distinct random edges."""
    rng = np.random.default_rng(seed)
    m = int(n * mean_degree / 2)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        a, b = rng.integers(0, n, 2).tolist()
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    edges = np.array(sorted(pairs), dtype=np.int64)
    return Network(
        ids=[f"n{i}" for i in range(n)],
        source=edges[:, 0],
        target=edges[:, 1],
        weight=np.ones(m),
        directed=False,
    )


def simulated_cascades(network: Network, count: int, p: float = TRUE_P, seed: int = 0):
    """``count`` practices, each from 3 random sources, spread by the engine at ``p``."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        seeds = [network.ids[j] for j in rng.choice(network.n, 3, replace=False)]
        steps = trace_run(
            network, IndependentCascade(p=p), seeds, options=RunOptions(rng=seed * 1000 + i)
        )
        adopted = np.flatnonzero(steps > 0)
        out.append(
            Cascade(
                f"practice {i}",
                [(s, 0) for s in seeds],
                [(network.ids[j], int(steps[j])) for j in adopted],
            )
        )
    return out


@pytest.fixture(scope="module")
def graph():
    return random_graph()


def star() -> Network:
    return Network(
        ids=list("abcde"),
        source=np.zeros(4, dtype=np.int64),
        target=np.arange(1, 5),
        weight=np.ones(4),
        directed=False,
    )


def test_it_recovers_the_true_p_within_its_interval(graph):
    for seed in range(3):
        fit = fit_cascade_p(graph, simulated_cascades(graph, 12, seed=seed), window=1)
        low, high = fit.ci95
        assert low < TRUE_P < high, (seed, fit.p, fit.ci95)
        assert low < fit.p < high
        assert fit.unexplained == [] and fit.explained == fit.adoptions > 50


def test_the_interval_narrows_with_more_cascades(graph):
    few = fit_cascade_p(graph, simulated_cascades(graph, 5, seed=7))
    many = fit_cascade_p(graph, simulated_cascades(graph, 40, seed=7))
    assert many.ci95[0] < TRUE_P < many.ci95[1]
    width = lambda f: f.ci95[1] - f.ci95[0]  # noqa: E731
    assert width(many) < 0.6 * width(few)


def test_dates_bucketed_by_month_give_the_same_fit_as_steps(graph):
    cascades = simulated_cascades(graph, 6, seed=3)
    start = dt.date(2024, 9, 1)

    def month(step):
        year, month = divmod(start.month - 1 + step, 12)
        return dt.date(start.year + year, month + 1, 15)

    dated = [
        Cascade(
            c.practice,
            [(n, month(s)) for n, s in c.sources],
            [(n, month(s)) for n, s in c.adoptions],
        )
        for c in cascades
    ]
    by_step = fit_cascade_p(graph, cascades)
    by_month = fit_cascade_p(graph, dated, step="month")
    assert by_month.p == pytest.approx(by_step.p, abs=1e-12)
    assert by_month.ci95 == pytest.approx(by_step.ci95, abs=1e-12)


def test_the_star_has_the_closed_form_estimate_and_interval():
    # Two of four leaves adopted: l(p) = 2 log p + 2 log(1-p), so p = 1/2 and the interval
    # solves 2 log(4p(1-p)) = -3.8415/2.
    fit = fit_cascade_p(star(), [Cascade("walks", [("a", 0)], [("b", 1), ("c", 1)])])
    half_width = math.sqrt(1 - math.exp(-3.841458820694124 / 4)) / 2
    assert fit.p == pytest.approx(0.5, abs=1e-9)
    assert fit.ci95 == pytest.approx((0.5 - half_width, 0.5 + half_width), abs=1e-9)
    assert (fit.attempts, fit.successes) == (4, 2)


def test_every_leaf_adopting_puts_p_at_one():
    leaves = [(x, 1) for x in "bcde"]
    fit = fit_cascade_p(star(), [Cascade("walks", [("a", 0)], leaves)])
    assert fit.p == 1.0 and fit.ci95[1] == 1.0 and 0.3 < fit.ci95[0] < 1.0


def test_the_window_decides_which_late_adoptions_the_cascade_explains():
    # "c" adopted at step 3 with its only tie to the source "a" active since step 0.
    cascade = [Cascade("walks", [("a", 0)], [("b", 1), ("c", 3)])]
    strict = fit_cascade_p(star(), cascade, window=1)
    assert strict.unexplained == [("walks", "c")] and strict.explained == 1
    assert "cannot explain" in strict.notes[0]
    open_ended = fit_cascade_p(star(), cascade, window=None)
    assert open_ended.unexplained == [] and open_ended.p == pytest.approx(0.5)


def test_the_predicted_share_is_high_where_the_model_is_right(graph):
    cascades = simulated_cascades(graph, 40, seed=5)
    fit = fit_cascade_p(graph, cascades)
    check = predictive_check(graph, cascades, fit.p, runs=300, rng=1)
    assert check.observed == fit.adoptions
    assert 0.5 * check.observed < check.expected < 1.5 * check.observed
    low = predictive_check(graph, cascades, 0.02, runs=300, rng=1)
    assert low.mean_probability < check.mean_probability
    assert 0.0 <= low.share_likely <= check.share_likely <= 1.0
    assert len(check.practices) == 40 and len(check.adopters) == check.observed


def test_terms_are_those_of_english_schools():
    assert step_of(dt.date(2025, 1, 6), "term") == step_of(dt.date(2025, 3, 31), "term")
    assert step_of(dt.date(2025, 8, 31), "term") + 1 == step_of(dt.date(2025, 9, 1), "term")
    assert step_of(dt.date(2024, 12, 20), "term") + 1 == step_of(dt.date(2025, 1, 6), "term")


@pytest.mark.parametrize(
    ("cascades", "message"),
    [
        ([], "no observed adoptions"),
        ([Cascade("walks", [("a", 0)], [])], "no observed adoptions"),
        ([Cascade("walks", [("zz", 0)], [("b", 1)])], "walks': sources not in the network: 'zz'"),
        ([Cascade("walks", [("a", 0)], [("b", 1), ("q", 2)])], "adopters not in the network: 'q'"),
        (
            [Cascade("walks", [("a", dt.date(2025, 3, 1))], [("b", dt.date(2025, 1, 10))])],
            "'b' adopted it at 2025-01-10, before its source began (2025-03-01)",
        ),
        ([Cascade("walks", [], [("b", 1)])], "practice 'walks' has no source"),
        ([Cascade("walks", [("a", dt.date(2025, 3, 1))], [("b", 4)])], "not both"),
        ([Cascade("walks", [("a", "soon")], [("b", 1)])], "a date or a step number"),
        ([Cascade("walks", [("b", 0)], [("c", 1)])], "cannot explain any of them"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(cascades, message):
    with pytest.raises(InputError) as error:
        fit_cascade_p(star(), cascades)
    assert message in str(error.value)


def test_a_bad_window_or_step_is_refused():
    cascade = [Cascade("walks", [("a", dt.date(2025, 1, 1))], [("b", dt.date(2025, 2, 1))])]
    with pytest.raises(InputError, match="window must be a number of steps of at least 1"):
        fit_cascade_p(star(), cascade, window=0)
    with pytest.raises(InputError, match="step must be one of day, week, month, term"):
        fit_cascade_p(star(), cascade, step="fortnight")


def test_an_adoption_by_a_source_is_not_counted_and_is_noted():
    cascade = [Cascade("walks", [("a", 0), ("b", 0)], [("b", 2), ("c", 1)])]
    fit = fit_cascade_p(star(), cascade)
    assert fit.adoptions == 1 and "1 adoptions were by organisations already" in fit.notes[0]
