"""Co-participation ties from participation lists (nlc.network.coparticipation), no database."""

import datetime as dt

from nlc.network.coparticipation import (
    CoTie,
    Participation,
    StoredTie,
    coparticipation_ties,
    plan_sync,
)

D1, D2, D3 = dt.date(2025, 1, 10), dt.date(2025, 3, 5), dt.date(2025, 6, 1)


def test_it_ties_every_two_participants_once_weighted_by_shared_activities():
    ties = coparticipation_ties(
        [
            Participation(1, D2, frozenset({3, 1, 2})),
            Participation(2, D1, frozenset({1, 2})),
            Participation(3, D3, frozenset({4})),
        ]
    )
    assert [(t.source, t.target, t.weight, t.first, t.activities) for t in ties] == [
        (1, 2, 2, D1, (2, 1)),
        (1, 3, 1, D2, (1,)),
        (2, 3, 1, D2, (1,)),
    ]


def test_an_activity_of_one_or_none_ties_no_one():
    assert (
        coparticipation_ties(
            [Participation(1, D1, frozenset({5})), Participation(2, D1, frozenset())]
        )
        == []
    )


def test_plan_sync_keeps_changes_creates_and_removes_pair_by_pair():
    wanted = [CoTie(1, 2, 2, D1), CoTie(1, 3, 1, D2), CoTie(2, 3, 1, D2)]
    stored = [
        StoredTie("a", 1, 2, 2, D1),  # unchanged
        StoredTie("b", 3, 1, 1, D3),  # same pair, reversed and dated later: updated
        StoredTie("c", 2, 1, 2, D1),  # duplicate of pair (1, 2): deleted
        StoredTie("d", 4, 5, 1, D1),  # pair no longer tied: deleted
    ]
    plan = plan_sync(stored, wanted)
    assert plan.unchanged == 1
    assert plan.update == [("b", CoTie(1, 3, 1, D2))]
    assert plan.delete == ["c", "d"]
    assert plan.create == [CoTie(2, 3, 1, D2)]


def test_plan_sync_of_nothing_wanted_deletes_everything():
    plan = plan_sync([StoredTie(7, 1, 2, 1, D1)], [])
    assert plan.delete == [7] and not plan.create and not plan.update
