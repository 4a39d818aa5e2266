"""What the brokerage assistant remembers about a suggestion: its key, the fingerprint of its
reasons (a dismissed suggestion comes back only with a new reason), and whether it is held
back as a random control."""

from __future__ import annotations

import hashlib

from nlc.brokerage.suggestion import Suggestion

__all__ = ["fingerprint", "held_back", "suggestion_key"]


def suggestion_key(suggestion: Suggestion) -> tuple[str, str, str]:
    """(kind, source, target): which suggestion this is, whatever its reasons."""
    return suggestion.kind, suggestion.source, suggestion.target


def fingerprint(suggestion: Suggestion) -> str:
    """A hash of the suggestion's reasons (order ignored), 16 hex digits.

    Reasons state the evidence in words and figures ("both work with Oak Primary"), so a
    fingerprint changes when the evidence gives a new reason, not when a score moves. The
    simulation's verdict counts only as "a gain" or "no clear gain": its figures move with
    every change anywhere in the network.
    """
    text = "\n".join(sorted(_verdict(reason) for reason in suggestion.reasons))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _verdict(reason: str) -> str:
    if not reason.startswith("in simulation"):
        return reason
    return "in simulation: gain" if "more members on average" in reason else "in simulation"


def held_back(key: tuple[str, str, str], share: float, seed: int = 0) -> bool:
    """Whether the suggestion ``key`` falls in the random control share (0 to 1).

    The draw is a hash of the seed and the key, so the same suggestion is held back every
    time it is made, on any page, and about ``share`` of all suggestions are.
    """
    if share <= 0:
        return False
    digest = hashlib.sha256(f"{seed}:{':'.join(key)}".encode()).hexdigest()
    return int(digest[:8], 16) / 0x1_0000_0000 < share
