"""UCINET DL (``.dl``), the text format of UCINET, also read by Pajek and ORA.

Reader and writer side by side: :func:`read_dl` here, with its header and data readers
below it; a ``write_dl`` belongs in this module too, next to the reader, so that the two
agree on labels and the ``fullmatrix``/``edgelist1`` layouts.

Read: one-mode (``n=``) and two-mode (``nr=``, ``nc=``) files in the ``fullmatrix``,
``edgelist1`` and ``nodelist1`` formats, with labels in the header or embedded in the data,
and ``symmetric``. Of a file with several matrices (``nm=``), the first is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nlc.errors import InputError
from nlc.network.formats import _common
from nlc.network.model import TieTable

__all__ = ["read_dl", "write_dl"]

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


def read_dl(path: str | Path, *, weight: str | None = None) -> TieTable:
    """Read a UCINET DL file (``fullmatrix``, ``edgelist1`` or ``nodelist1``); its row labels
    (or numbers), and the column labels of a two-mode file, become ``nodes``, the two modes
    told apart by a ``mode`` attribute (``row`` or ``column``).

    ``weight`` may only be ``"weight"`` or ``None``: a DL file's values are its weights.
    Raises :class:`~nlc.errors.InputError`, naming the file and line, for a header without
    ``dl`` or ``data:``, missing or bad counts, an unread format, the wrong number of labels
    or values, or a value that is not a number of at least 0. See
    :func:`~nlc.network.formats.read_graph_file`.
    """
    path = Path(path)
    where = str(path)
    if weight not in (None, "weight"):
        raise InputError(
            f"a UCINET DL file has no named tie attributes, so no {weight!r} weights; its "
            "values are the weights",
            path=where,
        )
    lines = _common.read_text(path).splitlines()
    header, data = _dl_header(lines, where)
    count = {name: _dl_count(header, name, where) for name in ("n", "nr", "nc", "nm")}
    n, nr, nc, nm = count["n"], count["nr"], count["nc"], count["nm"] or 1
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
    row_labels = _dl_labels(header, ("row", "plain"), nr, where)
    col_labels = _dl_labels(header, ("column", "plain"), nc, where)
    if not two_mode and row_labels is None:
        row_labels = col_labels
    if not two_mode:
        col_labels = row_labels
    reader = _DLReader(
        where,
        header,
        data,
        nr=nr,
        nc=nc,
        nm=nm,
        two_mode=two_mode,
        row_labels=row_labels,
        col_labels=col_labels,
    )
    return reader.read(fmt)


def write_dl(ties: TieTable, path: str | Path) -> None:
    """Write ties as a one-mode UCINET DL file in the ``edgelist1`` format, with labels,
    which :func:`read_dl` (and UCINET, Pajek and ORA) read back.

    Undirected ties (``ties.directed`` false) are marked ``symmetric``. DL has no place for
    node attributes or a tie's type and date: they are not written. A label with a double
    quote cannot be written, nor a network without nodes.
    """
    ids, _ = _common.nodes_to_write(ties)
    if not ids:
        raise InputError("a UCINET DL file needs at least one node", path=str(path))
    number = {node: k for k, node in enumerate(ids, start=1)}
    symmetric = " symmetric" if ties.directed is False else ""
    lines = [f"dl n={len(ids)} format=edgelist1{symmetric}", "labels:"]
    lines += [", ".join(_common.quoted(node, path, "node id") for node in ids), "data:"]
    weights = _common.tie_values(ties).get("weight")
    for k, (source, target) in enumerate(zip(ties.source, ties.target, strict=True)):
        weight = "" if weights is None else f" {weights[k]}"
        lines.append(f"{number[source]} {number[target]}{weight}")
    _common.write_text(path, "\n".join(lines) + "\n")


def _dl_count(header: _DLHeader, name: str, where: str) -> int | None:
    """The count ``name=`` (n, nr, nc, nm) of the header, ``None`` where not given."""
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


def _dl_labels(
    header: _DLHeader, kinds: tuple[str, ...], size: int, where: str
) -> list[tuple[str, int]] | None:
    """The first of the header's label lists of these ``kinds``, checked against ``size``."""
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

    def __init__(
        self,
        where: str,
        header: _DLHeader,
        data: list[tuple[int, str]],
        *,
        nr: int,
        nc: int,
        nm: int,
        two_mode: bool,
        row_labels: list[tuple[str, int]] | None,
        col_labels: list[tuple[str, int]] | None,
    ) -> None:
        self.where = where
        self.header = header
        self.data = data
        self.nr, self.nc, self.nm = nr, nc, nm
        self.two_mode = two_mode
        self.row_labels = row_labels
        self.col_labels = col_labels
        self.ties = _common.Ties(where)

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
        nodes = _common.node_table(
            self.where, [i for i, _ in everyone], [r for _, r in everyone], records
        )
        if self.header.symmetric:
            self.ties.declared.add(False)
        return self.ties.table(nodes)

    def _cell(self, token: str, line: int) -> float:
        return _common.weight_value(token, self.where, line, what="matrix value")

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
