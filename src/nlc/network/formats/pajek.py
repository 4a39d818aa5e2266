"""Pajek (``.net``, and the first network of a ``.paj`` project), as written by Pajek,
networkx, igraph and UCINET.

Reader and writer side by side: :func:`read_pajek` here, with its section readers below
it; a ``write_pajek`` belongs in this module too, next to the reader, so that the two agree
on vertex labels, ``*Arcs``/``*Edges`` and ``key value`` pairs on tie lines.

Sections read: ``*Vertices n`` (or ``*Vertices n n_rows`` for a two-mode network), ``*Arcs``,
``*Edges``, ``*Arcslist``, ``*Edgeslist`` and ``*Matrix``; a relation named on a section
line (``*Arcs :2 "advice"``) becomes the tie type. Reading stops at a second network or at
a partition, vector, permutation, cluster or hierarchy.
"""

from __future__ import annotations

import re
from pathlib import Path

from nlc.errors import InputError
from nlc.network.formats import _common
from nlc.network.model import TieTable

__all__ = ["read_pajek", "write_pajek"]

_PAJEK_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_PAJEK_SHAPES = {"ellipse", "box", "diamond", "triangle", "cross", "empty", "man", "woman"}
_PAJEK_TIE_KEYWORDS = {
    "w", "c", "p", "s", "a", "ap", "l", "lp", "lr", "lphi", "lc", "la", "lf", "fos", "font",
    "h1", "h2", "a1", "a2", "k1", "k2", "b1", "b2",
}  # fmt: skip
_PAJEK_TIE_SECTIONS = {"arcs": True, "edges": False, "arcslist": True, "edgeslist": False,
                       "matrix": True}  # fmt: skip
_PAJEK_OTHER_SECTIONS = {"partition", "vector", "permutation", "cluster", "hierarchy"}
_PAJEK_HEADER = re.compile(r"\*([A-Za-z]*)\s*(.*)")
_PAJEK_RELATION = re.compile(r':\s*(\d+)(?:\s+"([^"]*)"|\s+(\S+))?')


def read_pajek(path: str | Path, *, weight: str | None = None) -> TieTable:
    """Read a Pajek ``.net`` (or ``.paj``) file; vertices 1 to n become ``nodes``, named by
    their labels (or numbers).

    ``weight`` is the key of the ``key value`` pairs on tie lines holding weights (by
    default the value after the two vertex numbers). Raises :class:`~nlc.errors.InputError`,
    naming the file and line, for a missing ``*Vertices`` line, an unknown section, a tie
    naming an undeclared vertex, repeated labels, a ``*Matrix`` of the wrong shape or a
    weight that is not a number of at least 0. See
    :func:`~nlc.network.formats.read_graph_file`.
    """
    path = Path(path)
    return _PajekReader(str(path), weight).read(_common.read_text(path).splitlines())


def write_pajek(ties: TieTable, path: str | Path) -> None:
    """Write ties, their nodes and node attributes as a Pajek ``.net`` file, which
    :func:`read_pajek` (and Pajek, networkx and igraph) read back.

    Directed ties go under ``*Arcs``, others under ``*Edges``. Vertex lines carry
    ``0.0 0.0 ellipse`` (as networkx writes them) before any ``key "value"`` pairs; tie lines
    carry the weight (1.0 where there are none but a type or date follows), then ``type``
    and ``date`` pairs. A label or value with a double quote cannot be written.
    """
    ids, attributes = _common.nodes_to_write(ties)
    number = {node: k for k, node in enumerate(ids, start=1)}
    lines = [f"*Vertices {len(ids)}"]
    for i, node in enumerate(ids):
        pairs = _pajek_pairs({name: column[i] for name, column in attributes.items()}, path)
        coordinates = " 0.0 0.0 ellipse" if pairs else ""
        lines.append(f"{i + 1} {_common.quoted(node, path, 'node id')}{coordinates}{pairs}")
    lines.append("*Arcs" if ties.directed else "*Edges")
    values = _common.tie_values(ties)
    weights = values.pop("weight", None)
    for k, (source, target) in enumerate(zip(ties.source, ties.target, strict=True)):
        pairs = _pajek_pairs({name: column[k] for name, column in values.items()}, path)
        weight = weights[k] if weights is not None else ("1.0" if pairs else "")
        lines.append(f"{number[source]} {number[target]} {weight}{pairs}".rstrip())
    _common.write_text(path, "\n".join(lines) + "\n")


def _pajek_pairs(values: dict[str, str | None], path: str | Path) -> str:
    return "".join(
        f" {_common.quoted(name, path, 'name')} {_common.quoted(value, path, 'value')}"
        for name, value in values.items()
        if value is not None
    )


