"""Brokering partnerships beyond the network: organisations outside it, of the kinds of
partner it lacks (health, social care, police, library, voluntary and community, business,
further and higher education).

A network *lacks* a kind when no member is of that kind, and is *thin* in it when its
members of that kind take part in at most one of its ties. Outside organisations of a
lacking kind score highest, then those of a thin kind; ties they already have with members,
the same place, and another network they could link to add to the score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nlc.brokerage.membership import Candidate, NetworkProfile, _list
from nlc.brokerage.suggestion import Suggestion

__all__ = ["PARTNER_KINDS", "gaps", "partnerships"]

#: The kinds of partner beyond schools that a network may lack, in the papers' order.
PARTNER_KINDS = (
    "health",
    "social_care",
    "police",
    "library",
    "voluntary",
    "business",
    "further_higher",
)


@dataclass(frozen=True)
class Gap:
    kind: str
    label: str
    lacking: bool  # no member of this kind (else: members, but thinly tied)


def gaps(
    member_kinds: Mapping[str, int], tied_kinds: Mapping[str, int], labels: Mapping[str, str]
) -> dict[str, Gap]:
    """The partner kinds a network lacks or is thin in.

    Parameters
    ----------
    member_kinds : mapping
        Number of member organisations of each kind.
    tied_kinds : mapping
        Number of the network's ties that have an end of each kind.
    labels : mapping
        A readable label for each kind.
    """
    found = {}
    for kind in PARTNER_KINDS:
        label = labels.get(kind, kind)
        if not member_kinds.get(kind):
            found[kind] = Gap(kind, label, True)
        elif tied_kinds.get(kind, 0) <= 1:
            found[kind] = Gap(kind, label, False)
    return found


def _reasons(network: NetworkProfile, gap: Gap, outsider: Candidate) -> tuple[float, list[str]]:
    label = gap.label.lower()
    if gap.lacking:
        score, reasons = 3.0, [f"The network has no {label} partner; this is one."]
    else:
        score = 1.5
        reasons = [f"The network's {label} members take little part in its ties; this is another."]
    if outsider.tied_members:
        score += min(len(outsider.tied_members), 3)
        reasons.append(f"It already works with {_list(outsider.tied_members)}.")
    if outsider.place and outsider.place in network.places:
        score += 1.0
        reasons.append(f"It is in {outsider.place}, where the network works.")
    if outsider.networks:
        score += 0.5
        reasons.append(f"It would link the network to {_list(outsider.networks)}.")
    return score, reasons


def partnerships(
    network: NetworkProfile,
    outsiders: Iterable[Candidate],
    network_gaps: Mapping[str, Gap],
    *,
    top: int = 10,
) -> list[Suggestion]:
    """Organisations outside ``network`` of the kinds it lacks or is thin in, best first.

    Returns
    -------
    list of Suggestion
        ``kind="partnership"``, source the network, target the organisation; the evidence
        says which kind and whether the network lacks it.

    Examples
    --------
    >>> net = NetworkProfile("n1", "North", places=frozenset({"Leeds"}))
    >>> shop = Candidate("o7", "Leeds Bakery", "business", place="Leeds")
    >>> g = gaps({"school": 9}, {}, {"business": "Business"})
    >>> partnerships(net, [shop], g)[0].reasons[0]
    'The network has no business partner; this is one.'
    """
    found = []
    for outsider in outsiders:
        gap = network_gaps.get(outsider.kind)
        if gap is None:
            continue
        score, reasons = _reasons(network, gap, outsider)
        evidence = {"partner_kind": gap.kind, "lacking": gap.lacking}
        found.append(
            Suggestion(network.id, outsider.id, score, tuple(reasons), "partnership", evidence)
        )
    found.sort(key=lambda s: (-s.score, s.target))
    return found[:top]
