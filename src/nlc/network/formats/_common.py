"""Helpers shared by the format modules: collecting ties, node tables, checked values, XML.

Private to :mod:`nlc.network.formats`; the format modules import from here and from nowhere
else in the package, so no two format modules depend on each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import numpy as np

from nlc.errors import InputError
from nlc.network.model import NodeTable, TieTable
from nlc.network.tables import decode_text, parse_date, parse_weight

# --------------------------------------------------------------------------------------
# Ties, nodes and values


@dataclass
class Ties:
    """Ties collected while reading, with per-tie direction, finished into a TieTable."""

    path: str
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    weight: list[float | None] = field(default_factory=list)
    type: list[str | None] = field(default_factory=list)
    date: list[dt.date | None] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    directed: list[bool | None] = field(default_factory=list)
    declared: set[bool] = field(default_factory=set)  # directions named by empty sections

    def add(
        self,
        source: str,
        target: str,
        row: int,
        *,
        weight: float | None = None,
        type: str | None = None,
        date: dt.date | None = None,
        directed: bool | None = None,
    ) -> None:
        self.source.append(source)
        self.target.append(target)
        self.rows.append(row)
        self.weight.append(weight)
        self.type.append(type)
        self.date.append(date)
        self.directed.append(directed)

    def add_text(
        self,
        source: str,
        target: str,
        row: int,
        *,
        weight: tuple[str | None, int],
        type: str | None,
        date: tuple[str | None, int],
        directed: bool | None,
    ) -> None:
        """Add a tie whose weight and date are still text, each with the line it is on."""
        (w_text, w_line), (d_text, d_line) = weight, date
        self.add(
            source,
            target,
            row,
            weight=None if w_text is None else weight_value(w_text, self.path, w_line),
            type=clean(type),
            date=date_value(d_text, self.path, d_line),
            directed=directed,
        )

    def table(self, nodes: NodeTable, *, has_weight: bool | None = None) -> TieTable:
        """Finish: settle the direction and drop columns no tie has.

        ``has_weight`` forces the weight column on (or off); by default it is present when
        any tie has a weight.
        """
        flags = set(self.directed) | self.declared
        directed = True if True in flags else (False if False in flags else None)
        keep = range(len(self.source))
        order: list[tuple[int, bool]] = []
        for i in keep:
            order.append((i, False))
            if directed and self.directed[i] is False:
                order.append((i, True))  # an undirected tie in a mixed file: both ways

        def column(values):
            return [values[i] for i, _ in order]

        source = [self.target[i] if flip else self.source[i] for i, flip in order]
        target = [self.source[i] if flip else self.target[i] for i, flip in order]
        if has_weight is None:
            has_weight = any(w is not None for w in self.weight)
        weight = None
        if has_weight:
            weight = np.array(
                [1.0 if w is None else w for w in column(self.weight)], dtype=np.float64
            )
        types = column(self.type)
        dates = column(self.date)
        return TieTable(
            path=self.path,
            source=source,
            target=target,
            weight=weight,
            type=types if any(t is not None for t in types) else None,
            date=dates if any(d is not None for d in dates) else None,
            rows=column(self.rows),
            directed=directed,
            nodes=nodes,
        )


def node_table(
    path: str,
    ids: list[str],
    rows: list[int],
    records: list[dict[str, str | None]],
    columns: list[str] | None = None,
) -> NodeTable:
    """Build a NodeTable; ``columns`` are declared attributes, kept even when all empty."""
    names = list(dict.fromkeys([*(columns or []), *(k for r in records for k in r)]))
    attributes = {name: [clean(record.get(name)) for record in records] for name in names}
    return NodeTable(path=path, ids=ids, attributes=attributes, rows=rows)


def clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def check_file(path: Path) -> bytes:
    if not path.exists():
        raise InputError("file not found", path=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a file", path=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path=str(path)) from None
    if not data.strip():
        raise InputError("the file is empty", path=str(path))
    return data


def read_text(path: Path) -> str:
    text = decode_text(check_file(path))
    if not text.strip():
        raise InputError("the file is empty", path=str(path))
    return text


def weight_value(text: str, path: str, row: int | None, what: str = "weight") -> float:
    """A weight: a finite number of at least 0 (the rule for tabular files too)."""
    try:
        return parse_weight(text, what)
    except ValueError as exc:
        raise InputError(str(exc), path=path, row=row) from None


def date_value(text: str | None, path: str, row: int | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise InputError(str(exc), path=path, row=row) from None


@dataclass(frozen=True)
class SurveyRecord:
    """One answer read from a survey file: ``respondent`` said ``value`` to ``question``
    about ``alter``.

    ``alter`` is ``None`` for an answer about the respondent themself (an ego variable, an
    ordinary question). ``alter_label`` is the name the file gives the alter, for matching
    it to the roster. ``from_alter`` is set when the tie answered about runs from that
    alter to ``alter`` rather than from the respondent (a tie between two alters that the
    respondent reports, as in Network Canvas's edge lists). All values are text, stripped;
    empty cells are not records.
    """

    respondent: str
    alter: str | None
    question: str
    value: str
    alter_label: str | None = None
    from_alter: str | None = None


# --------------------------------------------------------------------------------------
# XML: a small element tree that remembers the line of every element


class Element:
    __slots__ = ("attrib", "children", "chunks", "line", "tag")

    def __init__(self, tag: str, attrib: dict[str, str], line: int) -> None:
        self.tag = tag
        self.attrib = attrib
        self.line = line
        self.children: list[Element] = []
        self.chunks: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.chunks).strip()

    def find(self, tag: str) -> Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def iter(self) -> Iterator[Element]:
        """All descendants in document order (iteratively: deep nesting is no problem)."""
        stack = list(reversed(self.children))
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(element.children))


class _EntityRefused(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def parse_xml(path: Path) -> Element:
    data = check_file(path)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    roots: list[Element] = []
    stack: list[Element] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        element = Element(
            _local(name), {_local(k): v for k, v in attrs.items()}, parser.CurrentLineNumber
        )
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(name: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if stack:
            stack[-1].chunks.append(text)

    def entity(*args) -> None:
        raise _EntityRefused(parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise InputError(
            f"is not well-formed XML: {expat.ErrorString(exc.code)} (column {exc.offset + 1})",
            path=str(path),
            row=exc.lineno,
        ) from None
    except _EntityRefused as exc:
        raise InputError(
            "declares XML entities, which NLC does not expand; remove the <!DOCTYPE> block",
            path=str(path),
            row=exc.line,
        ) from None
    return roots[0]


def xml_root(path: Path, tag: str, name: str) -> tuple[Element, Element]:
    """Parse, check the root element, and return it with its first <graph>."""
    root = parse_xml(path)
    if root.tag != tag:
        raise InputError(
            f"is not a {name} file: the root element is <{root.tag}>, expected <{tag}>",
            path=str(path),
            row=root.line,
        )
    graph = root.find("graph")
    if graph is None:
        raise InputError(f"has no <graph> element inside <{tag}>", path=str(path), row=root.line)
    return root, graph


def need_attr(element: Element, attr: str, path: str) -> str:
    value = element.attrib.get(attr)
    if value is None or not value.strip():
        raise InputError(f"<{element.tag}> has no {attr!r} attribute", path=path, row=element.line)
    return value.strip()


# --------------------------------------------------------------------------------------
# Writing


def nodes_to_write(ties: TieTable) -> tuple[list[str], dict[str, list[str | None]]]:
    """The nodes of a tie table, declared ones first, then tie ends not declared, with the
    attributes of each (``None`` for the undeclared)."""
    declared = ties.nodes.ids if ties.nodes is not None else []
    ids = list(dict.fromkeys([*declared, *ties.source, *ties.target]))
    extra = [None] * (len(ids) - len(declared))
    attributes = {}
    if ties.nodes is not None:
        attributes = {name: [*values, *extra] for name, values in ties.nodes.attributes.items()}
    return ids, attributes


def tie_values(ties: TieTable) -> dict[str, list[str | None]]:
    """The ``weight``, ``type`` and ``date`` of each tie as text, for the columns present,
    then the tie's other ``attributes``."""
    out: dict[str, list[str | None]] = {}
    if ties.weight is not None:
        out["weight"] = [repr(float(w)) for w in ties.weight]
    if ties.type is not None:
        out["type"] = list(ties.type)
    if ties.date is not None:
        out["date"] = [None if d is None else d.isoformat() for d in ties.date]
    for name, values in ties.attributes.items():
        out.setdefault(name, list(values))
    return out


def quoteattr(text: str) -> str:
    """:func:`xml.sax.saxutils.quoteattr`, imported on first use (that module imports urllib,
    http and email: 15 ms that reading a network does not need)."""
    from xml.sax.saxutils import quoteattr as quote

    return quote(text)


def escape(text: str) -> str:
    """:func:`xml.sax.saxutils.escape`, imported on first use (see :func:`quoteattr`)."""
    from xml.sax.saxutils import escape as escaped

    return escaped(text)


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8, turning a file-system error into an :class:`InputError`."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot be written ({exc.strerror})", path=str(path)) from None


def quoted(text: str, path: str | Path, what: str) -> str:
    """``text`` in double quotes, for formats (Pajek, DL) that cannot escape a quote."""
    if '"' in text:
        raise InputError(f"a {what} cannot contain '\"' in this format: {text!r}", path=str(path))
    return f'"{text}"'
