"""Tabular files (CSV, TSV, XLSX) read into columns, with messages that name file, row, column,
and written from columns (:func:`write_delimited`, :func:`write_workbook`).

The standard library's csv module is used rather than pandas: it keeps the exact file row of
every record, which the messages need, and it reads a million-row ties file in about a second.

Spreadsheet formulas: a text value that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return could be run as a formula when a spreadsheet opens the file ("CSV
injection"). The writers keep such text as text: a CSV or TSV cell gets a leading single
quote (``'=1+2``), which the reader here removes again; an XLSX cell is written as a string
cell marked as quoted text, never as a formula. Numbers are not text and are written as they
are (``-1.5`` stays a number).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nlc.config import read as setting
from nlc.errors import InputError
from nlc.files import write_atomic

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "Table",
    "decode_text",
    "is_formula_like",
    "neutralise",
    "parse_date",
    "parse_weight",
    "read_columns",
    "read_table",
    "write_delimited",
    "write_workbook",
]

_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
#: A zip member of an XLSX file above this size may unpack to at most ``_MAX_RATIO`` times
#: its packed size (sheets of real data pack 5 to 30 times; a deflate bomb, a thousand).
_RATIO_FROM = 10 * 1024 * 1024
_MAX_RATIO = 100


@dataclass(frozen=True)
class _Caps:
    """The most rows and columns a table may have (``NLC_MAX_TABLE_ROWS``, ``..._COLUMNS``)."""

    rows: int
    columns: int

    @classmethod
    def read(cls) -> _Caps:
        return cls(setting("NLC_MAX_TABLE_ROWS"), setting("NLC_MAX_TABLE_COLUMNS"))

    def check_columns(self, width: int, path: str, row: int) -> None:
        if width > self.columns:
            raise InputError(
                f"has {width:,} columns; at most {self.columns:,} are read (NLC_MAX_TABLE_COLUMNS)",
                path=path,
                row=row,
            )

    def check_rows(self, row: int, path: str) -> None:
        if row > self.rows + 1:  # the header row and at most ``rows`` more
            raise InputError(
                f"has more than {self.rows:,} rows; split it or raise NLC_MAX_TABLE_ROWS",
                path=path,
                row=row,
            )


@dataclass
class Table:
    """A table's header and its records, each with the file row it came from (header = 1)."""

    path: str
    header: list[str]
    records: list[tuple[int, list[str]]]

    def column(self, name: str, *, required: bool = True, role: str = "") -> int | None:
        """Index of the column called ``name`` (case and surrounding spaces ignored).

        A missing required column raises :class:`InputError` with the closest header names.
        """
        wanted = name.strip().casefold()
        folded = [h.strip().casefold() for h in self.header]
        if wanted in folded:
            return folded.index(wanted)
        if not required:
            return None
        close = difflib.get_close_matches(wanted, folded, n=1, cutoff=0.6)
        hint = f"; did you mean {self.header[folded.index(close[0])]!r}?" if close else ""
        what = f" ({role})" if role else ""
        raise InputError(
            f"no column {name!r}{what}; the header has {', '.join(map(repr, self.header))}{hint}",
            path=self.path,
            row=1,
        )

    def values(self, index: int) -> list[str]:
        if isinstance(self.records, _Records):
            return self.records.column(index)
        return [record[index] for _, record in self.records]

    def rows(self) -> Sequence[int]:
        """The file row of each record (a ``range`` for a table read by columns)."""
        if isinstance(self.records, _Records):
            return range(2, len(self.records) + 2)
        return [row for row, _ in self.records]

    def encode(self, columns: Sequence[int]) -> tuple[list[str], list[np.ndarray]] | None:
        """The values of ``columns`` as codes into one list of their distinct values.

        The distinct values come in order of first appearance, reading the columns one after
        the other; each column's codes are an int32 array (``values[codes[i]]`` is record
        ``i``'s value). ``None`` unless the table was read by columns: pyarrow's hash encoding
        then takes about 30 ms per million values, several times less than building a list
        of them and looking each up in a dictionary.
        """
        if not isinstance(self.records, _Records):
            return None
        import pyarrow as pa

        chunks = [chunk for j in columns for chunk in self.records.arrow[j].chunks]
        values = pa.chunked_array(chunks, type=pa.string())
        encoded = _encode_integers(values)
        if encoded is None:
            try:
                encoded = values.combine_chunks().dictionary_encode()
            except pa.ArrowException:  # over 2 GB of text: the values are read as lists
                return None
            encoded = encoded.dictionary, encoded.indices
        names, codes = encoded[0].to_pylist(), encoded[1].to_numpy()
        size = len(self.records)
        return names, [codes[k * size : (k + 1) * size] for k in range(len(columns))]


