"""Readers for graph files: GraphML, GEXF, Pajek and UCINET DL.

Each reader returns a :class:`~nlc.network.model.TieTable` whose ``nodes`` lists every node
the file declares, in file order, so that isolates are kept, and whose ``rows`` give the
line of each tie. Cleaning (unknown nodes, duplicates, self-loops) is left to
:func:`~nlc.network.model.build_network`, as for tabular files.

Notes
-----
The readers are written here rather than borrowed from networkx for two reasons: networkx
would become a run-time dependency of the core package, and its readers do not keep line
numbers, so a bad value could not be reported as "file, line 12". XML is parsed with the
standard library's expat parser (the parser underneath :mod:`xml.etree`), which reports the
line of every element and of every syntax error. Entity declarations are refused, so a
hostile file cannot expand into gigabytes ("billion laughs").

Conventions shared by all formats:

* weights must be numbers of at least 0, as in tabular files; a file with no weights gives
  ``weight=None``;
* ``directed`` is set only when the file says so; a file that mixes directed and undirected
  ties is read as directed, with each undirected tie given in both directions;
* node attribute values are strings, ``None`` where missing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import numpy as np

from nlc.errors import InputError
from nlc.network.model import NodeTable, TieTable
from nlc.network.tables import parse_date

__all__ = ["read_graph_file"]


def read_graph_file(path: Path, *, weight: str | None = None) -> TieTable:
    """Read a GraphML, GEXF, Pajek or UCINET DL file, chosen by its extension.

    Parameters
    ----------
    path : Path
        A ``.graphml``, ``.gexf``, ``.net``/``.paj`` or ``.dl`` file.
    weight : str, optional
        Name of the tie attribute holding weights (GraphML, GEXF, and ``key value`` pairs on
        Pajek tie lines). By default the attribute ``weight`` is used when present, and the
        value column of Pajek and DL files.

    Returns
    -------
    TieTable
        With ``nodes`` set to every declared node, in file order.

    Raises
    ------
    InputError
        For a missing or empty file, malformed XML, a tie naming an undeclared Pajek
        vertex, a DL matrix with the wrong number of cells, a weight that is not a number of
        at least 0, and similar faults, naming the file and line.
    """
    path = Path(path)
    readers = {
        ".graphml": _read_graphml,
        ".gexf": _read_gexf,
        ".net": _read_pajek,
        ".paj": _read_pajek,
        ".dl": _read_dl,
    }
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"not a graph file type NLC reads ({', '.join(readers)})", path=str(path))
    return reader(path, weight)


# --------------------------------------------------------------------------------------
# Shared helpers


@dataclass
class _Ties:
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


def _node_table(
    path: str,
    ids: list[str],
    rows: list[int],
    records: list[dict[str, str | None]],
    columns: list[str] | None = None,
) -> NodeTable:
    """Build a NodeTable; ``columns`` are declared attributes, kept even when all empty."""
    names = list(dict.fromkeys([*(columns or []), *(k for r in records for k in r)]))
    attributes = {name: [_clean(record.get(name)) for record in records] for name in names}
    return NodeTable(path=path, ids=ids, attributes=attributes, rows=rows)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _check_file(path: Path) -> bytes:
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


def _read_text(path: Path) -> str:
    data = _check_file(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise InputError("the file is empty", path=str(path))
    return text


def _weight(text: str, path: str, row: int | None, what: str = "weight") -> float:
    """A weight: a finite number of at least 0 (the rule for tabular files too)."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise InputError(f"{what} must be a number of at least 0, not {text!r}", path=path, row=row)
    return value


def _date(text: str | None, path: str, row: int | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise InputError(str(exc), path=path, row=row) from None


# --------------------------------------------------------------------------------------
# XML: a small element tree that remembers the line of every element


class _Element:
    __slots__ = ("attrib", "children", "chunks", "line", "tag")

    def __init__(self, tag: str, attrib: dict[str, str], line: int) -> None:
        self.tag = tag
        self.attrib = attrib
        self.line = line
        self.children: list[_Element] = []
        self.chunks: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.chunks).strip()

    def find(self, tag: str) -> _Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def iter(self) -> Iterator[_Element]:
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


