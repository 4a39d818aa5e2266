"""Brokering access to resources: matching what organisations offer with what others need.

An offer matches a need of the same kind (funding, expertise, venues, data, people's time)
from another organisation whose dates, when both give them, overlap. The score adds the
words their descriptions share, a network they share, and the same place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from nlc.brokerage.suggestion import Suggestion
from nlc.brokerage.text import shared_keywords

__all__ = ["Entry", "match_resources"]


@dataclass(frozen=True)
class Entry:
    """One line of the register: an offer or a need of an organisation."""

    id: int
    organisation: str  # "o<pk>"
    organisation_name: str
    kind: str
    kind_label: str
    description: str
    start: dt.date | None = None
    end: dt.date | None = None
    networks: frozenset[str] = frozenset()
    place: str | None = None


def _overlap(offer: Entry, need: Entry) -> bool:
    starts = [d for d in (offer.start, need.start) if d]
    ends = [d for d in (offer.end, need.end) if d]
    return not starts or not ends or max(starts) <= min(ends)


def _quote(text: str, most: int = 80) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= most else f"“{text[: most - 1]}…”"


def _match(offer: Entry, need: Entry) -> Suggestion:
    overlap, words = shared_keywords(offer.description, need.description)
    label = offer.kind_label.lower()
    reasons = [
        f"{offer.organisation_name} offers {label}: {_quote(offer.description)}; "
        f"{need.organisation_name} needs {label}: {_quote(need.description)}."
    ]
    score = 1.0 + 3.0 * overlap
    if words:
        reasons.append(f"Both speak of {', '.join(words[:4])}.")
    shared = sorted(offer.networks & need.networks)
    if shared:
        score += 0.5
        reasons.append("They are in the same network.")
    if offer.place and offer.place == need.place:
        score += 0.5
        reasons.append(f"Both are in {offer.place}.")
    evidence = {"offer": offer.id, "need": need.id, "resource_kind": offer.kind}
    if shared:
        evidence["networks"] = shared
    return Suggestion(
        offer.organisation,
        need.organisation,
        round(score, 4),
        tuple(reasons),
        "resource",
        evidence,
    )


def match_resources(
    offers: Iterable[Entry], needs: Iterable[Entry], *, top: int | None = None
) -> list[Suggestion]:
    """Matches between offers and needs, best first; the best match per pair of
    organisations only.

    Returns
    -------
    list of Suggestion
        ``kind="resource"``, source the offering organisation, target the one in need;
        ``evidence`` names the offer and the need (register ids).

    Examples
    --------
    >>> offer = Entry(1, "o1", "Oak Primary", "venues", "Venues", "Hall for evening events")
    >>> need = Entry(2, "o2", "Youth Club", "venues", "Venues", "A hall for evening sessions")
    >>> match_resources([offer], [need])[0].reasons[1]
    'Both speak of evening, hall.'
    """
    by_kind: dict[str, list[Entry]] = {}
    for need in needs:
        by_kind.setdefault(need.kind, []).append(need)
    best: dict[tuple[str, str], Suggestion] = {}
    for offer in offers:
        for need in by_kind.get(offer.kind, []):
            if need.organisation == offer.organisation or not _overlap(offer, need):
                continue
            found = _match(offer, need)
            key = (offer.organisation, need.organisation)
            if key not in best or found.score > best[key].score:
                best[key] = found
    ranked = sorted(best.values(), key=lambda s: (-s.score, s.source, s.target))
    return ranked if top is None else ranked[:top]
