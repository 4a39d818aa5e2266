"""Network Canvas exports (CSV files or GraphML) read as survey answers.

Network Canvas (Complex Data Collective) interviews one respondent ("ego") per session: its
name generators create alters, its name interpreters record variables on each alter, and
alter-alter ties the respondent reports are edges. An export holds, per session or merged:

* an ego file (``<case>_<session>_ego.csv``): ``networkCanvasEgoUUID``,
  ``networkCanvasCaseID``, ``networkCanvasSessionID``, ``networkCanvasProtocolName``,
  ``sessionStart``, ``sessionFinish``, ``sessionExported``, ``APP_VERSION``,
  ``COMMIT_HASH``, then the ego variables;
* one attribute list per node type (``..._attributeList_<Type>.csv``): ``nodeID`` (1, 2...
  within the session), ``networkCanvasEgoUUID``, ``networkCanvasUUID`` (the alter),
  ``name`` and the other variables, including those describing the respondent's tie to the
  alter (closeness, frequency);
* one edge list per edge type (``..._edgeList_<Type>.csv``): ``edgeID``, ``from``, ``to``
  (``nodeID`` values), ``networkCanvasEgoUUID``, ``networkCanvasUUID`` (the edge),
  ``networkCanvasSourceUUID``, ``networkCanvasTargetUUID`` (the alters) and its variables;
* or a GraphML file with one ``<graph>`` per session (``nc:caseId`` attribute, the ego's
  ``networkCanvasUUID`` and variables as graph data), alters as nodes and alter-alter ties
  as edges, each with ``networkCanvasUUID`` and ``networkCanvasType`` data; variables are
  keys whose ``attr.name`` is the variable's name.

Older exports (Interviewer 4 and 5) name the ego column ``_egoID`` and the entity id
``_uid``; both are read. Adjacency matrices repeat the edge lists and are skipped.

Each export becomes a list of :class:`SurveyRecord`: the respondent is the session's case
id (the ego UUID when it has none); an alter is named by its ``networkCanvasUUID`` with
its ``name`` (or GraphML ``label``) as ``alter_label``. Every alter gives a record
``(respondent, alter, <node type>, "true")`` saying the respondent named it, and one
record per non-empty variable; every edge gives ``(respondent, target, <edge type>,
"true")`` with ``from_alter`` the source, and its variables likewise; ego variables give
records with ``alter=None``.

References: Network Canvas documentation, "Data Export" and "Export Data Dictionary"
(documentation.networkcanvas.com); the column names are the constants of Complex Data
Collective's ``network-exporters`` (``src/utils/reservedAttributes.js``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from nlc.errors import InputError
from nlc.network.formats._common import Element, SurveyRecord, clean, need_attr, parse_xml
from nlc.network.tables import Table, read_table

__all__ = [
    "SurveyRecord",
    "read_network_canvas",
    "read_network_canvas_csv",
    "read_network_canvas_graphml",
]

_EGO = ("networkCanvasEgoUUID", "_egoID")
_UUID = ("networkCanvasUUID", "_uid")
_SOURCE, _TARGET = "networkCanvasSourceUUID", "networkCanvasTargetUUID"
_CASE = "networkCanvasCaseID"
#: Columns of each file that are not answers.
_FIXED = {
    "ego": {
        *_EGO,
        *_UUID,
        _CASE,
        "networkCanvasSessionID",
        "networkCanvasProtocolName",
        "sessionStart",
        "sessionFinish",
        "sessionExported",
        "APP_VERSION",
        "COMMIT_HASH",
    },
    "alter": {*_EGO, *_UUID, "nodeID", "name", "networkCanvasType"},
    "edge": {*_EGO, *_UUID, "edgeID", "from", "to", _SOURCE, _TARGET, "networkCanvasType"},
}
_TYPE_IN_NAME = {"alter": "_attributeList_", "edge": "_edgeList_"}


def read_network_canvas(source: str | Path | Iterable[str | Path]) -> list[SurveyRecord]:
    """Read a Network Canvas export: a GraphML file, a folder, or a list of CSV files.

    Parameters
    ----------
    source : path or list of paths
        A ``.graphml`` file; a folder (its ``.csv`` files are read, adjacency matrices
        skipped, else its ``.graphml`` files); or the ego, attribute-list and edge-list
        CSV files of one export.

    Returns
    -------
    list of SurveyRecord
        In file order (ego files, then attribute lists, then edge lists).

    Raises
    ------
    InputError
        See :func:`read_network_canvas_csv` and :func:`read_network_canvas_graphml`; also
        for a folder with neither CSV nor GraphML files.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            csvs = sorted(p for p in path.glob("*.csv") if "_adjacencyMatrix_" not in p.name)
            if csvs:
                return read_network_canvas_csv(csvs)
            graphs = sorted(path.glob("*.graphml"))
            if not graphs:
                raise InputError("has no Network Canvas CSV or GraphML files", path=str(path))
            return [record for g in graphs for record in read_network_canvas_graphml(g)]
        if path.suffix.lower() == ".graphml":
            return read_network_canvas_graphml(path)
        return read_network_canvas_csv([path])
    return read_network_canvas_csv(list(source))


