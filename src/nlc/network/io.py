"""Read and write ties and nodes in the files users bring, chosen by file extension.

Tabular ties (CSV, TSV, XLSX) have a header with ``source`` and ``target`` and optionally
``weight``, ``type`` and ``date``. Graph formats (GraphML, GEXF, Pajek ``.net``, UCINET DL,
Kumu JSON) are read by :mod:`nlc.network.formats` and carry their own node lists and
attributes.

Writing (:func:`write_ties`): a CSV or TSV export is two files, the ties and the nodes
(``id`` and attribute columns); an XLSX export is one workbook with a ``ties`` sheet (first)
and a ``nodes`` sheet, and :func:`read_ties` reading such a workbook takes its nodes from the
``nodes`` sheet, so it reads back as the same network. Text that a spreadsheet could run as a
formula is kept as text (:mod:`nlc.network.tables`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlc.errors import InputError
from nlc.network.formats import READERS, WRITERS, read_graph_file, write_graph_file
from nlc.network.formats._common import nodes_to_write
from nlc.network.model import EncodedNames, Network, NodeTable, TieTable
from nlc.network.tables import (
    Table,
    parse_date,
    parse_weight,
    read_columns,
    write_delimited,
    write_workbook,
)

__all__ = [
    "GRAPH_FORMATS",
    "TABLE_FORMATS",
    "WRITE_FORMATS",
    "network_ties",
    "nodes_path_for",
    "read_nodes",
    "read_ties",
    "write_ties",
]

TABLE_FORMATS = (".csv", ".tsv", ".tab", ".xlsx", ".xlsm", ".xls")
GRAPH_FORMATS = tuple(READERS)
WRITE_FORMATS = (".csv", ".tsv", ".tab", ".xlsx", *WRITERS)
"""The extensions :func:`write_ties` writes."""
_XLSX = (".xlsx", ".xlsm")


def read_ties(
    path: str | Path,
    *,
    source: str = "source",
    target: str = "target",
    weight: str | None = None,
) -> TieTable:
    """Read a ties file.

    Parameters
    ----------
    path : str or Path
        CSV/TSV/XLSX edge list, or a GraphML, GEXF, Pajek (``.net``) or UCINET DL (``.dl``)
        file.
    source, target : str
        Column names of the tie ends in a tabular file.
    weight : str, optional
        Column holding tie weights. By default the column ``weight`` is used if present.

    Raises
    ------
    InputError
        For an unknown extension, a missing column, an empty file, a weight that is not a
        positive number or a date that cannot be read, naming the file, row and column.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in GRAPH_FORMATS:
        return read_graph_file(path, weight=weight)
    if suffix not in TABLE_FORMATS:
        raise InputError(
            f"unknown file type {suffix or '(none)'!r}; NLC reads "
            f"{', '.join(TABLE_FORMATS + GRAPH_FORMATS)}",
            path=str(path),
        )
    table = read_columns(path, sheet="ties")
    src = table.column(source, role="the tie's first end")
    tgt = table.column(target, role="the tie's second end")
    wcol = table.column(weight or "weight", required=weight is not None)
    tcol = table.column("type", required=False)
    dcol = table.column("date", required=False)
    if not table.records:
        raise InputError("has a header but no ties", path=table.path)

    ends = _encoded_ids(table, (src, tgt))
    sources, targets = ends if ends is not None else (_ids(table, src), _ids(table, tgt))
    return TieTable(
        path=table.path,
        source=sources,
        target=targets,
        weight=None if wcol is None else _weights(table, wcol),
        type=None if tcol is None else [v.strip() or None for v in table.values(tcol)],
        date=None if dcol is None else _dates(table, dcol),
        rows=table.rows(),
        nodes=_workbook_nodes(path) if suffix in _XLSX else None,
    )


