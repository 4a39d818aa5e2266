"""Wave-to-wave change (issue 11): new, lost, stronger and weaker ties, measures side by side."""

from __future__ import annotations

import math

import pytest

from nlc.analysis.waves import compare_waves
from nlc.errors import InputError

BEFORE = [("a", "b", 1), ("b", "c", 2), ("c", "d", 1), ("d", "a", 3), ("a", "c", 1)]
AFTER = [("a", "b", 3), ("b", "c", 1), ("c", "d", 1), ("d", "e", 1), ("e", "a", 2)]
GROUPS = {"a": "school", "b": "school", "c": "trust", "d": "trust", "e": "council"}


def pairs(ties):
    return [(t.source, t.target) for t in ties]


def test_it_sorts_every_tie_into_one_kind():
    change = compare_waves(BEFORE, AFTER)
    assert pairs(change.new) == [("d", "e"), ("e", "a")]
    assert pairs(change.lost) == [("a", "c"), ("d", "a")]  # in node order
    assert [(t.source, t.target, t.before, t.after) for t in change.strengthened] == [
        ("a", "b", 1.0, 3.0)
    ]
    assert pairs(change.weakened) == [("b", "c")]
    assert pairs(change.unchanged) == [("c", "d")]
    assert change.lost[0].after == 0.0 and change.new[1].before == 0.0
    assert change.sentences[0] == (
        "5 ties before, 5 after: 2 new, 2 lost, 1 stronger, 1 weaker, 1 unchanged."
    )


def test_measures_side_by_side():
    change = compare_waves(BEFORE, AFTER, groups=GROUPS)
    assert [m.key for m in change.measures] == [
        "density",
        "ei",
        "degree_centralization",
        "betweenness_centralization",
        "components",
        "isolates",
    ]
    # Five people in both waves (e is an isolate before): 5 arcs of 20 possible.
    assert change.measure("density").before == change.measure("density").after == 0.25
    assert change.measure("isolates").before == 1 and change.measure("isolates").after == 0
    assert change.measure("components").before == change.measure("components").after == 1
    # Before: a-b, c-d inside; b-c, d-a, a-c across: E-I = (3 - 2) / 5.
    assert change.measure("ei").before == pytest.approx(0.2)
    # After: a-b, c-d inside; b-c, d-e, e-a across.
    assert change.measure("ei").after == pytest.approx(0.2)
    assert change.measure("ei").change == pytest.approx(0.0)
    assert any(s.startswith("E-I index is unchanged: 0.200 then 0.200") for s in change.sentences)
    assert "Isolated people fell: 1 then 0 (people with no tie)." in change.sentences


def test_without_groups_there_is_no_ei():
    change = compare_waves(BEFORE, AFTER)
    with pytest.raises(KeyError):
        change.measure("ei")


def test_undirected_waves_treat_both_directions_as_one_tie():
    change = compare_waves([("a", "b", 1)], [("b", "a", 2), ("b", "c")], directed=False)
    assert pairs(change.strengthened) == [("a", "b")] and pairs(change.new) == [("b", "c")]
    assert not change.directed


def test_repeated_ties_are_summed_and_loops_dropped_with_a_note():
    change = compare_waves([("a", "b"), ("a", "b"), ("a", "a")], [("a", "b", 2)])
    assert pairs(change.unchanged) == [("a", "b")]
    assert any(n.startswith("before wave: 1 self-loops dropped") for n in change.notes)
    assert any(n.startswith("before wave: 1 duplicate ties merged") for n in change.notes)


def test_a_roster_measures_both_waves_on_the_same_people():
    change = compare_waves([("a", "b")], [("a", "b")], nodes="abcd")
    assert change.nodes == list("abcd")
    assert change.measure("density").before == pytest.approx(1 / 12)
    assert change.measure("isolates").after == 2


def test_empty_waves_give_undefined_measures_not_errors():
    change = compare_waves([], [("a", "b")], groups={"a": 1})
    ei = change.measure("ei")
    assert math.isnan(ei.before) and ei.after == 1.0  # b has no group: (missing)
    assert "E-I index cannot be compared" in ei.sentence


@pytest.mark.parametrize(
    ("before", "after", "kwargs", "message"),
    [
        ([("a",)], [], {}, "tie 1 of the before wave has fewer than two ends"),
        ([], [("a", "b"), ("a", "c", "x")], {}, "tie 2 of the after wave: the weight must be"),
        ([("a", "b", -2)], [], {}, "tie 1 of the before wave: the weight must be"),
        ([], [("a", "z")], {"nodes": "ab"}, "after"),
    ],
)
def test_bad_ties_are_named(before, after, kwargs, message):
    with pytest.raises(InputError, match=message):
        compare_waves(before, after, **kwargs)