# --------------------------------------------------------------------------------------
# CSV


def read_network_canvas_csv(paths: Iterable[str | Path]) -> list[SurveyRecord]:
    """Read the CSV files of a Network Canvas export (see the module docstring).

    Each file's kind is told by its header: ``from`` and ``to`` (or
    ``networkCanvasSourceUUID``) make an edge list, ``nodeID`` or ``networkCanvasUUID`` an
    attribute list, an ego column alone an ego file. The node or edge type is taken from
    the file name (``..._attributeList_Person.csv``), else ``alter`` or ``edge``.

    Raises
    ------
    InputError
        Naming the file, row and column: a file that is not a Network Canvas export, a
        missing ego or alter id, an alter repeated in a session, an edge whose end is not an
        alter of its session, or (when an ego file is given) a session missing from it.
        Nothing is returned when any file is bad.
    """
    tables = [read_table(path) for path in paths]
    if not tables:
        raise InputError("no files given", parameter="paths")
    kinds = {"ego": [], "alter": [], "edge": []}
    for table in tables:
        kinds[_kind(table)].append(table)
    records: list[SurveyRecord] = []
    respondents = _egos(kinds["ego"], records)
    alters: dict[tuple[str, str], str | None] = {}  # (ego, alter) -> label
    node_ids: dict[tuple[str, str], str] = {}  # (ego, nodeID) -> alter
    for table in kinds["alter"]:
        _alters(table, respondents, alters, node_ids, records)
    for table in kinds["edge"]:
        _edges(table, respondents, alters, node_ids, records)
    return records


def _kind(table: Table) -> str:
    has = {name.casefold() for name in table.header}
    if _column(table, _EGO) is None:
        raise InputError(
            "is not a Network Canvas export file: it has no 'networkCanvasEgoUUID' column",
            path=table.path,
            row=1,
        )
    if {"from", "to"} <= has or _SOURCE.casefold() in has:
        return "edge"
    if "nodeid" in has or _column(table, _UUID) is not None:
        return "alter"
    return "ego"


def _column(table: Table, names: Iterable[str]) -> int | None:
    for name in names:
        index = table.column(name, required=False)
        if index is not None:
            return index
    return None


def _cell(table: Table, row: int, record: list[str], names: tuple[str, ...]) -> str:
    """The non-empty value of the first of ``names`` the table has, else an error."""
    index = _column(table, names)
    value = clean(record[index]) if index is not None else None
    if value is None:
        raise InputError("is empty; every row needs it", path=table.path, row=row, column=names[0])
    return value


def _answers(table: Table, kind: str) -> list[tuple[int, str]]:
    """The columns of ``table`` holding answers: (index, variable name)."""
    fixed = {name.casefold() for name in _FIXED[kind]}
    return [(i, name) for i, name in enumerate(table.header) if name.casefold() not in fixed]


def _type_name(table: Table, kind: str) -> str:
    match = re.search(re.escape(_TYPE_IN_NAME[kind]) + r"(.+)\.csv$", Path(table.path).name)
    return match.group(1) if match else kind


def _egos(tables: list[Table], records: list[SurveyRecord]) -> dict[str, str] | None:
    """Respondent id of each ego UUID (``None`` without an ego file); ego answers."""
    if not tables:
        return None
    respondents: dict[str, str] = {}
    for table in tables:
        case, answers = table.column(_CASE, required=False), _answers(table, "ego")
        for row, record in table.records:
            ego = _cell(table, row, record, _EGO)
            who = (clean(record[case]) if case is not None else None) or ego
            respondents[ego] = who
            records.extend(
                SurveyRecord(who, None, name, value)
                for i, name in answers
                if (value := clean(record[i])) is not None
            )
    return respondents


def _respondent(respondents: dict[str, str] | None, ego: str, table: Table, row: int) -> str:
    if respondents is None:
        return ego
    if ego not in respondents:
        raise InputError(
            f"the session {ego!r} is not in the ego file", path=table.path, row=row, column=_EGO[0]
        )
    return respondents[ego]


def _alters(table, respondents, alters, node_ids, records) -> None:
    kind = _type_name(table, "alter")
    node_col = table.column("nodeID", required=False)
    name_col = table.column("name", required=False)
    uuid_col = _column(table, _UUID)
    answers = _answers(table, "alter")
    for row, record in table.records:
        ego = _cell(table, row, record, _EGO)
        who = _respondent(respondents, ego, table, row)
        node = clean(record[node_col]) if node_col is not None else None
        alter = (clean(record[uuid_col]) if uuid_col is not None else None) or node
        if alter is None:
            raise InputError(
                "has neither a networkCanvasUUID nor a nodeID", path=table.path, row=row
            )
        if (ego, alter) in alters:
            raise InputError(
                f"the alter {alter!r} appears twice in one session", path=table.path, row=row
            )
        label = clean(record[name_col]) if name_col is not None else None
        alters[ego, alter] = label
        if node is not None:
            node_ids[ego, node] = alter
        records.append(SurveyRecord(who, alter, kind, "true", label))
        records.extend(
            SurveyRecord(who, alter, name, value, label)
            for i, name in answers
            if (value := clean(record[i])) is not None
        )


