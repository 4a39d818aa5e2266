"""Read ties and nodes from the files users bring, chosen by file extension.

Tabular ties (CSV, TSV, XLSX) have a header with ``source`` and ``target`` and optionally
``weight``, ``type`` and ``date``. Graph formats (GraphML, GEXF, Pajek ``.net``, UCINET DL)
are read by :mod:`nlc.network.formats` and carry their own node lists and attributes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlc.errors import InputError
from nlc.network.formats import READERS, read_graph_file
from nlc.network.model import NodeTable, TieTable
from nlc.network.tables import Table, parse_date, parse_weight, read_columns

__all__ = ["GRAPH_FORMATS", "TABLE_FORMATS", "read_nodes", "read_ties"]

TABLE_FORMATS = (".csv", ".tsv", ".tab", ".xlsx", ".xlsm", ".xls")
GRAPH_FORMATS = tuple(READERS)


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
    table = read_columns(path)
    src = table.column(source, role="the tie's first end")
    tgt = table.column(target, role="the tie's second end")
    wcol = table.column(weight or "weight", required=weight is not None)
    tcol = table.column("type", required=False)
    dcol = table.column("date", required=False)
    if not table.records:
        raise InputError("has a header but no ties", path=table.path)

    sources = _ids(table, src)
    targets = _ids(table, tgt)
    return TieTable(
        path=table.path,
        source=sources,
        target=targets,
        weight=None if wcol is None else _weights(table, wcol),
        type=None if tcol is None else [v.strip() or None for v in table.values(tcol)],
        date=None if dcol is None else _dates(table, dcol),
        rows=table.rows(),
    )


def read_nodes(path: str | Path, *, id_column: str = "id") -> NodeTable:
    """Read a nodes file: an ``id`` column and any attribute columns (CSV/TSV/XLSX)."""
    path = Path(path)
    if path.suffix.lower() not in TABLE_FORMATS:
        raise InputError(
            f"a nodes file must be CSV, TSV or XLSX, not {path.suffix or '(none)'!r}",
            path=str(path),
        )
    table = read_columns(path)
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
            raise InputError(
                "is empty; every row needs a node id here",
                path=table.path,
                row=row,
                column=table.header[column],
            )
    return values


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
