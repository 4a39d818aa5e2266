"""Brokering membership: organisations to invite into a network, and members drifting away.

Invitations score organisations outside the network by what makes joining likely to work:
ties already made with members, nearness (the same local authority, or eastings and
northings within a few kilometres), the phase or kind the network's members have, and a
focus that shares words with the network's. Drift compares a member's ties and activity in
the latest period with the one before. Every suggestion says why in plain sentences.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nlc.brokerage.suggestion import Suggestion
from nlc.brokerage.text import shared_keywords

__all__ = ["Candidate", "MemberActivity", "NetworkProfile", "drifting_members", "invitations"]

#: Distance (metres) at which nearness counts half.
NEAR = 5000.0


@dataclass(frozen=True)
class NetworkProfile:
    """What a network is like: its id (``n<pk>``), name, focus, members' phases and kinds,
    places (local authorities) and the mean easting and northing of its members."""

    id: str
    name: str
    focus: str = ""
    phases: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    centre: tuple[float, float] | None = None


@dataclass(frozen=True)
class Candidate:
    """An organisation outside the network: id (``o<pk>``), name, kind, phase, place,
    location, the members it has ties with (names), the networks it belongs to and their
    focus."""

    id: str
    name: str
    kind: str
    kind_label: str = ""
    phase: str | None = None
    place: str | None = None
    location: tuple[float, float] | None = None
    tied_members: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    focus: str = ""


def _list(names: Sequence[str], most: int = 2) -> str:
    shown = list(names[:most])
    if len(names) > most:
        shown.append(f"{len(names) - most} more")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _nearness(network: NetworkProfile, candidate: Candidate) -> tuple[float, str | None]:
    if network.centre and candidate.location:
        metres = math.dist(network.centre, candidate.location)
        return NEAR / (NEAR + metres), f"It is {metres / 1000:.1f} km from the network's centre."
    if candidate.place and candidate.place in network.places:
        return 0.5, f"It is in {candidate.place}, where the network works."
    return 0.0, None


def _score(network: NetworkProfile, candidate: Candidate) -> tuple[float, list[str], dict]:
    score, reasons = 0.0, []
    if candidate.tied_members:
        score += 2.0 * min(len(candidate.tied_members), 4)
        reasons.append(f"It already works with {_list(candidate.tied_members)}.")
    near, sentence = _nearness(network, candidate)
    if sentence:
        score += 2.0 * near
        reasons.append(sentence)
    if candidate.phase and candidate.phase in network.phases:
        score += 1.0
        reasons.append(f"Its phase ({candidate.phase}) is one the network's schools share.")
    elif candidate.kind != "school" and candidate.kind not in network.kinds:
        score += 1.0
        label = candidate.kind_label or candidate.kind
        reasons.append(f"The network has no member of its kind ({label.lower()}).")
    overlap, words = shared_keywords(network.focus, candidate.focus)
    if words:
        score += 3.0 * overlap
        reasons.append(f"Its focus shares the network's: {', '.join(words[:4])}.")
    evidence = {"tied_members": len(candidate.tied_members), "focus_overlap": round(overlap, 3)}
    return score, reasons, evidence


def invitations(
    network: NetworkProfile, candidates: Iterable[Candidate], *, top: int = 10
) -> list[Suggestion]:
    """Organisations to invite into ``network``, best first (at most ``top``).

    Parameters
    ----------
    network : NetworkProfile
    candidates : iterable of Candidate
        Organisations that are not members.
    top : int

    Returns
    -------
    list of Suggestion
        ``kind="membership"``, source the network, target the organisation; only candidates
        with a tie to a member or near the network (nearness alone is not enough when the
        network's members are spread over many places).

    Examples
    --------
    >>> net = NetworkProfile("n1", "North", phases=frozenset({"primary"}),
    ...                      places=frozenset({"Leeds"}))
    >>> oak = Candidate("o9", "Oak Primary", "school", phase="primary", place="Leeds",
    ...                 tied_members=("Ash Primary",))
    >>> [s.reasons[0] for s in invitations(net, [oak])]
    ['It already works with Ash Primary.']
    """
    found = []
    for candidate in candidates:
        score, reasons, evidence = _score(network, candidate)
        if not candidate.tied_members and not _nearness(network, candidate)[1]:
            continue
        evidence["action"] = "invite"
        found.append(
            Suggestion(
                network.id, candidate.id, round(score, 4), tuple(reasons), "membership", evidence
            )
        )
    found.sort(key=lambda s: (-s.score, s.target))
    return found[:top]


@dataclass(frozen=True)
class MemberActivity:
    """A member's ties and activities in the earlier and the later period."""

    id: str
    name: str
    ties_before: int = 0
    ties_after: int = 0
    activities_before: int = 0
    activities_after: int = 0
    periods: tuple[str, str] = field(default=("the year before", "the last year"))


def _fell(label: str, before: int, after: int, periods: tuple[str, str]) -> str:
    return f"{label} fell from {before} in {periods[0]} to {after} in {periods[1]}."


def drifting_members(
    network_id: str, members: Iterable[MemberActivity], *, least: int = 3, top: int = 10
) -> list[Suggestion]:
    """Members whose ties and activity in the network are falling, most at risk first.

    A member drifts when its ties plus activities in the later period are at most half of
    those in the earlier one, which held at least ``least``. The score is the share lost.

    Returns
    -------
    list of Suggestion
        ``kind="membership"``, source the network, target the member, ``evidence["action"]``
        ``"keep"``.

    Examples
    --------
    >>> m = MemberActivity("o3", "Vale Primary", ties_before=6, ties_after=1)
    >>> drifting_members("n1", [m])[0].reasons[0]
    'Its ties in the network fell from 6 in the year before to 1 in the last year.'
    """
    found = []
    for m in members:
        before = m.ties_before + m.activities_before
        after = m.ties_after + m.activities_after
        if before < least or after * 2 > before:
            continue
        reasons = []
        if m.ties_after < m.ties_before:
            reasons.append(_fell("Its ties in the network", m.ties_before, m.ties_after, m.periods))
        if m.activities_after < m.activities_before:
            reasons.append(
                _fell(
                    "The activities it took part in",
                    m.activities_before,
                    m.activities_after,
                    m.periods,
                )
            )
        reasons.append("A call or a visit now may keep it in the network.")
        evidence = {"before": before, "after": after, "action": "keep"}
        found.append(
            Suggestion(
                network_id,
                m.id,
                round(1 - after / before, 4),
                tuple(reasons),
                "membership",
                evidence,
            )
        )
    found.sort(key=lambda s: (-s.score, s.target))
    return found[:top]
