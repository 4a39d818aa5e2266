"""Words that say what a piece of text is about, for matching focus, offers and needs."""

from __future__ import annotations

import re

__all__ = ["keywords", "shared_keywords"]

_WORD = re.compile(r"[a-z][a-z'-]+")
#: Common words that say nothing about a topic (and the words every network shares).
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "across",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "between",
        "both",
        "but",
        "by",
        "can",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "more",
        "of",
        "on",
        "or",
        "our",
        "out",
        "over",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "through",
        "to",
        "up",
        "we",
        "what",
        "when",
        "which",
        "who",
        "with",
        "within",
        "work",
        "working",
        "network",
        "networks",
        "school",
        "schools",
        "support",
    ]
)


def keywords(text: str | None) -> frozenset[str]:
    """The topic words of ``text``: lower case, three letters or more, no stop words, a
    plural made singular ("families" becomes "family", "walks" "walk").

    >>> sorted(keywords("Family learning walks across the neighbourhood"))
    ['family', 'learning', 'neighbourhood', 'walk']
    """
    found = set()
    for word in _WORD.findall((text or "").lower()):
        word = word.strip("'-")
        if len(word) < 3 or word in STOP_WORDS:
            continue
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith(("ss", "us")):
            word = word[:-1]
        found.add(word)
    return frozenset(found)


def shared_keywords(a: str | None, b: str | None) -> tuple[float, list[str]]:
    """How far two texts share topic words: (Jaccard overlap in [0, 1], the shared words)."""
    left, right = keywords(a), keywords(b)
    if not left or not right:
        return 0.0, []
    shared = left & right
    return len(shared) / len(left | right), sorted(shared)