def _encode_integers(values):
    """(distinct values, codes) of pyarrow strings that are all integers written as Python
    writes them (``"12"``, ``"-3"``; not ``"012"``, ``"+3"`` or ``" 3"``), else ``None``.

    Hashing 64-bit integers takes a few times less than hashing their text (ids are often
    numbers). A string that reads as an integer is never shorter than the integer's own
    text, so equal total lengths mean that every value is written that way, and two
    distinct strings never become one number.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        numbers = pc.cast(values, pa.int64()).combine_chunks()
    except (pa.ArrowException, ValueError):
        return None
    encoded = numbers.dictionary_encode()
    names = pc.cast(encoded.dictionary, pa.string())
    codes = encoded.indices.to_numpy()
    written = pc.sum(pc.binary_length(values)).as_py() or 0
    canonical = int(np.asarray(pc.binary_length(names), dtype=np.int64)[codes].sum())
    return (names, encoded.indices) if written == canonical else None


class _Records(Sequence):
    """The records of a table read by columns: row ``i`` is file row ``i + 2`` (no blank
    lines, no line breaks inside fields). ``arrow`` holds the columns as pyarrow string
    arrays; a column becomes a list of strings, and a record a list, only when asked for."""

    def __init__(self, arrow: list):
        self.arrow = arrow
        self._lists: dict[int, list[str]] = {}

    def column(self, index: int) -> list[str]:
        """Column ``index`` as a list of strings (built once)."""
        if index not in self._lists:
            self._lists[index] = self.arrow[index].to_pylist()
        return self._lists[index]

    def __len__(self) -> int:
        return len(self.arrow[0])

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return i + 2, [self.column(j)[i] for j in range(len(self.arrow))]


#: Bytes that keep a file off the columnar reader: quotes (quoting rules differ between
#: readers) and control characters other than line ends (they are whitespace to ``strip``).
_SLOW_BYTES = b'"' + bytes([*range(0x0A), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _has_slow_bytes(raw: bytes) -> bool:
    """Whether ``raw`` holds any of :data:`_SLOW_BYTES` (deleting them is one fast pass)."""
    return len(raw.translate(None, _SLOW_BYTES)) != len(raw)


def read_columns(path: str | Path, *, sheet: str | None = None) -> Table:
    """:func:`read_table`, faster for large plain CSV and TSV files; the same table.

    A file of plain ASCII text (after an optional byte-order mark) without quotes or control
    characters, with no blank lines and every row as wide as the header, is split into
    columns by pyarrow's multi-threaded CSV reader (about ten times faster than the csv
    module at a million rows). Any other file, or any problem pyarrow reports, goes to
    :func:`read_table`, so its messages, which name the file, row and column, are the same.
    """
    path = Path(path)
    table = None
    if path.suffix.lower() in {".csv", ".tsv", ".tab"} and path.is_file():
        table = _read_plain(path, "," if path.suffix.lower() == ".csv" else "\t")
    return table if table is not None else read_table(path, sheet=sheet)


def _read_plain(path: Path, delimiter: str) -> Table | None:
    """The table of a plain delimited file by pyarrow, or ``None`` to read it the slow way."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if not raw.isascii() or _has_slow_bytes(raw):
        return None
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    if b"'" in raw and any(f"'{start}".encode() in raw for start in FORMULA_STARTS):
        return None  # fields quoted against formulas: read_table unquotes them
    end = raw.find(b"\n")
    header = raw[: len(raw) if end < 0 else end].decode("ascii").rstrip("\r").split(delimiter)
    header = [h.strip() for h in header]
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    caps = _Caps.read()
    width = len(header)
    if width < 2 or width > caps.columns or lines < 2 or lines - 1 > caps.rows:
        return None
    names = [f"f{i}" for i in range(width)]
    try:
        arrow = pcsv.read_csv(
            pa.BufferReader(raw),
            read_options=pcsv.ReadOptions(skip_rows=1, column_names=names),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, quote_char=False),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
        )
    except (pa.ArrowException, ValueError):
        return None
    if arrow.num_rows != lines - 1:  # a blank line was skipped: rows would be misnumbered
        return None
    return Table(str(path), header, _Records(arrow.columns))


