"""The life cycle of an introduction: proposed, agreed by both sides (double opt-in), met,
and its outcome.

::

    proposed --agree_a--> agreed_a --agree_b--> agreed --met--> met --succeed--> successful
        \\---agree_b--> agreed_b --agree_a--/                 \\--fail--> unsuccessful
    (any open step) --decline--> declined

Only an introduction both sides agreed to may be recorded as met, and only one that met has
an outcome; a successful one becomes a tie (the web app records it, provenance
``brokered``).
"""

from __future__ import annotations

__all__ = ["ACTIONS", "CLOSED", "STATUSES", "IntroductionError", "next_status"]

#: Statuses in the order of the life cycle.
STATUSES = (
    "proposed",
    "agreed_a",
    "agreed_b",
    "agreed",
    "met",
    "successful",
    "unsuccessful",
    "declined",
)
CLOSED = frozenset({"successful", "unsuccessful", "declined"})

#: action -> {from status: to status}
ACTIONS: dict[str, dict[str, str]] = {
    "agree_a": {"proposed": "agreed_a", "agreed_b": "agreed"},
    "agree_b": {"proposed": "agreed_b", "agreed_a": "agreed"},
    "met": {"agreed": "met"},
    "succeed": {"met": "successful"},
    "fail": {"met": "unsuccessful"},
    "decline": {s: "declined" for s in ("proposed", "agreed_a", "agreed_b", "agreed")},
}

_WHY = {
    "agree_a": "The first side has already agreed, or the introduction is closed.",
    "agree_b": "The second side has already agreed, or the introduction is closed.",
    "met": "Both sides must agree before they meet.",
    "succeed": "Record that they met before recording the outcome.",
    "fail": "Record that they met before recording the outcome.",
    "decline": "The introduction has already met or closed.",
}


class IntroductionError(ValueError):
    """An action the introduction's status does not allow (the message says why)."""


def next_status(status: str, action: str) -> str:
    """The status after ``action``.

    >>> next_status("agreed_a", "agree_b")
    'agreed'
    >>> next_status("proposed", "met")
    Traceback (most recent call last):
    ...
    nlc.brokerage.lifecycle.IntroductionError: Both sides must agree before they meet.
    """
    if action not in ACTIONS:
        raise IntroductionError(
            f"Unknown action {action!r}; choose one of {', '.join(sorted(ACTIONS))}."
        )
    moves = ACTIONS[action]
    if status not in moves:
        raise IntroductionError(_WHY[action])
    return moves[status]
