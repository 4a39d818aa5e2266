"""Plain records of the knowledge search core: documents, filters, hits, and word splitting.

The web app turns its rows into :class:`Document` objects and hands them to an index; searches
return :class:`Hit` objects. Nothing here knows about a database or a model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["FILTER_FIELDS", "Document", "Filters", "Hit", "query_words"]

#: The document fields a search can be filtered on (besides the date range).
FILTER_FIELDS = ("kind", "ecm_outcome", "phase", "theme", "network")

# A short English stop list: words that carry no topic in a teacher's query. Kept small on
# purpose, since every word dropped here is a word full text can no longer match.
_STOP_TEXT = """
a about after all also am an and any are as at be been before being but by can cannot could
did do does doing don done for from get gets getting got had has have having he her here
hers him his how i if in into is isn it its just me more most my no nor not of off on once
only or other our ours out over own same she should so some such than that the their theirs
them then there these they this those through to too under until up very was wasn we were
what when where which while who whom why will with won would you your yours s t ll re ve d m
"""
STOPWORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def query_words(text: str) -> list[str]:
    """Split a query into lower-case words worth matching, in order, without repeats.

    Parameters
    ----------
    text : str
        What the user typed.

    Returns
    -------
    list of str
        Words of at least two characters that are not stop words.

    Examples
    --------
    >>> query_words("Pupils who won't speak up in class")
    ['pupils', 'speak', 'class']
    """
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        if len(word) > 1 and word not in STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)


def _as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(v for v in value if v)


@dataclass(frozen=True)
class Document:
    """One knowledge item as the search index sees it.

    Parameters
    ----------
    id : str
        The item's identifier in the application (a primary key as text).
    title, summary, body : str
        The texts searched, in decreasing order of weight.
    tags : tuple of str
        Keywords, searched with the weight of the summary.
    kind : str
        Account of practice, think piece, case study, tool or data-set.
    ecm_outcome, phase, theme, network : str
        Filterable facets.
    date : str
        ISO date (``YYYY-MM-DD``), for date-range filters.
    """

    id: str
    title: str
    summary: str = ""
    body: str = ""
    tags: tuple[str, ...] = ()
    kind: str = ""
    ecm_outcome: str = ""
    phase: str = ""
    theme: str = ""
    network: str = ""
    date: str = ""

    def __post_init__(self) -> None:
        if not str(self.id):
            raise ValueError("a document needs a non-empty id")
        object.__setattr__(self, "id", str(self.id))
        object.__setattr__(self, "tags", _as_tuple(self.tags))

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        """Build a document from a mapping, ignoring keys it does not know."""
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    @property
    def head(self) -> str:
        """Title and summary: what a reader sees first, embedded apart for re-ranking."""
        return f"{self.title}. {self.summary}".strip()

    @property
    def full_text(self) -> str:
        """Every searchable text of the document, for embedding."""
        return " ".join(x for x in (self.head, self.body, " ".join(self.tags)) if x)


@dataclass(frozen=True)
class Filters:
    """What to restrict a search to; each facet takes one value or several (any of them).

    Parameters
    ----------
    kind, ecm_outcome, phase, theme, network : str or iterable of str, optional
    date_from, date_to : str, optional
        Inclusive ISO dates.
    """

    kind: tuple[str, ...] = ()
    ecm_outcome: tuple[str, ...] = ()
    phase: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    network: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def __post_init__(self) -> None:
        for name in FILTER_FIELDS:
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {value!r}")

    @property
    def empty(self) -> bool:
        """True when nothing is filtered."""
        return not (any(getattr(self, n) for n in FILTER_FIELDS) or self.date_from or self.date_to)

    def sql(self, placeholder: str, alias: str = "d") -> tuple[str, list[str]]:
        """Return a SQL condition (``"1=1"`` when empty) and its parameters."""
        clauses: list[str] = []
        params: list[str] = []
        for name in FILTER_FIELDS:
            values = getattr(self, name)
            if values:
                marks = ", ".join([placeholder] * len(values))
                clauses.append(f"{alias}.{name} IN ({marks})")
                params.extend(values)
        if self.date_from:
            clauses.append(f"{alias}.date >= {placeholder}")
            params.append(self.date_from)
        if self.date_to:
            clauses.append(f"{alias}.date <= {placeholder}")
            params.append(self.date_to)
        return (" AND ".join(clauses) or "1=1"), params


@dataclass
class Hit:
    """One search result.

    Attributes
    ----------
    id : str
        The document's id.
    score : float
        The ranking score (higher is better; comparable within one search only).
    title : str
    snippet : str
        HTML-safe text with the matched words in ``<mark>`` elements.
    parts : dict
        The components of the score (full text, expansion, semantic, ...), for explanation.
    """

    id: str
    score: float
    title: str = ""
    snippet: str = ""
    parts: dict[str, float] = field(default_factory=dict)
