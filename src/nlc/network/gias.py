"""England's GIAS "academies and free schools group links" files as a two-mode network.

Each row links an academy (URN) to a group (Linked UID): a multi-academy trust, a
single-academy trust or a school sponsor. :func:`read_group_links` turns a file into
memberships (school -> group) and a node table describing both sides. Files are
Windows-1252, as the DfE publishes them.
"""

from __future__ import annotations

from pathlib import Path

from nlc.errors import InputError
from nlc.network.model import NodeTable, TieTable
from nlc.network.tables import parse_date, read_table

__all__ = ["GROUP_TYPES", "read_group_links"]

GROUP_TYPES = ("Multi-academy trust", "Single-academy trust", "School sponsor", "Umbrella trust")

#: School attributes kept from the file: node attribute name -> GIAS column.
_SCHOOL_COLUMNS = {
    "name": "EstablishmentName",
    "la": "LA (name)",
    "phase": "PhaseOfEducation (name)",
    "establishment_type": "TypeOfEstablishment (name)",
}


def read_group_links(
    path: str | Path, group_types: tuple[str, ...] = ("Multi-academy trust",)
) -> tuple[TieTable, NodeTable]:
    """Read a GIAS group-links file into school -> group memberships and their nodes.

    Schools keep their URN as id; groups get ``T`` + their UID (``T2150``) so that the two
    id series cannot collide. Schools carry ``name``, ``la``, ``phase`` and
    ``establishment_type``; groups carry ``name`` and ``kind`` (their group type). Each
    membership's ``type`` is the group type and its ``date`` the joining date.
    """
    table = read_table(path)
    col = {name: table.column(name) for name in ("URN", "Linked UID", "Group Name", "Group Type")}
    joined = table.column("Joined date", required=False)
    school_cols = {attr: table.column(c) for attr, c in _SCHOOL_COLUMNS.items()}
    wanted = {g.casefold() for g in group_types}
    known = {g.casefold() for g in GROUP_TYPES}
    unknown = sorted(wanted - known)
    if unknown:
        raise InputError(f"unknown group type {unknown[0]!r}; choose from {', '.join(GROUP_TYPES)}")

    source, target, kinds, dates, rows = [], [], [], [], []
    nodes: dict[str, dict[str, str | None]] = {}
    node_rows: dict[str, int] = {}
    for row, record in table.records:
        kind = record[col["Group Type"]].strip()
        if kind.casefold() not in wanted:
            continue
        urn = record[col["URN"]].strip()
        uid = record[col["Linked UID"]].strip()
        if not urn.isdigit():
            raise InputError(
                f"URN must be a number, not {urn!r}",
                path=table.path,
                row=row,
                column=table.header[col["URN"]],
            )
        if not uid:
            raise InputError(
                "is empty", path=table.path, row=row, column=table.header[col["Linked UID"]]
            )
        group_id = f"T{uid}"
        try:
            date = parse_date(record[joined]) if joined is not None else None
        except ValueError as exc:
            raise InputError(
                str(exc), path=table.path, row=row, column=table.header[joined]
            ) from None
        source.append(urn)
        target.append(group_id)
        kinds.append(kind)
        dates.append(date)
        rows.append(row)
        if urn not in nodes:
            nodes[urn] = {"kind": "school"} | {
                attr: record[c].strip() or None for attr, c in school_cols.items()
            }
            node_rows[urn] = row
        if group_id not in nodes:
            nodes[group_id] = {"kind": kind, "name": record[col["Group Name"]].strip() or None}
            node_rows[group_id] = row
    if not source:
        raise InputError(f"no links of type {', '.join(group_types)}", path=table.path)
    ids = list(nodes)
    attributes = {
        name: [nodes[i].get(name) for i in ids]
        for name in ("name", "kind", *(a for a in _SCHOOL_COLUMNS if a != "name"))
    }
    node_table = NodeTable(table.path, ids, attributes, [node_rows[i] for i in ids])
    ties = TieTable(table.path, source, target, type=kinds, date=dates, rows=rows)
    return ties, node_table
