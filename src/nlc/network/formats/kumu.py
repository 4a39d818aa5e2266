"""Kumu's JSON import format ("blueprints", ``.json``): elements and connections.

Reader and writer side by side, as for the other formats. A blueprint is one object::

    {"elements":    [{"id": "e1", "label": "A", "type": "School", ...attributes}],
     "connections": [{"from": "e1", "to": "e2", "type": "advice",
                      "direction": "directed", "weight": 2, "date": "2024-05-01"}]}

Kumu identifies an element by its ``id`` when it has one, else by its ``label``;
connections name their ends the same way. ``direction`` is ``directed`` (Kumu's default),
``undirected`` or ``mutual`` (read as two arcs). Every other key is an attribute: of the
node for an element, and for a connection only ``weight``, ``type`` and ``date`` are kept
(the ties NLC measures carry no other values). List values (Kumu's ``tags``) are read as
text joined with ``|``, the separator of Kumu's spreadsheets; numbers and booleans as text.

Reference: Kumu's documentation, "JSON / Blueprints" (docs.kumu.io, guides/import).

Writing: each node becomes ``{"id": node, "label": ...}`` followed by its attributes, the
``label`` being the node's ``label`` attribute when it has one, else its ``name``, else its
id; reading keeps ``label`` as an attribute only when some label differs from both its
element's id and ``name``, so what the writer writes reads back as the same nodes (a node
whose ``label`` was missing comes back labelled with its name or id).
"""

from __future__ import annotations

import json
from pathlib import Path

from nlc.errors import InputError
from nlc.network.formats import _common
from nlc.network.model import TieTable
from nlc.network.tables import decode_text

__all__ = ["read_kumu", "write_kumu"]

_DIRECTIONS = {"directed": True, "undirected": False, "mutual": None}


def read_kumu(path: str | Path, *, weight: str | None = None) -> TieTable:
    """Read a Kumu JSON blueprint; its elements, in file order, become ``nodes``.

    Parameters
    ----------
    path : str or Path
        A ``.json`` file with ``elements`` and ``connections`` lists.
    weight : str, optional
        The connection key holding weights (default ``weight``, where present).

    Returns
    -------
    TieTable
        Directed unless every connection says ``undirected``; ``rows`` are the 1-based
        positions of the connections in the file's list (JSON keeps no line numbers).

    Raises
    ------
    InputError
        For a file that is not JSON or not a blueprint, an element with neither ``id`` nor
        ``label``, a repeated element, a connection without ``from``/``to`` or naming no
        element, an unknown ``direction``, a weight that is not a number of at least 0, or
        an unreadable date.
    """
    path = Path(path)
    where = str(path)
    document = _load(path)
    elements = _list(document, "elements", where, required=False)
    connections = _list(document, "connections", where, required=True)

    ids: list[str] = []
    records: list[dict[str, str | None]] = []
    labels: list[str | None] = []
    for k, element in enumerate(elements, start=1):
        if not isinstance(element, dict):
            raise InputError(f"element {k} is not an object", path=where)
        key = _text(element.get("id")) or _text(element.get("label"))
        if not key:
            raise InputError(f"element {k} has neither an 'id' nor a 'label'", path=where)
        ids.append(key)
        labels.append(_text(element.get("label")))
        records.append(
            {name: _text(value) for name, value in element.items() if name not in ("id", "label")}
        )
    if len(set(ids)) < len(ids):
        seen: set[str] = set()
        repeated = next(i for i in ids if i in seen or seen.add(i))
        raise InputError(f"the element {repeated!r} appears twice", path=where)
    if any(
        label is not None and label not in (key, record.get("name"))
        for key, label, record in zip(ids, labels, records, strict=True)
    ):
        for record, label in zip(records, labels, strict=True):
            record["label"] = label

    wname = weight or "weight"
    ties = _common.Ties(where)
    for k, connection in enumerate(connections, start=1):
        _add_connection(ties, connection, k, wname)
    if weight is not None and not any(isinstance(c, dict) and wname in c for c in connections):
        raise InputError(f"no connection has a {weight!r} value for the weights", path=where)
    nodes = _common.node_table(where, ids, list(range(1, len(ids) + 1)), records)
    return ties.table(nodes)


