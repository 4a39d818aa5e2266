"""GEXF (``.gexf``), the format of Gephi, as also written by networkx.

Reader and writer side by side: :func:`read_gexf` here, with its private helpers below it;
a ``write_gexf`` belongs in this module too, next to the reader, so that the two agree on
attribute titles (``weight``, ``type``, ``date``) and direction (``defaultedgetype``).

Node attributes come from ``<attributes class="node">`` and each node's ``<attvalues>``;
a node's ``label`` is kept as an attribute. A tie's weight is its ``weight=`` attribute or an
attribute titled ``weight``; its type an attribute titled ``type``, else ``kind=``, else a
``type=`` that is not a direction (networkx writes a tie's type there).
"""

from __future__ import annotations

from pathlib import Path

from nlc.errors import InputError
from nlc.network.formats import _common
from nlc.network.formats._common import quoteattr
from nlc.network.model import TieTable

__all__ = ["read_gexf", "write_gexf"]

_GEXF_DIRECTIONS = {"directed": True, "undirected": False, "mutual": False}
_Declared = dict[str, tuple[str, str | None]]  # attribute id -> (title, default)


def read_gexf(path: str | Path, *, weight: str | None = None) -> TieTable:
    """Read a GEXF file; its ``<node>`` elements, in file order, become ``nodes``.

    ``weight`` is the title of the edge attribute holding weights (by default each edge's
    ``weight=``, or an attribute titled ``weight``). Raises :class:`~nlc.errors.InputError`,
    naming the file and line, for malformed XML, a root other than ``<gexf>``, a missing
    ``id``/``source``/``target``, a weight that is not a number of at least 0, or an
    unreadable date. See :func:`~nlc.network.formats.read_graph_file`.
    """
    path = Path(path)
    where = str(path)
    _, graph = _common.xml_root(path, "gexf", "GEXF")
    default_type = graph.attrib.get("defaultedgetype", "").strip().lower()
    graph_directed = _GEXF_DIRECTIONS.get(default_type)
    node_attrs, edge_attrs = _gexf_attributes(graph, where)
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
    ties = _common.Ties(where)
    for element in graph.iter():
        if element.tag == "node":
            ids.append(_common.need_attr(element, "id", where))
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
            source = _common.need_attr(element, "source", where)
            target = _common.need_attr(element, "target", where)
            values = {t.casefold(): v for t, v in _attvalues(element, edge_attrs).items()}
            defaults = {t.casefold(): (d, element.line) for t, d in edge_attrs.values()}
            w = values.get(wname) or defaults.get(wname, (None, element.line))
            if wname == "weight" and "weight" in element.attrib:
                w = (element.attrib["weight"], element.line)
            edge_type = element.attrib.get("type", "").strip().lower()
            tie_type = (values.get("type") or (None, 0))[0] or element.attrib.get("kind")
            if tie_type is None and edge_type and edge_type not in _GEXF_DIRECTIONS:
                tie_type = element.attrib["type"]  # networkx writes a tie's type here
            d = values.get("date") or defaults.get("date", (None, element.line))
            directed = _GEXF_DIRECTIONS.get(edge_type, graph_directed)
            ties.add_text(
                source, target, element.line, weight=w, type=tie_type, date=d, directed=directed
            )
    columns = (["label"] if has_label else []) + [t for t, _ in node_attrs.values()]
    return ties.table(_common.node_table(where, ids, rows, records, columns))


def _attvalues(element: _common.Element, declared: _Declared) -> dict[str, tuple[str | None, int]]:
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


def _gexf_attributes(graph: _common.Element, where: str) -> tuple[_Declared, _Declared]:
    """The declared node and edge attributes."""
    declared: dict[str, _Declared] = {"node": {}, "edge": {}}
    for block in graph.children:
        if block.tag != "attributes":
            continue
        kind = block.attrib.get("class", "node").strip().lower()
        for attribute in block.children:
            if attribute.tag == "attribute":
                attr_id = _common.need_attr(attribute, "id", where)
                default = attribute.find("default")
                declared.setdefault(kind, {})[attr_id] = (
                    attribute.attrib.get("title") or attr_id,
                    None if default is None else default.text,
                )
    return declared["node"], declared["edge"]


def write_gexf(ties: TieTable, path: str | Path) -> None:
    """Write ties, their nodes and node attributes as GEXF 1.2, which :func:`read_gexf`
    (and Gephi and networkx) read back.

    A node attribute called ``label`` becomes each node's ``label=``; the others, and a
    tie's ``type`` and ``date``, become string attributes; weights go in ``weight=``.
    """
    ids, attributes = _common.nodes_to_write(ties)
    labels = attributes.pop("label", None)
    values = _common.tie_values(ties)
    weights = values.pop("weight", None)
    direction = {True: "directed", False: "undirected"}.get(ties.directed)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">',
        '  <graph mode="static"' + (f' defaultedgetype="{direction}"' if direction else "") + ">",
    ]
    for kind, names in (("node", attributes), ("edge", values)):
        if names:
            lines.append(f'    <attributes class="{kind}">')
            lines += [
                f'      <attribute id="{k}" title={quoteattr(name)} type="string"/>'
                for k, name in enumerate(names)
            ]
            lines.append("    </attributes>")
    lines.append("    <nodes>")
    for i, node in enumerate(ids):
        label = "" if labels is None or labels[i] is None else f" label={quoteattr(labels[i])}"
        inner = _gexf_attvalues([column[i] for column in attributes.values()])
        lines.append(f"      <node id={quoteattr(node)}{label}>{inner}</node>")
    lines += ["    </nodes>", "    <edges>"]
    for k, (source, target) in enumerate(zip(ties.source, ties.target, strict=True)):
        weight = "" if weights is None else f' weight="{weights[k]}"'
        inner = _gexf_attvalues([column[k] for column in values.values()])
        lines.append(
            f'      <edge id="{k}" source={quoteattr(source)} target={quoteattr(target)}'
            f"{weight}>{inner}</edge>"
        )
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    _common.write_text(path, "\n".join(lines))


def _gexf_attvalues(values: list[str | None]) -> str:
    inner = "".join(
        f'<attvalue for="{k}" value={quoteattr(value)}/>'
        for k, value in enumerate(values)
        if value is not None
    )
    return f"<attvalues>{inner}</attvalues>" if inner else ""
