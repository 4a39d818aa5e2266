"""Run charts and XmR charts (nlc.outcomes): limits against a worked example, each rule on a
series built to show it (and one built to fall just short), re-base suggestions and SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from nlc.outcomes import Annotation, chart_svg, run_chart, xmr_chart
from nlc.outcomes.spc import D2, E2, URL_FACTOR

#: Ten values about 40 (a worked example in the form of Wheeler's, "Understanding Variation",
#: 2nd ed., pp. 60 and 137; by hand below).
WORKED = [39, 41, 40, 42, 38, 40, 44, 36, 40, 40]


def test_it_computes_limits_as_the_worked_example():
    """By hand: mean = 400 / 10 = 40. Moving ranges 2, 1, 2, 4, 2, 4, 8, 4, 0 sum to 27,
    so mRbar = 27 / 9 = 3.0. UNPL = 40 + 2.66 × 3 = 47.98, LNPL = 40 − 7.98 = 32.02, upper
    range limit 3.27 × 3 = 9.81, sigma = 3 / 1.128 = 2.6596."""
    chart = xmr_chart(WORKED)
    phase = chart.phases[0]
    assert phase.centre == 40
    assert chart.moving_ranges == (None, 2, 1, 2, 4, 2, 4, 8, 4, 0)
    assert phase.mr_bar == pytest.approx(3.0)
    assert phase.upper == pytest.approx(47.98)
    assert phase.lower == pytest.approx(32.02)
    assert phase.mr_upper == pytest.approx(9.81)
    assert phase.sigma == pytest.approx(2.6596, abs=1e-4)
    assert chart.signals == ()


def test_the_constants_are_wheelers():
    """2.66 = 3 / d2 and 3.27 = D4 for ranges of two values (Wheeler 2000, p. 137)."""
    assert abs(E2 - 3 / D2) < 0.001
    assert abs(URL_FACTOR - 3.267) < 0.01


def test_a_point_outside_the_limits_is_flagged():
    chart = xmr_chart([10, 11, 10, 11, 10, 11, 10, 30, 11, 10])
    assert [(s.rule, s.indices) for s in chart.signals] == [("outside", (7,))]


def test_a_run_of_eight_is_a_shift_and_a_rebase_is_suggested():
    chart = run_chart([1, 2, 1, 2, 1, 2, 1, 2, 8, 9, 8, 9, 8, 9, 8, 9])
    assert chart.phases[0].centre == 5
    shifts = [s.indices for s in chart.signals if s.rule == "shift"]
    assert shifts == [tuple(range(8)), tuple(range(8, 16))]
    assert chart.rebase_from == 8


def test_a_run_of_seven_is_not_a_shift():
    chart = run_chart([1, 2, 1, 2, 1, 2, 1, 9, 8, 9, 8, 9, 8, 9])
    assert chart.signals == ()
    assert chart.rebase_from is None


def test_points_on_the_centre_neither_break_nor_extend_a_run():
    """Provost & Murray (2011, ch. 3): a point on the median is skipped when counting."""
    values = [1, 2, 1, 5, 2, 1, 2, 1, 2, 9, 8, 9, 8, 5, 9, 8, 9, 8]
    chart = run_chart(values)
    assert chart.phases[0].centre == 5
    shifts = [s.indices for s in chart.signals if s.rule == "shift"]
    assert shifts == [(0, 1, 2, 4, 5, 6, 7, 8), (9, 10, 11, 12, 14, 15, 16, 17)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 2, 3, 4, 5, 6], [(0, 1, 2, 3, 4, 5)]),
        ([6, 5, 4, 3, 2, 1], [(0, 1, 2, 3, 4, 5)]),
        ([1, 2, 2, 3, 4, 5, 6], [(0, 1, 3, 4, 5, 6)]),  # a repeat is skipped
        ([1, 2, 3, 4, 5], []),
        ([3, 1, 2, 3, 4, 5, 4], []),  # five rises from 1: six points would need one more
    ],
)
def test_trends_of_six(values, expected):
    chart = run_chart(values)
    assert [s.indices for s in chart.signals if s.rule == "trend"] == expected


def test_two_of_three_beyond_two_sigma():
    """By hand: mean 215.5 / 20 = 10.775; moving ranges sum to 10 + 3.5 + 3 + 3 + 3.5 + 5 = 28,
    mRbar = 28 / 19 = 1.4737, sigma = 1.3065, so 2 sigma above is 13.39 and the upper limit
    14.70: the points 13.5 at 11 and 13 are two of the three 11-13, both inside the limit."""
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 13.5, 10.5, 13.5, 10, 11, 10, 11, 10, 11]
    chart = xmr_chart(values)
    phase = chart.phases[0]
    assert phase.centre + 2 * phase.sigma < 13.5 < phase.upper
    assert [(s.rule, s.indices) for s in chart.signals] == [("two_of_three", (11, 13))]


def test_one_of_three_beyond_two_sigma_is_not_a_signal():
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 13.5, 10.5, 11, 10, 11, 10, 11, 10, 11]
    assert xmr_chart(values).signals == ()


def test_a_chosen_rebase_gives_each_phase_its_own_limits():
    values = [5, 6, 5, 4, 5, 6, 5, 4, 9, 10, 9, 8, 9, 10, 9, 8]
    chart = xmr_chart(values)
    assert chart.rebase_from == 8
    rebased = xmr_chart(values, breaks=[chart.rebase_from])
    first, second = rebased.phases
    assert (first.centre, second.centre) == (5, 9)
    assert first.mr_bar == pytest.approx(1.0) and second.mr_bar == pytest.approx(1.0)
    assert rebased.moving_ranges[8] is None  # no range across the break
    assert rebased.signals == ()
    assert rebased.rebase_from is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: xmr_chart([1]), "at least two"),
        (lambda: run_chart([]), "at least one"),
        (lambda: xmr_chart([1, "x"]), "numbers"),
        (lambda: xmr_chart([1, float("nan")]), "finite"),
        (lambda: xmr_chart([1, 2, 3], breaks=[3]), "between 1 and 2"),
    ],
)
def test_bad_input_is_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_the_svg_is_well_formed_and_marks_signals_and_events():
    chart = xmr_chart([10, 11, 10, 11, 10, 11, 10, 30, 11, 10])
    labels = [f"T{i}" for i in range(10)]
    notes = [Annotation(6.5, "Decision: <reading> & more", "decision"), Annotation(99, "late")]
    svg = chart_svg(chart, labels, title="Attendance", annotations=notes)
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("aria-label") == "Attendance"
    signals = root.findall(".//s:circle[@class='signal']", ns)
    assert len(signals) == 1
    assert "outside" in signals[0].find("s:title", ns).text
    assert len(root.findall(".//s:circle[@class='point']", ns)) == 9
    assert len(root.findall(".//s:g[@class='annotation decision']", ns)) == 1
    assert "Decision: <reading> & more" in "".join(root.itertext())
    assert "late" not in "".join(root.itertext())  # outside the time span
    assert len(root.findall(".//s:line[@class='limit']", ns)) == 2


def test_the_svg_needs_one_label_per_value():
    with pytest.raises(ValueError, match="labels"):
        chart_svg(run_chart([1, 2]), ["a"])
