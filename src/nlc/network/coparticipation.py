"""Co-participation ties from the participation lists of shared activities.

Taking part together in an activity ties every two of its participants. Over many
activities the tie between two participants is weighted by the number of activities they
shared and dated by the first of them (the day they first worked together). This is the
one-mode projection of the participants x activities network (:mod:`nlc.network.two_mode`
does the same for tie files), kept as plain records so that a store of ties can be brought
in step with the activities: :func:`plan_sync` says which ties to add, change and remove.

Framework-free: never imports Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

__all__ = ["CoTie", "Participation", "StoredTie", "SyncPlan", "coparticipation_ties", "plan_sync"]


@dataclass(frozen=True)
class Participation:
    """Who took part in one activity, and when.

    Parameters
    ----------
    activity : hashable
        The activity's id.
    date : datetime.date
        When it took place (its start).
    members : frozenset
        The ids of those who took part (people, or organisations); any sortable ids.
    """

    activity: Hashable
    date: dt.date
    members: frozenset


@dataclass(frozen=True)
class CoTie:
    """An undirected co-participation tie: ``source < target``, the number of activities
    the two shared (``weight``), the first day they shared one (``first``) and those
    activities' ids."""

    source: Hashable
    target: Hashable
    weight: int
    first: dt.date
    activities: tuple = ()

    @property
    def pair(self) -> tuple:
        return (self.source, self.target)


@dataclass(frozen=True)
class StoredTie:
    """A co-participation tie already stored: its key (``pk``), ends, weight and date."""

    pk: Hashable
    source: Hashable
    target: Hashable
    weight: float
    first: dt.date


@dataclass
class SyncPlan:
    """What bringing the stored ties in step takes: ties to ``create`` (:class:`CoTie`),
    ties to ``update`` (stored key and its new :class:`CoTie`) and keys to ``delete``."""

    create: list[CoTie] = field(default_factory=list)
    update: list[tuple[Hashable, CoTie]] = field(default_factory=list)
    delete: list[Hashable] = field(default_factory=list)
    unchanged: int = 0


def coparticipation_ties(activities: Iterable[Participation]) -> list[CoTie]:
    """Every two members of an activity are tied; weights count the activities shared.

    Parameters
    ----------
    activities : iterable of Participation
        The activities; an activity with fewer than two members ties no one, and a member
        listed twice counts once.

    Returns
    -------
    list of CoTie
        One undirected tie per pair (``source < target``), sorted by pair, with
        ``weight`` = number of shared activities and ``first`` = the earliest of their dates.

    Examples
    --------
    >>> import datetime as dt
    >>> ties = coparticipation_ties([
    ...     Participation(1, dt.date(2025, 3, 1), frozenset({"a", "b", "c"})),
    ...     Participation(2, dt.date(2025, 1, 9), frozenset({"a", "b"})),
    ... ])
    >>> [(t.source, t.target, t.weight, t.first.isoformat()) for t in ties]
    [('a', 'b', 2, '2025-01-09'), ('a', 'c', 1, '2025-03-01'), ('b', 'c', 1, '2025-03-01')]
    """
    shared: dict[tuple, list] = {}
    for activity in activities:
        for pair in combinations(sorted(set(activity.members)), 2):
            shared.setdefault(pair, []).append((activity.date, activity.activity))
    ties = []
    for (source, target), seen in sorted(shared.items()):
        seen.sort(key=lambda item: (item[0], str(item[1])))
        ties.append(
            CoTie(source, target, len(seen), seen[0][0], tuple(a for _, a in seen)),
        )
    return ties


def plan_sync(stored: Iterable[StoredTie], wanted: Iterable[CoTie]) -> SyncPlan:
    """The changes that make ``stored`` ties match ``wanted`` ones, pair by pair.

    A stored tie whose pair is wanted is kept (its key, so it keeps its history) and
    changed only if its weight or date differ; a second stored tie of the same pair (in
    either direction) is a duplicate and is deleted, as is every tie of a pair no longer
    wanted; wanted pairs with no stored tie are created.

    Parameters
    ----------
    stored : iterable of StoredTie
    wanted : iterable of CoTie
        As :func:`coparticipation_ties` gives them.

    Returns
    -------
    SyncPlan
    """
    want = {t.pair: t for t in wanted}
    plan = SyncPlan()
    kept: set[tuple] = set()
    for tie in stored:
        pair = tuple(sorted((tie.source, tie.target)))
        target = want.get(pair)
        if target is None or pair in kept:
            plan.delete.append(tie.pk)
            continue
        kept.add(pair)
        same_ends = (tie.source, tie.target) == target.pair
        if same_ends and tie.weight == target.weight and tie.first == target.first:
            plan.unchanged += 1
        else:
            plan.update.append((tie.pk, target))
    plan.create = [t for pair, t in want.items() if pair not in kept]
    return plan