def _load(path: Path):
    text = decode_text(_common.check_file(path))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"is not valid JSON: {exc.msg} (column {exc.colno})", path=str(path), row=exc.lineno
        ) from None


def _list(document, key: str, where: str, *, required: bool) -> list:
    if not isinstance(document, dict):
        raise InputError(
            "is not a Kumu blueprint: expected an object with 'elements' and 'connections'",
            path=where,
        )
    if key not in document:
        if required:
            raise InputError(f"is not a Kumu blueprint: it has no {key!r} list", path=where)
        return []
    value = document[key]
    if not isinstance(value, list):
        raise InputError(f"{key!r} must be a list", path=where)
    return value


def _add_connection(ties: _common.Ties, connection, k: int, wname: str) -> None:
    where = ties.path
    if not isinstance(connection, dict):
        raise InputError(f"connection {k} is not an object", path=where)
    source, target = _text(connection.get("from")), _text(connection.get("to"))
    if not source or not target:
        raise InputError(f"connection {k} needs both 'from' and 'to'", path=where)
    direction = (_text(connection.get("direction")) or "directed").lower()
    if direction not in _DIRECTIONS:
        raise InputError(
            f"connection {k}: direction must be directed, undirected or mutual, "
            f"not {connection['direction']!r}",
            path=where,
        )
    w = connection.get(wname)
    values = {
        "weight": (None if w is None else _text(w) or "", k),
        "type": _text(connection.get("type")),
        "date": (_text(connection.get("date")), k),
    }
    if direction == "mutual":  # both ways, as two arcs
        ties.add_text(source, target, k, directed=True, **values)
        ties.add_text(target, source, k, directed=True, **values)
    else:
        ties.add_text(source, target, k, directed=_DIRECTIONS[direction], **values)


def _text(value) -> str | None:
    """A JSON value as attribute text: lists joined with ``|``, numbers without ``.0``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "|".join(t for t in (_text(v) for v in value) if t is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip() or None


def write_kumu(ties: TieTable, path: str | Path) -> None:
    """Write ties, their nodes and node attributes as a Kumu JSON blueprint, which Kumu
    imports and :func:`read_kumu` reads back.

    Every element has an ``id`` (the node id) and a ``label`` (its ``label`` attribute, else
    its ``name``, else the id), then its other attributes, leaving out missing values.
    Each connection has ``from``, ``to``, ``direction`` (``undirected`` when
    ``ties.directed`` is false, else ``directed``) and, where the ties have them,
    ``type``, ``weight`` (a number) and ``date`` (YYYY-MM-DD), then the ties' other
    ``attributes``.
    """
    ids, attributes = _common.nodes_to_write(ties)
    labels = attributes.pop("label", [None] * len(ids))
    names = attributes.get("name", [None] * len(ids))
    reserved = [name for name in attributes if name in ("id",)]
    if reserved:
        raise InputError("a node attribute cannot be called 'id' in Kumu JSON", path=str(path))
    elements = []
    for i, node in enumerate(ids):
        label = next((v for v in (labels[i], names[i]) if v is not None), node)
        element = {"id": node, "label": label}
        element.update(
            (name, column[i]) for name, column in attributes.items() if column[i] is not None
        )
        elements.append(element)
    direction = "undirected" if ties.directed is False else "directed"
    connections = []
    for k, (source, target) in enumerate(zip(ties.source, ties.target, strict=True)):
        connection: dict = {"from": source, "to": target, "direction": direction}
        if ties.type is not None and ties.type[k] is not None:
            connection["type"] = ties.type[k]
        if ties.weight is not None:
            w = float(ties.weight[k])
            connection["weight"] = int(w) if w.is_integer() else w
        if ties.date is not None and ties.date[k] is not None:
            connection["date"] = ties.date[k].isoformat()
        for name, values in ties.attributes.items():
            if values[k] is not None:
                connection.setdefault(name, values[k])
        connections.append(connection)
    document = {"elements": elements, "connections": connections}
    _common.write_text(path, json.dumps(document, indent=1, ensure_ascii=False) + "\n")