def _pajek_tokens(line: str) -> list[str]:
    return [
        m.group(1) if m.group(1) is not None else m.group(2) for m in _PAJEK_TOKEN.finditer(line)
    ]


class _PajekReader:
    """The state of one pass over a Pajek file: one method per kind of line."""

    def __init__(self, where: str, weight: str | None) -> None:
        self.where = where
        self.custom_weight = weight if weight not in (None, "weight") else None
        self.n: int | None = None
        self.n_rows = 0  # two-mode: the first n_rows vertices are the row mode
        self.vertices_line = 0
        self.labels: dict[int, tuple[str, int]] = {}
        self.vertex_attrs: dict[int, dict[str, str | None]] = {}
        self.ties = _common.Ties(where)
        self.ends: list[tuple[int, int]] = []  # vertex numbers of each tie, named at the end
        self.section: str | None = None
        self.relation: str | None = None
        self.matrix_row = 0
        self.weighted = False
        self.saw_custom = False

    def read(self, lines: list[str]) -> TieTable:
        line_readers = {
            "vertices": self._vertex_line,
            "arcs": self._tie_line,
            "edges": self._tie_line,
            "arcslist": self._list_line,
            "edgeslist": self._list_line,
            "matrix": self._matrix_line,
        }
        lineno = 0
        for lineno, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line or line.startswith("%"):
                continue
            if line.startswith("*"):
                if not self._section_line(line, lineno):
                    break
                continue
            if self.n is None:
                raise InputError(
                    "expected a *Vertices line first (this does not look like a Pajek file)",
                    path=self.where,
                    row=lineno,
                )
            line_readers[self.section](_pajek_tokens(line), lineno)
        if self.n is None:
            raise InputError(
                "has no *Vertices line (this does not look like a Pajek file)", path=self.where
            )
        self._end_matrix(lineno)
        if self.custom_weight is not None and not self.saw_custom:
            raise InputError(
                f"no tie line has a {self.custom_weight!r} value for the weights",
                path=self.where,
            )
        return self._finish()

    def _section_line(self, line: str, lineno: int) -> bool:
        """Start a section; ``False`` where reading stops (a second network, a partition)."""
        head = _PAJEK_HEADER.match(line)
        word, rest = head.group(1).casefold(), head.group(2)
        self._end_matrix(lineno)
        if word == "network":
            return self.n is None  # a second network in a .paj project: read the first only
        if word == "vertices":
            if self.n is not None:
                return False
            self.n, self.n_rows = _pajek_vertex_count(rest, self.where, lineno)
            self.vertices_line = lineno
            self.section = "vertices"
            return True
        if word in _PAJEK_TIE_SECTIONS:
            if self.n is None:
                raise InputError(f"*{word} comes before *Vertices", path=self.where, row=lineno)
            self.section = word
            match = _PAJEK_RELATION.match(rest.strip())
            self.relation = None
            if match:
                self.relation = match.group(2) or match.group(3) or match.group(1)
            self.ties.declared.add(_PAJEK_TIE_SECTIONS[word])
            self.matrix_row = 0
            return True
        if word in _PAJEK_OTHER_SECTIONS and self.n is not None:
            self.section = None
            return False
        raise InputError(
            f"unknown Pajek section {line.split()[0]!r}; NLC reads *Vertices, *Arcs, "
            "*Edges, *Arcslist, *Edgeslist and *Matrix",
            path=self.where,
            row=lineno,
        )

    def _vertex(self, token: str, lineno: int) -> int:
        n = self.n
        try:
            v = int(token)
        except ValueError:
            raise InputError(
                f"{token!r} is not a vertex number", path=self.where, row=lineno
            ) from None
        if not 1 <= v <= n:
            raise InputError(
                f"vertex {v} is not declared: *Vertices {n} (line {self.vertices_line}) "
                f"declares vertices 1 to {n}",
                path=self.where,
                row=lineno,
            )
        return v

    def _end_matrix(self, lineno: int) -> None:
        expected = self.n_rows if self.n_rows else self.n
        if self.section == "matrix" and self.matrix_row != expected:
            raise InputError(
                f"the *Matrix section has {self.matrix_row} rows, expected {expected}",
                path=self.where,
                row=lineno,
            )

    def _vertex_line(self, tokens: list[str], lineno: int) -> None:
        v = self._vertex(tokens[0], lineno)
        if v in self.labels:
            raise InputError(
                f"vertex {v} is listed twice (first at line {self.labels[v][1]})",
                path=self.where,
                row=lineno,
            )
        label = tokens[1] if len(tokens) > 1 and tokens[1].strip() else str(v)
        self.labels[v] = (label, lineno)
        self.vertex_attrs[v] = _pajek_vertex_attributes(tokens[2:])

    def _tie_line(self, tokens: list[str], lineno: int) -> None:
        """An *Arcs or *Edges line: two vertices, a value, then ``key value`` pairs."""
        where = self.where
        if len(tokens) < 2:
            raise InputError("a tie line needs two vertex numbers", path=where, row=lineno)
        a, b = self._vertex(tokens[0], lineno), self._vertex(tokens[1], lineno)
        extra = tokens[2:]
        w = None
        if extra and not (extra[0].casefold() in _PAJEK_TIE_KEYWORDS and len(extra) > 1):
            w = _common.weight_value(extra[0], where, lineno)
            extra = extra[1:]
        pairs = dict(zip(extra[0::2], extra[1::2], strict=False))
        if self.custom_weight is not None:
            w = None
            if self.custom_weight in pairs:
                w = _common.weight_value(pairs[self.custom_weight], where, lineno)
                self.saw_custom = True
        self.weighted |= w is not None
        self.ends.append((a, b))
        self.ties.add(
            "",
            "",
            lineno,
            weight=w,
            type=self.relation or _common.clean(pairs.get("type")),
            date=_common.date_value(pairs.get("date"), where, lineno),
            directed=_PAJEK_TIE_SECTIONS[self.section],
        )

    def _list_line(self, tokens: list[str], lineno: int) -> None:
        """An *Arcslist or *Edgeslist line: a vertex, then each vertex it is tied to."""
        a = self._vertex(tokens[0], lineno)
        directed = _PAJEK_TIE_SECTIONS[self.section]
        for token in tokens[1:]:
            self.ends.append((a, self._vertex(token, lineno)))
            self.ties.add("", "", lineno, type=self.relation, directed=directed)

    def _matrix_line(self, tokens: list[str], lineno: int) -> None:
        """A *Matrix row; in a two-mode network, rows are the row mode, columns the other."""
        n, n_rows = self.n, self.n_rows
        width = n - n_rows if n_rows else n
        offset = n_rows if n_rows else 0
        if self.matrix_row >= (n_rows or n):
            raise InputError(
                f"the *Matrix section has more than {n_rows or n} rows",
                path=self.where,
                row=lineno,
            )
        if len(tokens) != width:
            raise InputError(
                f"a *Matrix row needs {width} values, this one has {len(tokens)}",
                path=self.where,
                row=lineno,
            )
        self.matrix_row += 1
        for j, token in enumerate(tokens, start=1):
            w = _common.weight_value(token, self.where, lineno, what="matrix value")
            if w != 0:
                self.weighted = True
                self.ends.append((self.matrix_row, offset + j))
                self.ties.add("", "", lineno, weight=w, type=self.relation, directed=True)

    def _finish(self) -> TieTable:
        """Name every vertex by its label and each tie's ends by their vertices' names."""
        n = self.n
        ids: list[str] = []
        rows: list[int] = []
        seen: dict[str, int] = {}
        for v in range(1, n + 1):
            label, row = self.labels.get(v, (str(v), self.vertices_line))
            if label in seen:
                raise InputError(
                    f"vertex {v} has the label {label!r}, like vertex {seen[label]}; labels "
                    "become node ids so they must differ",
                    path=self.where,
                    row=row,
                )
            seen[label] = v
            ids.append(label)
            rows.append(row)
        self.ties.source = [ids[a - 1] for a, _ in self.ends]
        self.ties.target = [ids[b - 1] for _, b in self.ends]
        records = [self.vertex_attrs.get(v, {}) for v in range(1, n + 1)]
        nodes = _common.node_table(self.where, ids, rows, records)
        return self.ties.table(nodes, has_weight=self.weighted)


def _pajek_vertex_count(rest: str, path: str, lineno: int) -> tuple[int, int]:
    parts = rest.split()
    try:
        counts = [int(p) for p in parts[:2]]
    except ValueError:
        counts = []
    if not counts or counts[0] < 0:
        raise InputError(
            f"*Vertices needs the number of vertices, not {rest.strip()!r}",
            path=path,
            row=lineno,
        )
    n = counts[0]
    n_rows = counts[1] if len(counts) > 1 else 0
    if len(counts) > 1 and not 0 < n_rows < n:
        raise InputError(
            f"a two-mode *Vertices line needs 0 < {n_rows} < {n}", path=path, row=lineno
        )
    return n, n_rows


def _pajek_vertex_attributes(tokens: list[str]) -> dict[str, str | None]:
    """``key value`` pairs after the coordinates and shape (networkx writes attributes so)."""
    i = 0
    while i < len(tokens) and i < 3 and _is_number(tokens[i]):
        i += 1
    if i < len(tokens) and tokens[i].casefold() in _PAJEK_SHAPES:
        i += 1
    rest = tokens[i:]
    return dict(zip(rest[0::2], rest[1::2], strict=False))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