def read_table(path: str | Path, *, sheet: str | None = None) -> Table:
    """Read a CSV, TSV or XLSX file into a :class:`Table`.

    CSV files are read as UTF-8 (with or without a byte-order mark) and, failing that, as
    Windows-1252, the encoding of the DfE's GIAS extracts. ``.tsv`` and ``.tab`` files are
    tab-separated; ``.csv`` files must be comma-separated. A workbook is read from its sheet
    called ``sheet`` (case ignored) when it has one, else from its first sheet. A cell that
    the writers protected from being run as a formula (``'=...``) is read without its quote.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", path=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a file", path=str(path))
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, sheet)
    if suffix == ".xls":
        raise InputError(
            "old Excel .xls files are not read; save the sheet as .xlsx or .csv", path=str(path)
        )
    delimiter = "\t" if suffix in {".tsv", ".tab"} else ","
    return _read_delimited(path, delimiter)


def decode_text(raw: bytes) -> str:
    """Text of a file's bytes: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _read_delimited(path: Path, delimiter: str) -> Table:
    text = decode_text(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = _records(reader, str(path))
    try:
        row, header = next(records)
    except StopIteration:
        raise InputError("the file is empty; expected a header row", path=str(path)) from None
    header = [h.strip() for h in header]
    if len(header) == 1 and delimiter == ",":
        for other, name in _DELIMITERS.items():
            if other in header[0]:
                raise InputError(
                    f"the header has no commas but has {name}; save the file as "
                    "comma-separated values (or name it .tsv if it is tab-separated)",
                    path=str(path),
                    row=1,
                )
    width = len(header)
    caps = _Caps.read()
    caps.check_columns(width, str(path), 1)
    body = []
    for row, record in records:
        caps.check_rows(row, str(path))
        if len(record) != width:
            if not any(field.strip() for field in record):
                continue  # blank line
            if len(record) < width:
                # Trailing empty fields left out, as in the DfE's GIAS extracts: pad them.
                record = record + [""] * (width - len(record))
                body.append((row, record))
                continue
            raise InputError(
                f"has {len(record)} fields but the header has {width}",
                path=str(path),
                row=row,
            )
        body.append((row, record))
    if any(f"'{start}" in text for start in FORMULA_STARTS):
        body = [(row, [_unquoted(field) for field in record]) for row, record in body]
    return Table(str(path), header, body)


def _records(reader: Iterator[list[str]], path: str) -> Iterator[tuple[int, list[str]]]:
    row = 0
    try:
        for row, record in enumerate(reader, start=1):
            yield row, record
    except csv.Error as exc:
        raise InputError(f"cannot be read as CSV: {exc}", path=path, row=row + 1) from None


def _check_unpacked_size(path: Path) -> None:
    """Refuse a workbook whose zip members would unpack to too much (a deflate bomb), before
    openpyxl opens it: the sum of the sizes they declare is capped (``NLC_MAX_XLSX_BYTES``),
    and so is each large member's ratio of unpacked to packed size. ``zipfile`` reads no
    more than a member declares, so a member cannot lie its way past the cap."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"is not a readable .xlsx workbook ({exc})", path=str(path)) from None
    limit = setting("NLC_MAX_XLSX_BYTES")
    total = sum(m.file_size for m in members)
    if total > limit:
        raise InputError(
            f"unpacks to {total:,} bytes; at most {limit:,} are read (NLC_MAX_XLSX_BYTES); "
            "save the sheet as .csv or split it",
            path=str(path),
        )
    for member in members:
        if member.file_size > _RATIO_FROM and member.file_size > _MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise InputError(
                f"is not read: its part {member.filename!r} unpacks to "
                f"{member.file_size:,} bytes from {member.compress_size:,}, "
                "which no sheet of real data does",
                path=str(path),
            )


def _read_xlsx(path: Path, wanted: str | None = None) -> Table:
    import zipfile

    import openpyxl

    _check_unpacked_size(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(f"is not a readable .xlsx workbook ({exc})", path=str(path)) from None
    try:
        names = {name.strip().casefold(): name for name in book.sheetnames}
        if wanted is not None and wanted.casefold() in names:
            return _sheet_table(book[names[wanted.casefold()]], path)
        return _sheet_table(book.worksheets[0], path)
    finally:
        book.close()


def _sheet_table(sheet, path: Path) -> Table:
    """A sheet's rows, read one at a time; its declared size is ignored (a sheet may
    claim a million rows and sixteen thousand columns that it does not have)."""
    where = f"{path}[{sheet.title}]"
    sheet.reset_dimensions()
    caps = _Caps.read()
    header = None
    body = []
    for row, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        caps.check_rows(row, where)
        caps.check_columns(len(values), where, row)
        cells = ["" if v is None else _cell_text(v) for v in values]
        if header is None:
            if not any(cells):
                continue
            while cells and not cells[-1]:
                cells.pop()
            header = [c.strip() for c in cells]
            continue
        if not any(cells):
            continue
        cells = (cells + [""] * len(header))[: len(header)]
        body.append((row, cells))
    if header is None:
        raise InputError("the first sheet is empty; expected a header row", path=where)
    return Table(where, header, body)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m")


def parse_date(text: str) -> dt.date | None:
    """Parse a date written as ISO (2019-06-01), DfE style (01-06-2019) or 01/06/2019.

    Empty text gives ``None``; anything else raises ``ValueError``.

    Examples
    --------
    >>> parse_date("01-06-2019"), parse_date("2019-06-01"), parse_date("")
    (datetime.date(2019, 6, 1), datetime.date(2019, 6, 1), None)
    """
    text = text.strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r} (write dates as YYYY-MM-DD)")


def parse_weight(text: str, what: str = "weight") -> float:
    """Parse a tie weight: a finite number of at least 0, the rule for every file format.

    Raises ``ValueError`` (naming ``what``) for anything else.

    Examples
    --------
    >>> parse_weight("2.5"), parse_weight(" 0 ")
    (2.5, 0.0)
    """
    try:
        value = float(text)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} must be a number of at least 0, not {text!r}")
    return value


# --------------------------------------------------------------------------------------
# Writing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell's text as a formula."""


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula: it begins with one of
    :data:`FORMULA_STARTS` and is not a number.

    Examples
    --------
    >>> is_formula_like("=1+2"), is_formula_like("-1.5"), is_formula_like("@SUM(A1)")
    (True, False, True)
    """
    if not text or not text.startswith(FORMULA_STARTS):
        return False
    try:
        float(text)
    except ValueError:
        return True
    return False


def neutralise(text: str) -> str:
    """``text`` with a leading single quote if a spreadsheet could run it as a formula.

    Examples
    --------
    >>> neutralise("=1+2"), neutralise("-1.5"), neutralise("plain")
    ("'=1+2", '-1.5', 'plain')
    """
    return "'" + text if is_formula_like(text) else text


def _unquoted(field: str) -> str:
    return field[1:] if field.startswith("'") and is_formula_like(field[1:]) else field


def cell_text(value: object) -> str:
    """A value as CSV text: ``None`` empty, whole floats without ``.0``, dates ISO, and text
    that could run as a formula quoted (:func:`neutralise`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (int, dt.date)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return neutralise(str(value))


def write_delimited(path: str | Path, header: list[str], rows, *, delimiter: str = ",") -> None:
    """Write a header and rows as UTF-8 CSV (or TSV with a tab as ``delimiter``).

    Parameters
    ----------
    path : str or Path
        The file to write.
    header : list of str
        Column names.
    rows : iterable of sequences
        Values of each row: text, numbers, dates or ``None`` (see :func:`cell_text`).

    Raises
    ------
    InputError
        When the file cannot be written.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([cell_text(h) for h in header])
    writer.writerows([cell_text(v) for v in row] for row in rows)
    _write_bytes(path, out.getvalue().encode("utf-8"))


def write_workbook(path: str | Path, sheets: dict[str, tuple[list[str], list]]) -> None:
    """Write an XLSX workbook with one sheet per entry of ``sheets`` (name -> header, rows).

    Numbers are written as numbers and dates as dates; text as string cells, those that
    could run as formulas (:func:`is_formula_like`) marked as quoted text, so that Excel
    shows them and never evaluates them.

    Raises
    ------
    InputError
        When the file cannot be written.
    """
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name)
        for r, values in enumerate([header, *rows], start=1):
            for c, value in enumerate(values, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would make "=..." a formula
                    if is_formula_like(value):
                        cell.quotePrefix = True
    buffer = io.BytesIO()
    book.save(buffer)
    _write_bytes(path, buffer.getvalue())


def _write_bytes(path: str | Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise InputError(f"cannot be written ({exc.strerror})", path=str(path)) from None