def _workbook_nodes(path: Path) -> NodeTable | None:
    """The ``nodes`` sheet of a workbook that also has a ``ties`` sheet (as NLC writes)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    names = {name.strip().casefold() for name in book.sheetnames}
    book.close()
    return read_nodes(path) if {"ties", "nodes"} <= names else None


def read_nodes(path: str | Path, *, id_column: str = "id") -> NodeTable:
    """Read a nodes file: an ``id`` column and any attribute columns (CSV/TSV/XLSX).

    A workbook is read from its ``nodes`` sheet when it has one, else from its first sheet.
    """
    path = Path(path)
    if path.suffix.lower() not in TABLE_FORMATS:
        raise InputError(
            f"a nodes file must be CSV, TSV or XLSX, not {path.suffix or '(none)'!r}",
            path=str(path),
        )
    table = read_columns(path, sheet="nodes")
    idx = table.column(id_column, role="node id")
    if not table.records:
        raise InputError("has a header but no nodes", path=table.path)
    ids = _ids(table, idx)
    attributes = {
        name: [v.strip() or None for v in table.values(j)]
        for j, name in enumerate(table.header)
        if j != idx and name
    }
    return NodeTable(path=table.path, ids=ids, attributes=attributes, rows=table.rows())


def _ids(table: Table, column: int) -> list[str]:
    values = [v.strip() for v in table.values(column)]
    if all(values):
        return values
    for row, value in zip(table.rows(), values, strict=True):
        if not value:
            _refuse_empty_id(table, column, row)
    return values


def _refuse_empty_id(table: Table, column: int, row: int) -> None:
    raise InputError(
        "is empty; every row needs a node id here",
        path=table.path,
        row=row,
        column=table.header[column],
    )


def _encoded_ids(table: Table, columns: tuple[int, ...]) -> list[EncodedNames] | None:
    """:func:`_ids` of each of ``columns`` as :class:`EncodedNames` sharing one list of names
    (in order of first appearance), or ``None`` for a table not read by columns."""
    encoded = table.encode(columns)
    if encoded is None:
        return None
    names, codes = encoded
    stripped = [name.strip() for name in names]
    if stripped != names:  # " a" and "a" are one name
        position: dict[str, int] = {}
        lookup = np.array([position.setdefault(name, len(position)) for name in stripped])
        names, codes = list(position), [lookup[c] for c in codes]
    if "" in names:
        empty = names.index("")
        for column, column_codes in zip(columns, codes, strict=True):
            at = np.flatnonzero(column_codes == empty)
            if at.size:
                _refuse_empty_id(table, column, table.rows()[int(at[0])])
    return [EncodedNames(names, c) for c in codes]


def _weights(table: Table, column: int) -> np.ndarray:
    raw = table.values(column)
    try:
        weights = np.array([float(v) if v.strip() else 1.0 for v in raw], dtype=np.float64)
    except ValueError:
        weights = None
    if weights is not None and np.all(np.isfinite(weights)) and np.all(weights >= 0):
        return weights
    for (row, _), text in zip(table.records, raw, strict=True):
        try:
            parse_weight(text if text.strip() else "1")
        except ValueError as exc:
            raise InputError(
                str(exc), path=table.path, row=row, column=table.header[column]
            ) from None
    raise AssertionError("unreachable: a bad weight was detected but not found")


def _dates(table: Table, column: int):
    out = []
    for row, text in zip(table.rows(), table.values(column), strict=True):
        try:
            out.append(parse_date(text))
        except ValueError as exc:
            raise InputError(
                str(exc), path=table.path, row=row, column=table.header[column]
            ) from None
    return out


# --------------------------------------------------------------------------------------
# Writing


def nodes_path_for(path: str | Path) -> Path:
    """Where a CSV/TSV export puts its nodes by default: ``ties.csv`` -> ``ties-nodes.csv``."""
    path = Path(path)
    return path.with_name(f"{path.stem}-nodes{path.suffix}")


def write_ties(
    ties: TieTable, path: str | Path, *, nodes_path: str | Path | None = None
) -> list[Path]:
    """Write ties and their nodes in the format named by ``path``'s extension.

    Parameters
    ----------
    ties : TieTable
        The ties, with their nodes (``ties.nodes``, isolates included) and node attributes.
    path : str or Path
        ``.csv``, ``.tsv``/``.tab``, ``.xlsx``, or a graph format (``.graphml``, ``.gexf``,
        ``.net``/``.paj``, ``.dl``, ``.json`` for Kumu).
    nodes_path : str or Path, optional
        For CSV and TSV, the nodes file (default :func:`nodes_path_for`).

    Returns
    -------
    list of Path
        The files written (two for CSV and TSV, else one).

    Raises
    ------
    InputError
        For an extension NLC does not write, a file that cannot be written, or a value the
        format cannot hold.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in WRITERS:
        write_graph_file(ties, path)
        return [path]
    if suffix not in WRITE_FORMATS:
        raise InputError(
            f"unknown file type {suffix or '(none)'!r}; NLC writes {', '.join(WRITE_FORMATS)}",
            path=str(path),
        )
    tie_sheet, node_sheet = _tie_rows(ties), _node_rows(ties)
    if suffix == ".xlsx":
        write_workbook(path, {"ties": tie_sheet, "nodes": node_sheet})
        return [path]
    delimiter = "," if suffix == ".csv" else "\t"
    nodes_path = Path(nodes_path) if nodes_path is not None else nodes_path_for(path)
    write_delimited(path, *tie_sheet, delimiter=delimiter)
    write_delimited(nodes_path, *node_sheet, delimiter=delimiter)
    return [path, nodes_path]


def _tie_rows(ties: TieTable) -> tuple[list[str], list[list]]:
    columns: dict[str, list] = {"source": ties.source, "target": ties.target}
    if ties.weight is not None:
        columns["weight"] = [float(w) for w in ties.weight]
    if ties.type is not None:
        columns["type"] = ties.type
    if ties.date is not None:
        columns["date"] = ties.date
    for name, values in ties.attributes.items():
        columns.setdefault(name, values)
    return list(columns), [list(row) for row in zip(*columns.values(), strict=True)]


def _node_rows(ties: TieTable) -> tuple[list[str], list[list]]:
    ids, attributes = nodes_to_write(ties)
    if "id" in attributes:
        raise InputError("a node attribute cannot be called 'id' in a nodes table")
    header = ["id", *attributes]
    rows = [[node, *(column[i] for column in attributes.values())] for i, node in enumerate(ids)]
    return header, rows


def network_ties(network: Network, *, label: str = "network") -> TieTable:
    """A cleaned :class:`Network` as a :class:`TieTable` again, to write it.

    Every node (isolates too) and its attributes (as text) go in ``nodes``; each tie once,
    with its weight (``None`` when all are 1), and ``directed`` as the network says.
    """
    ids = list(network.ids)
    attributes = {
        name: [None if v is None else str(v) for v in values]
        for name, values in network.attributes.items()
    }
    nodes = NodeTable(label, ids, attributes)
    return TieTable(
        path=label,
        source=[ids[i] for i in network.source.tolist()],
        target=[ids[i] for i in network.target.tolist()],
        weight=network.weight.copy() if network.weighted else None,
        directed=network.directed,
        nodes=nodes,
    )