def _edges(table, respondents, alters, node_ids, records) -> None:
    kind = _type_name(table, "edge")
    answers = _answers(table, "edge")
    ends = [
        (_SOURCE, "from") if _column(table, [_SOURCE]) is not None else ("from",),
        (_TARGET, "to") if _column(table, [_TARGET]) is not None else ("to",),
    ]
    for row, record in table.records:
        ego = _cell(table, row, record, _EGO)
        who = _respondent(respondents, ego, table, row)
        source, target = (_end(table, row, record, names, ego, alters, node_ids) for names in ends)
        label = alters.get((ego, target))
        records.append(SurveyRecord(who, target, kind, "true", label, source))
        records.extend(
            SurveyRecord(who, target, name, value, label, source)
            for i, name in answers
            if (value := clean(record[i])) is not None
        )


def _end(table, row, record, names, ego, alters, node_ids) -> str:
    """The alter at one end of an edge, by UUID, else by ``nodeID``."""
    value = _cell(table, row, record, names[:1])
    alter = value if names[0] in (_SOURCE, _TARGET) else node_ids.get((ego, value))
    if alters and (alter is None or (ego, alter) not in alters):
        raise InputError(
            f"{value!r} is not an alter of this session in the attribute lists",
            path=table.path,
            row=row,
            column=names[0],
        )
    return alter or value


# --------------------------------------------------------------------------------------
# GraphML


def read_network_canvas_graphml(path: str | Path) -> list[SurveyRecord]:
    """Read a Network Canvas GraphML export: every ``<graph>`` is one session.

    Raises
    ------
    InputError
        Naming the file and line: malformed XML, a root that is not ``<graphml>``, no
        ``<graph>``, a ``<data>`` whose key is not declared, a session with neither a case id
        nor an ego ``networkCanvasUUID``, a node without an ``id`` or repeated, an edge whose
        end is not a node of its graph.
    """
    path = Path(path)
    where = str(path)
    root = parse_xml(path)
    if root.tag != "graphml":
        raise InputError(
            f"is not a GraphML file: the root element is <{root.tag}>", path=where, row=root.line
        )
    keys = {need_attr(k, "id", where): k.attrib.get("attr.name") for k in _children(root, "key")}
    graphs = _children(root, "graph")
    if not graphs:
        raise InputError("has no <graph> element", path=where, row=root.line)
    records: list[SurveyRecord] = []
    for graph in graphs:
        _graph(graph, keys, where, records)
    return records


def _children(element: Element, tag: str) -> list[Element]:
    return [child for child in element.children if child.tag == tag]


def _data(element: Element, keys: dict, where: str) -> dict[str, str]:
    """The element's ``<data>`` values by variable name (the key's ``attr.name``)."""
    out = {}
    for data in _children(element, "data"):
        key = need_attr(data, "key", where)
        if key not in keys:
            raise InputError(f"<data> names the undeclared key {key!r}", path=where, row=data.line)
        value = clean(data.text)
        if value is not None:
            out[keys[key] or key] = value
    return out


def _graph(graph: Element, keys: dict, where: str, records: list[SurveyRecord]) -> None:
    ego = _data(graph, keys, where)
    who = clean(graph.attrib.get("caseId")) or ego.pop(_UUID[0], None)
    if who is None:
        raise InputError(
            "the <graph> has neither an nc:caseId nor the ego's networkCanvasUUID",
            path=where,
            row=graph.line,
        )
    ego.pop(_UUID[0], None)
    records.extend(SurveyRecord(who, None, name, value) for name, value in ego.items())
    nodes: dict[str, tuple[str, str | None]] = {}  # node id -> (alter, label)
    for node in _children(graph, "node"):
        node_id = need_attr(node, "id", where)
        if node_id in nodes:
            raise InputError(f"the node {node_id!r} appears twice", path=where, row=node.line)
        values = _data(node, keys, where)
        alter = values.pop(_UUID[0], node_id)
        label = values.pop("label", None) or values.pop("name", None)
        nodes[node_id] = (alter, label)
        kind = values.pop("networkCanvasType", "alter")
        records.append(SurveyRecord(who, alter, kind, "true", label))
        records.extend(SurveyRecord(who, alter, n, v, label) for n, v in values.items())
    for edge in _children(graph, "edge"):
        ends = []
        for side in ("source", "target"):
            end = need_attr(edge, side, where)
            if end not in nodes:
                raise InputError(
                    f"the edge's {side} {end!r} is not a node of its graph",
                    path=where,
                    row=edge.line,
                )
            ends.append(nodes[end])
        (source, _), (target, label) = ends
        values = _data(edge, keys, where)
        for name in (_UUID[0], _SOURCE, _TARGET):
            values.pop(name, None)
        kind = values.pop("networkCanvasType", "edge")
        records.append(SurveyRecord(who, target, kind, "true", label, source))
        records.extend(SurveyRecord(who, target, n, v, label, source) for n, v in values.items())
