"""GraphML (``.graphml``), as written by networkx, yEd, Gephi and igraph.

Reader and writer side by side: :func:`read_graphml` here, with its private helpers below
it; a ``write_graphml`` belongs in this module too, next to the reader, so that the two
agree on key names (``weight``, ``type``, ``date``) and direction (``edgedefault``).

Keys (``<key for="node|edge|all" attr.name=...>``) name node attributes and tie values;
yEd's drawing keys (``yfiles.type``) are skipped. Nested graphs are flattened, each edge
taking the ``edgedefault`` of its nearest enclosing graph unless it says ``directed=``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nlc.errors import InputError
from nlc.network.formats import _common
from nlc.network.formats._common import escape, quoteattr
from nlc.network.model import TieTable

__all__ = ["read_graphml", "write_graphml"]


def read_graphml(path: str | Path, *, weight: str | None = None) -> TieTable:
    """Read a GraphML file; its ``<node>`` elements, in file order, become ``nodes``.

    ``weight`` is the ``attr.name`` of the edge key holding weights (by default ``weight``,
    if declared). Raises :class:`~nlc.errors.InputError`, naming the file and line, for
    malformed XML, a root other than ``<graphml>``, a missing ``id``/``source``/``target``,
    a ``<hyperedge>``, a bad ``edgedefault`` or ``directed``, a weight that is not a number
    of at least 0, or an unreadable date. See :func:`~nlc.network.formats.read_graph_file`.
    """
    path = Path(path)
    where = str(path)
    root, graph = _common.xml_root(path, "graphml", "GraphML")
    keys = _graphml_keys(root, where)
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
    ties = _common.Ties(where)
    for element, inherited in _walk_graphml(graph, where):
        if element.tag == "node":
            ids.append(_common.need_attr(element, "id", where))
            rows.append(element.line)
            record = {key.name: key.default for key in node_keys.values()}
            for data in element.children:
                if data.tag == "data":
                    key = _common.need_attr(data, "key", where)
                    record[node_keys[key].name if key in node_keys else key] = data.text
            records.append(record)
        elif element.tag == "edge":
            source = _common.need_attr(element, "source", where)
            target = _common.need_attr(element, "target", where)
            values = {
                _common.need_attr(data, "key", where): (data.text, data.line)
                for data in element.children
                if data.tag == "data"
            }
            w = _graphml_value(element, values, weight_keys, edge_keys)
            t_text, _ = _graphml_value(element, values, type_keys, edge_keys)
            d = _graphml_value(element, values, date_keys, edge_keys)
            directed = _graphml_edge_direction(element, inherited, where)
            ties.add_text(
                source, target, element.line, weight=w, type=t_text, date=d, directed=directed
            )
        elif element.tag == "hyperedge":
            raise InputError(
                "has a <hyperedge>; NLC reads ties between two nodes only",
                path=where,
                row=element.line,
            )
    nodes = _common.node_table(where, ids, rows, records, [key.name for key in node_keys.values()])
    return ties.table(nodes, has_weight=bool(weight_keys))


@dataclass
class _Key:
    name: str
    domain: str
    default: str | None


def _graphml_keys(root: _common.Element, where: str) -> dict[str, _Key]:
    """The ``<key>`` declarations by id, leaving out yEd's drawing keys."""
    keys: dict[str, _Key] = {}
    for element in root.children:
        if element.tag != "key":
            continue
        key_id = _common.need_attr(element, "id", where)
        if "yfiles.type" in element.attrib:
            continue  # yEd drawing data, not attributes
        default = element.find("default")
        keys[key_id] = _Key(
            name=element.attrib.get("attr.name") or key_id,
            domain=element.attrib.get("for", "all"),
            default=None if default is None else default.text,
        )
    return keys


def _graphml_direction(graph: _common.Element, path: str) -> bool | None:
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
    edge: _common.Element,
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


def _walk_graphml(
    graph: _common.Element, path: str
) -> Iterator[tuple[_common.Element, bool | None]]:
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


def _graphml_edge_direction(
    edge: _common.Element, inherited: bool | None, path: str
) -> bool | None:
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


def write_graphml(ties: TieTable, path: str | Path) -> None:
    """Write ties, their nodes and node attributes as GraphML, which :func:`read_graphml`
    (and networkx, yEd, Gephi) read back.

    Node attributes, ``weight``, ``type`` and ``date`` become string, double, string and
    string keys; ``edgedefault`` says the direction where ``ties.directed`` is set.
    """
    ids, attributes = _common.nodes_to_write(ties)
    values = _common.tie_values(ties)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    node_keys = {name: f"n{k}" for k, name in enumerate(attributes)}
    edge_keys = {name: f"e{k}" for k, name in enumerate(values)}
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, key in keys.items():
            kind = "double" if domain == "edge" and name == "weight" else "string"
            lines.append(
                f'  <key id="{key}" for="{domain}" attr.name={quoteattr(name)} attr.type="{kind}"/>'
            )
    direction = {True: "directed", False: "undirected"}.get(ties.directed)
    lines.append("  <graph" + (f' edgedefault="{direction}"' if direction else "") + ">")
    for i, node in enumerate(ids):
        data = _graphml_data({name: column[i] for name, column in attributes.items()}, node_keys)
        lines.append(f"    <node id={quoteattr(node)}>{data}</node>")
    for k, (source, target) in enumerate(zip(ties.source, ties.target, strict=True)):
        data = _graphml_data({name: column[k] for name, column in values.items()}, edge_keys)
        lines.append(
            f"    <edge source={quoteattr(source)} target={quoteattr(target)}>{data}</edge>"
        )
    lines += ["  </graph>", "</graphml>", ""]
    _common.write_text(path, "\n".join(lines))


def _graphml_data(values: dict[str, str | None], keys: dict[str, str]) -> str:
    return "".join(
        f'<data key="{keys[name]}">{escape(value)}</data>'
        for name, value in values.items()
        if value is not None
    )