def _parse_xml(path: Path) -> _Element:
    data = _check_file(path)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    roots: list[_Element] = []
    stack: list[_Element] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        element = _Element(
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


def _root(path: Path, tag: str, name: str) -> tuple[_Element, _Element]:
    """Parse, check the root element, and return it with its first <graph>."""
    root = _parse_xml(path)
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


def _need(element: _Element, attr: str, path: str) -> str:
    value = element.attrib.get(attr)
    if value is None or not value.strip():
        raise InputError(f"<{element.tag}> has no {attr!r} attribute", path=path, row=element.line)
    return value.strip()


# --------------------------------------------------------------------------------------
# GraphML


@dataclass
class _Key:
    name: str
    domain: str
    default: str | None


def _read_graphml(path: Path, weight: str | None) -> TieTable:
    where = str(path)
    root, graph = _root(path, "graphml", "GraphML")
    keys: dict[str, _Key] = {}
    for element in root.children:
        if element.tag != "key":
            continue
        key_id = _need(element, "id", where)
        if "yfiles.type" in element.attrib:
            continue  # yEd drawing data, not attributes
        default = element.find("default")
        keys[key_id] = _Key(
            name=element.attrib.get("attr.name") or key_id,
            domain=element.attrib.get("for", "all"),
            default=None if default is None else default.text,
        )
    node_keys = {k: key for k, key in keys.items() if key.domain in ("node", "all")}
    edge_keys = {k: key for k, key in keys.items() if key.domain in ("edge", "all")}
    wname = weight or "weight"
    weight_keys = {k for k, key in edge_keys.items() if key.name == wname}
    if weight is not None and not weight_keys:
        names = ", ".join(sorted({key.name for key in edge_keys.values()})) or "none"
        raise InputError(
            f"no edge attribute {weight!r} for the weights (edge attributes: {names})",
            path=where,
        )
    type_keys = {k for k, key in edge_keys.items() if key.name == "type"}
    date_keys = {k for k, key in edge_keys.items() if key.name == "date"}

    ids: list[str] = []
    rows: list[int] = []
    records: list[dict[str, str | None]] = []
    ties = _Ties(where)
    for element, inherited in _walk_graphml(graph, where):
        if element.tag == "node":
            ids.append(_need(element, "id", where))
            rows.append(element.line)
            record = {key.name: key.default for key in node_keys.values()}
            for data in element.children:
                if data.tag == "data":
                    key = _need(data, "key", where)
                    record[node_keys[key].name if key in node_keys else key] = data.text
            records.append(record)
        elif element.tag == "edge":
            source = _need(element, "source", where)
            target = _need(element, "target", where)
            values = {
                _need(data, "key", where): (data.text, data.line)
                for data in element.children
                if data.tag == "data"
            }
            w_text, w_line = _graphml_value(element, values, weight_keys, edge_keys)
            t_text, _ = _graphml_value(element, values, type_keys, edge_keys)
            d_text, d_line = _graphml_value(element, values, date_keys, edge_keys)
            ties.add(
                source,
                target,
                element.line,
                weight=None if w_text is None else _weight(w_text, where, w_line),
                type=_clean(t_text),
                date=_date(d_text, where, d_line),
                directed=_graphml_edge_direction(element, inherited, where),
            )
        elif element.tag == "hyperedge":
            raise InputError(
                "has a <hyperedge>; NLC reads ties between two nodes only",
                path=where,
                row=element.line,
            )
    nodes = _node_table(where, ids, rows, records, [key.name for key in node_keys.values()])
    return ties.table(nodes, has_weight=bool(weight_keys))


def _graphml_direction(graph: _Element, path: str) -> bool | None:
    value = graph.attrib.get("edgedefault")
    if value is None:
        return None
    if value.strip().lower() not in ("directed", "undirected"):
        raise InputError(
            f"edgedefault must be 'directed' or 'undirected', not {value!r}",
            path=path,
            row=graph.line,
        )
    return value.strip().lower() == "directed"


def _graphml_value(
    edge: _Element,
    values: dict[str, tuple[str, int]],
    wanted: set[str],
    keys: dict[str, _Key],
) -> tuple[str | None, int]:
    """An edge's value for one of the ``wanted`` keys, else the key's default, with its line."""
    for key in wanted:
        if key in values:
            return values[key]
    default = next((keys[k].default for k in wanted if keys[k].default is not None), None)
    return default, edge.line


def _walk_graphml(graph: _Element, path: str) -> Iterator[tuple[_Element, bool | None]]:
    """Elements of a GraphML graph and its nested graphs in document order, each with the
    ``edgedefault`` of its nearest enclosing graph (``None`` where no graph says)."""
    top = _graphml_direction(graph, path)
    stack = [(child, top) for child in reversed(graph.children)]
    while stack:
        element, inherited = stack.pop()
        if element.tag == "graph":
            own = _graphml_direction(element, path)
            inherited = own if own is not None else inherited
        yield element, inherited
        if element.tag in ("graph", "node"):
            stack.extend((child, inherited) for child in reversed(element.children))


def _graphml_edge_direction(edge: _Element, inherited: bool | None, path: str) -> bool | None:
    value = edge.attrib.get("directed")
    if value is None:
        return inherited
    value = value.strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise InputError(
        f"directed must be 'true' or 'false', not {edge.attrib['directed']!r}",
        path=path,
        row=edge.line,
    )


# --------------------------------------------------------------------------------------
# GEXF

_GEXF_DIRECTIONS = {"directed": True, "undirected": False, "mutual": False}


def _read_gexf(path: Path, weight: str | None) -> TieTable:
    where = str(path)
    _, graph = _root(path, "gexf", "GEXF")
    default_type = graph.attrib.get("defaultedgetype", "").strip().lower()
    graph_directed = _GEXF_DIRECTIONS.get(default_type)
    declared: dict[str, dict[str, tuple[str, str | None]]] = {"node": {}, "edge": {}}
    for block in graph.children:
        if block.tag != "attributes":
            continue
        kind = block.attrib.get("class", "node").strip().lower()
        for attribute in block.children:
            if attribute.tag == "attribute":
                attr_id = _need(attribute, "id", where)
                default = attribute.find("default")
                declared.setdefault(kind, {})[attr_id] = (
                    attribute.attrib.get("title") or attr_id,
                    None if default is None else default.text,
                )
    node_attrs, edge_attrs = declared["node"], declared["edge"]
    edge_titles = {title.casefold() for title, _ in edge_attrs.values()}
    if weight is not None and weight != "weight" and weight.casefold() not in edge_titles:
        names = ", ".join(sorted(title for title, _ in edge_attrs.values())) or "none"
        raise InputError(
            f"no edge attribute {weight!r} for the weights (edge attributes: {names})",
            path=where,
        )
    wname = (weight or "weight").casefold()

    ids: list[str] = []
    rows: list[int] = []
    records: list[dict[str, str | None]] = []
    has_label = False
    ties = _Ties(where)
    for element in graph.iter():
        if element.tag == "node":
            ids.append(_need(element, "id", where))
            rows.append(element.line)
            record: dict[str, str | None] = {}
            if "label" in element.attrib:
                has_label = True
                record["label"] = element.attrib["label"]
            for title, default in node_attrs.values():
                record.setdefault(title, default)
            for title, (value, _) in _attvalues(element, node_attrs).items():
                record[title] = value
            records.append(record)
        elif element.tag == "edge":
            source = _need(element, "source", where)
            target = _need(element, "target", where)
            values = {t.casefold(): v for t, v in _attvalues(element, edge_attrs).items()}
            defaults = {t.casefold(): (d, element.line) for t, d in edge_attrs.values()}
            w_text, w_line = None, element.line
            if wname == "weight" and "weight" in element.attrib:
                w_text = element.attrib["weight"]
            else:
                w_text, w_line = values.get(wname) or defaults.get(wname, (None, element.line))
            edge_type = element.attrib.get("type", "").strip().lower()
            tie_type = (values.get("type") or (None, 0))[0] or element.attrib.get("kind")
            if tie_type is None and edge_type and edge_type not in _GEXF_DIRECTIONS:
                tie_type = element.attrib["type"]  # networkx writes a tie's type here
            d_text, d_line = values.get("date") or defaults.get("date", (None, element.line))
            ties.add(
                source,
                target,
                element.line,
                weight=None if w_text is None else _weight(w_text, where, w_line),
                type=_clean(tie_type),
                date=_date(d_text, where, d_line),
                directed=_GEXF_DIRECTIONS.get(edge_type, graph_directed),
            )
    columns = (["label"] if has_label else []) + [t for t, _ in node_attrs.values()]
    return ties.table(_node_table(where, ids, rows, records, columns))


def _attvalues(
    element: _Element, declared: dict[str, tuple[str, str | None]]
) -> dict[str, tuple[str | None, int]]:
    """Attribute values of a GEXF node or edge, by title, each with its line."""
    out: dict[str, tuple[str | None, int]] = {}
    block = element.find("attvalues")
    for value in block.children if block is not None else ():
        if value.tag != "attvalue":
            continue
        ref = value.attrib.get("for", value.attrib.get("id"))
        if ref is None:
            continue
        title = declared[ref][0] if ref in declared else ref
        out[title] = (value.attrib.get("value"), value.line)
    return out


# --------------------------------------------------------------------------------------
# Pajek

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


def _pajek_tokens(line: str) -> list[str]:
    return [
        m.group(1) if m.group(1) is not None else m.group(2) for m in _PAJEK_TOKEN.finditer(line)
    ]


def _read_pajek(path: Path, weight: str | None) -> TieTable:
    where = str(path)
    lines = _read_text(path).splitlines()
    custom_weight = weight if weight not in (None, "weight") else None
    n: int | None = None
    n_rows = 0  # two-mode: the first n_rows vertices are the row mode
    vertices_line = 0
    labels: dict[int, tuple[str, int]] = {}
    vertex_attrs: dict[int, dict[str, str | None]] = {}
    ties = _Ties(where)
    ends: list[tuple[int, int]] = []  # vertex numbers of each tie, resolved to ids at the end
    section: str | None = None
    relation: str | None = None
    matrix_row = 0
    weighted = False
    saw_custom = False

    def vertex(token: str, lineno: int) -> int:
        try:
            v = int(token)
        except ValueError:
            raise InputError(f"{token!r} is not a vertex number", path=where, row=lineno) from None
        if not 1 <= v <= n:
            raise InputError(
                f"vertex {v} is not declared: *Vertices {n} (line {vertices_line}) "
                f"declares vertices 1 to {n}",
                path=where,
                row=lineno,
            )
        return v

    def end_matrix(lineno: int) -> None:
        expected = n_rows if n_rows else n
        if section == "matrix" and matrix_row != expected:
            raise InputError(
                f"the *Matrix section has {matrix_row} rows, expected {expected}",
                path=where,
                row=lineno,
            )

    lineno = 0
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if line.startswith("*"):
            head = _PAJEK_HEADER.match(line)
            word, rest = head.group(1).casefold(), head.group(2)
            end_matrix(lineno)
            if word == "network":
                if n is not None:
                    break  # a second network in a .paj project: read the first only
                continue
            if word == "vertices":
                if n is not None:
                    break
                n, n_rows = _pajek_vertex_count(rest, where, lineno)
                vertices_line = lineno
                section = "vertices"
                continue
            if word in _PAJEK_TIE_SECTIONS:
                if n is None:
                    raise InputError(f"*{word} comes before *Vertices", path=where, row=lineno)
                section = word
                match = _PAJEK_RELATION.match(rest.strip())
                relation = None
                if match:
                    relation = match.group(2) or match.group(3) or match.group(1)
                ties.declared.add(_PAJEK_TIE_SECTIONS[word])
                matrix_row = 0
                continue
            if word in _PAJEK_OTHER_SECTIONS and n is not None:
                section = None
                break
            raise InputError(
                f"unknown Pajek section {line.split()[0]!r}; NLC reads *Vertices, *Arcs, "
                "*Edges, *Arcslist, *Edgeslist and *Matrix",
                path=where,
                row=lineno,
            )
        if n is None:
            raise InputError(
                "expected a *Vertices line first (this does not look like a Pajek file)",
                path=where,
                row=lineno,
            )
        tokens = _pajek_tokens(line)
        if section == "vertices":
            v = vertex(tokens[0], lineno)
            if v in labels:
                raise InputError(
                    f"vertex {v} is listed twice (first at line {labels[v][1]})",
                    path=where,
                    row=lineno,
                )
            label = tokens[1] if len(tokens) > 1 and tokens[1].strip() else str(v)
            labels[v] = (label, lineno)
            vertex_attrs[v] = _pajek_vertex_attributes(tokens[2:])
        elif section in ("arcs", "edges"):
            if len(tokens) < 2:
                raise InputError("a tie line needs two vertex numbers", path=where, row=lineno)
            a, b = vertex(tokens[0], lineno), vertex(tokens[1], lineno)
            extra = tokens[2:]
            w = None
            if extra and not (extra[0].casefold() in _PAJEK_TIE_KEYWORDS and len(extra) > 1):
                w = _weight(extra[0], where, lineno)
                extra = extra[1:]
            pairs = dict(zip(extra[0::2], extra[1::2], strict=False))
            if custom_weight is not None:
                w = None
                if custom_weight in pairs:
                    w = _weight(pairs[custom_weight], where, lineno)
                    saw_custom = True
            weighted |= w is not None
            ends.append((a, b))
            ties.add(
                "",
                "",
                lineno,
                weight=w,
                type=relation or _clean(pairs.get("type")),
                date=_date(pairs.get("date"), where, lineno),
                directed=_PAJEK_TIE_SECTIONS[section],
            )
        elif section in ("arcslist", "edgeslist"):
            a = vertex(tokens[0], lineno)
            for token in tokens[1:]:
                ends.append((a, vertex(token, lineno)))
                ties.add("", "", lineno, type=relation, directed=_PAJEK_TIE_SECTIONS[section])
        elif section == "matrix":
            width = n - n_rows if n_rows else n
            offset = n_rows if n_rows else 0
            if matrix_row >= (n_rows or n):
                raise InputError(
                    f"the *Matrix section has more than {n_rows or n} rows",
                    path=where,
                    row=lineno,
                )
            if len(tokens) != width:
                raise InputError(
                    f"a *Matrix row needs {width} values, this one has {len(tokens)}",
                    path=where,
                    row=lineno,
                )
            matrix_row += 1
            for j, token in enumerate(tokens, start=1):
                w = _weight(token, where, lineno, what="matrix value")
                if w != 0:
                    weighted = True
                    ends.append((matrix_row, offset + j))
                    ties.add("", "", lineno, weight=w, type=relation, directed=True)
    if n is None:
        raise InputError("has no *Vertices line (this does not look like a Pajek file)", path=where)
    end_matrix(lineno)
    if custom_weight is not None and not saw_custom:
        raise InputError(f"no tie line has a {custom_weight!r} value for the weights", path=where)

    ids: list[str] = []
    rows: list[int] = []
    seen: dict[str, int] = {}
    for v in range(1, n + 1):
        label, row = labels.get(v, (str(v), vertices_line))
        if label in seen:
            raise InputError(
                f"vertex {v} has the label {label!r}, like vertex {seen[label]}; labels "
                "become node ids so they must differ",
                path=where,
                row=row,
            )
        seen[label] = v
        ids.append(label)
        rows.append(row)
    ties.source = [ids[a - 1] for a, _ in ends]
    ties.target = [ids[b - 1] for _, b in ends]
    records = [vertex_attrs.get(v, {}) for v in range(1, n + 1)]
    nodes = _node_table(where, ids, rows, records)
    return ties.table(nodes, has_weight=weighted)


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


# --------------------------------------------------------------------------------------
# UCINET DL

_DL_TOKEN = re.compile(r'"([^"]*)"|([^\s,"]+)')
_DL_FORMATS = {
    "fullmatrix": "fullmatrix", "fm": "fullmatrix", "full": "fullmatrix",
    "edgelist1": "edgelist1", "el1": "edgelist1",
    "nodelist1": "nodelist1", "nl1": "nodelist1",
}  # fmt: skip
_DL_HEADER = re.compile(
    r"""
      (?P<setting>(?:nr|nc|nm|n|format|diagonal)\s*=\s*(?P<value>[^\s,]+))
    | (?P<embedded>(?:(?P<which>row|col|column)s?\s+)?labels\s+embedded\b:?)
    | (?P<labels>(?:(?P<kind>row|col|column|matrix|level)s?\s+)?labels\s*:)
    | (?P<data>data\s*:)
    | (?P<flag>symmetric|diagonal\s+(?:present|absent))\b
    | (?P<dl>dl)\b
    | (?P<sep>[\s,]+)
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass
class _DLHeader:
    settings: dict[str, tuple[str, int]] = field(default_factory=dict)
    labels: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    label_line: dict[str, int] = field(default_factory=dict)
    embedded_rows: bool = False
    embedded_cols: bool = False
    symmetric: bool = False
    dl_line: int = 1


def _dl_tokens(text: str) -> list[str]:
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in _DL_TOKEN.finditer(text)]


def _read_dl(path: Path, weight: str | None) -> TieTable:
    where = str(path)
    if weight not in (None, "weight"):
        raise InputError(
            f"a UCINET DL file has no named tie attributes, so no {weight!r} weights; its "
            "values are the weights",
            path=where,
        )
    lines = _read_text(path).splitlines()
    header, data = _dl_header(lines, where)

    def count(name: str) -> int | None:
        if name not in header.settings:
            return None
        text, line = header.settings[name]
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            raise InputError(
                f"{name}= must be a whole number of at least 1, not {text!r}",
                path=where,
                row=line,
            )
        return value

    n, nr, nc, nm = count("n"), count("nr"), count("nc"), count("nm") or 1
    two_mode = nr is not None or nc is not None
    if two_mode:
        if nr is None or nc is None:
            raise InputError(
                "a two-mode DL file needs both nr= and nc=", path=where, row=header.dl_line
            )
    elif n is None:
        raise InputError("the DL header needs n= (or nr= and nc=)", path=where, row=header.dl_line)
    else:
        nr = nc = n
    fmt_text, fmt_line = header.settings.get("format", ("fullmatrix", header.dl_line))
    fmt = _DL_FORMATS.get(fmt_text.casefold())
    if fmt is None:
        raise InputError(
            f"DL format {fmt_text!r} is not read; NLC reads fullmatrix, edgelist1 and nodelist1",
            path=where,
            row=fmt_line,
        )

    def labels_for(*kinds: str, size: int) -> list[tuple[str, int]] | None:
        for kind in kinds:
            if kind in header.labels:
                found = header.labels[kind]
                if len(found) != size:
                    what = {"plain": "", "row": "row ", "column": "column "}[kind]
                    raise InputError(
                        f"{len(found)} {what}labels given but the matrix has {size} "
                        f"{'columns' if kind == 'column' else 'rows'}",
                        path=where,
                        row=found[-1][1] if found else header.label_line[kind],
                    )
                return found
        return None

    row_labels = labels_for("row", "plain", size=nr)
    col_labels = labels_for("column", "plain", size=nc)
    if not two_mode and row_labels is None:
        row_labels = col_labels
    if not two_mode:
        col_labels = row_labels
    reader = _DLReader(where, header, data, nr, nc, nm, two_mode, row_labels, col_labels)
    return reader.read(fmt)


def _dl_header(lines: list[str], where: str) -> tuple[_DLHeader, list[tuple[int, str]]]:
    """Read the header up to ``data:``; return it and the data lines with their numbers."""
    header = _DLHeader()
    first = next((i for i, text in enumerate(lines) if text.strip()), None)
    if first is None or not re.match(r"\s*dl\b", lines[first], re.IGNORECASE):
        raise InputError(
            "a UCINET DL file starts with 'dl' (for example 'dl n=10')",
            path=where,
            row=None if first is None else first + 1,
        )
    header.dl_line = first + 1
    collecting: str | None = None
    for index in range(first, len(lines)):
        lineno, text = index + 1, lines[index]
        if collecting is not None:
            match = _DL_HEADER.match(text.strip())
            if match is None or match.lastgroup in ("sep", "dl"):
                header.labels[collecting].extend((t, lineno) for t in _dl_tokens(text))
                continue
            collecting = None
        pos = 0
        while pos < len(text):
            match = _DL_HEADER.match(text, pos)
            if match is None:
                word = text[pos:].split()[0]
                raise InputError(
                    f"unexpected {word!r} in the DL header; expected settings such as n=, "
                    "format=, labels: or data:",
                    path=where,
                    row=lineno,
                )
            pos = match.end()
            if match.group("setting"):
                name = match.group("setting").split("=")[0].strip().casefold()
                header.settings[name] = (match.group("value"), lineno)
            elif match.group("embedded"):
                which = (match.group("which") or "").casefold()
                header.embedded_rows |= which in ("", "row")
                header.embedded_cols |= which in ("", "col", "column")
            elif match.group("labels"):
                kind = (match.group("kind") or "plain").casefold()
                kind = "column" if kind == "col" else kind
                header.labels[kind] = [(t, lineno) for t in _dl_tokens(text[pos:])]
                header.label_line[kind] = lineno
                collecting = kind
                break
            elif match.group("data"):
                data = [(lineno, text[pos:])] + [
                    (i + 1, lines[i]) for i in range(index + 1, len(lines))
                ]
                return header, [(ln, t) for ln, t in data if t.strip()]
            elif match.group("flag") and match.group("flag").casefold() == "symmetric":
                header.symmetric = True
    raise InputError("the DL file has no 'data:' line", path=where, row=len(lines))


class _DLReader:
    """The data part of a DL file, read by format into ties."""

    def __init__(self, where, header, data, nr, nc, nm, two_mode, row_labels, col_labels):
        self.where = where
        self.header = header
        self.data = data
        self.nr, self.nc, self.nm = nr, nc, nm
        self.two_mode = two_mode
        self.row_labels = row_labels
        self.col_labels = col_labels
        self.ties = _Ties(where)

    def _default_ids(self, labels, size: int, prefix: str) -> list[tuple[str, int]]:
        if labels is not None:
            return labels
        return [(f"{prefix}{i}", self.header.dl_line) for i in range(1, size + 1)]

    def read(self, fmt: str) -> TieTable:
        if fmt == "fullmatrix":
            rows, cols = self._fullmatrix()
        else:
            rows, cols = self._lists(fmt)
        if self.two_mode:
            clash = {r for r, _ in rows} & {c for c, _ in cols}
            if clash:
                raise InputError(
                    f"a two-mode DL file needs distinct row and column labels; "
                    f"{sorted(clash)[0]!r} is both",
                    path=self.where,
                    row=self.header.dl_line,
                )
            everyone = rows + cols
            records = [{"mode": "row"} for _ in rows] + [{"mode": "column"} for _ in cols]
        else:
            if {r for r, _ in rows} != {c for c, _ in cols}:
                raise InputError(
                    "the column labels differ from the row labels of this one-mode matrix",
                    path=self.where,
                    row=self.header.dl_line,
                )
            everyone = rows
            records = [{} for _ in rows]
        nodes = _node_table(self.where, [i for i, _ in everyone], [r for _, r in everyone], records)
        if self.header.symmetric:
            self.ties.declared.add(False)
        return self.ties.table(nodes)

    def _cell(self, token: str, line: int) -> float:
        return _weight(token, self.where, line, what="matrix value")

    def _fullmatrix(self):
        embedded_cols = self.header.embedded_cols
        embedded_rows = self.header.embedded_rows
        if embedded_cols or embedded_rows:
            rows, cols, cells = self._embedded_matrix(embedded_rows, embedded_cols)
        else:
            rows = self._default_ids(self.row_labels, self.nr, "R" if self.two_mode else "")
            cols = self._default_ids(self.col_labels, self.nc, "C" if self.two_mode else "")
            cells = self._free_matrix()
        position = {label: k for k, (label, _) in enumerate(rows)}
        values: dict[tuple[str, str], tuple[float, int]] = {}
        for i, j, token, line in cells:
            values[rows[i][0], cols[j][0]] = (self._cell(token, line), line)
        symmetric = self.header.symmetric and not self.two_mode
        for (a, b), (value, line) in values.items():
            if symmetric:
                other = values.get((b, a), (value, line))[0]
                if other != value:
                    raise InputError(
                        f"the file says 'symmetric' but the {a!r}-{b!r} cell is {value:g} "
                        f"and the {b!r}-{a!r} cell is {other:g}",
                        path=self.where,
                        row=line,
                    )
                if position.get(b, 0) < position.get(a, 0):
                    continue  # each tie of a symmetric matrix once
            if value != 0:
                self.ties.add(a, b, line, weight=value)
        return rows, cols

    def _free_matrix(self) -> list[tuple[int, int, str, int]]:
        """Values in free format (any line breaks); checks the count against nm x nr x nc."""
        nr, nc, nm = self.nr, self.nc, self.nm
        tokens = [(t, ln) for ln, text in self.data for t in _dl_tokens(text)]
        for token, line in tokens:
            self._cell(token, line)
        expected = nm * nr * nc
        if len(tokens) != expected:
            shape = f"{nr} x {nc}" + (f" x {nm} matrices" if nm > 1 else "")
            if len(self.data) == nm * nr:  # one row per line: point at the short/long row
                for ln, text in self.data:
                    found = len(_dl_tokens(text))
                    if found != nc:
                        raise InputError(
                            f"this matrix row has {found} values, expected {nc} ({shape})",
                            path=self.where,
                            row=ln,
                        )
            if len(tokens) > expected:
                raise InputError(
                    f"the matrix has more than {expected} values ({shape}); the extra "
                    "values start here",
                    path=self.where,
                    row=tokens[expected][1],
                )
            raise InputError(
                f"the matrix has {len(tokens)} values, expected {expected} ({shape})",
                path=self.where,
                row=tokens[-1][1] if tokens else self.data[0][0] if self.data else None,
            )
        return [(k // nc, k % nc, t, ln) for k, (t, ln) in enumerate(tokens[: nr * nc])]

    def _embedded_matrix(self, embedded_rows: bool, embedded_cols: bool):
        """A matrix laid out one row per line, with column labels first and/or each row
        starting with its label. Only the first matrix is read."""
        nr, nc = self.nr, self.nc
        lines = iter(self.data)
        if embedded_cols:
            try:
                ln, text = next(lines)
            except StopIteration:
                raise InputError(
                    "the data has no column labels", path=self.where, row=self.header.dl_line
                ) from None
            cols = [(t, ln) for t in _dl_tokens(text)]
            if len(cols) != nc:
                raise InputError(
                    f"{len(cols)} column labels, expected {nc}", path=self.where, row=ln
                )
        else:
            cols = self._default_ids(self.col_labels, nc, "C" if self.two_mode else "")
        rows: list[tuple[str, int]] = []
        cells: list[tuple[int, int, str, int]] = []
        last = self.data[0][0] if self.data else self.header.dl_line
        for i in range(nr):
            try:
                ln, text = next(lines)
            except StopIteration:
                raise InputError(
                    f"the matrix has {i} rows, expected {nr}", path=self.where, row=last
                ) from None
            last = ln
            tokens = _dl_tokens(text)
            if embedded_rows and tokens:
                rows.append((tokens[0], ln))
                tokens = tokens[1:]
            if len(tokens) != nc:
                raise InputError(
                    f"this matrix row has {len(tokens)} values, expected {nc}",
                    path=self.where,
                    row=ln,
                )
            cells.extend((i, j, t, ln) for j, t in enumerate(tokens))
        if not embedded_rows:
            rows = self._default_ids(self.row_labels, nr, "R" if self.two_mode else "")
        if not self.two_mode and not embedded_cols:
            cols = rows
        if not self.two_mode and not embedded_rows:
            rows = cols
        return rows, cols, cells

    def _lists(self, fmt: str):
        """edgelist1 (``i j [w]`` per line) and nodelist1 (``i j k ...``: i to each)."""
        embedded = self.header.embedded_rows or self.header.embedded_cols
        two = self.two_mode
        row_ids = None if embedded else self._default_ids(self.row_labels, self.nr, "R" * two)
        col_ids = None if embedded else self._default_ids(self.col_labels, self.nc, "C" * two)
        seen_rows: dict[str, int] = {}
        seen_cols: dict[str, int] = seen_rows if not two else {}
        if embedded and self.row_labels is not None:
            seen_rows.update({label: ln for label, ln in self.row_labels})
        if embedded and two and self.col_labels is not None:
            seen_cols.update({label: ln for label, ln in self.col_labels})

        def node(token: str, line: int, column: bool) -> str:
            size = self.nc if column else self.nr
            if embedded:
                seen = seen_cols if column else seen_rows
                if token not in seen:
                    if len(seen) >= size:
                        raise InputError(
                            f"{token!r} would be node {len(seen) + 1}, but the header "
                            f"declares {size}",
                            path=self.where,
                            row=line,
                        )
                    seen[token] = line
                return token
            try:
                k = int(token)
            except ValueError:
                raise InputError(
                    f"{token!r} is not a node number; if the data uses labels, the header "
                    "needs 'labels embedded'",
                    path=self.where,
                    row=line,
                ) from None
            if not 1 <= k <= size:
                raise InputError(f"node {k} is out of range 1 to {size}", path=self.where, row=line)
            return (col_ids if column else row_ids)[k - 1][0]

        for ln, text in self.data:
            tokens = _dl_tokens(text)
            if tokens and tokens[0] == "!":
                break  # the next matrix of a multi-matrix list: read the first only
            if fmt == "edgelist1":
                if len(tokens) not in (2, 3):
                    raise InputError(
                        f"an edgelist1 line needs 2 or 3 values, this one has {len(tokens)}",
                        path=self.where,
                        row=ln,
                    )
                a, b = node(tokens[0], ln, False), node(tokens[1], ln, True)
                w = self._cell(tokens[2], ln) if len(tokens) == 3 else None
                self.ties.add(a, b, ln, weight=w)
            else:
                a = node(tokens[0], ln, False)
                for token in tokens[1:]:
                    self.ties.add(a, node(token, ln, True), ln)
        if embedded:
            row_ids = [(label, ln) for label, ln in seen_rows.items()]
            col_ids = [(label, ln) for label, ln in seen_cols.items()] if two else row_ids
        return row_ids, col_ids
