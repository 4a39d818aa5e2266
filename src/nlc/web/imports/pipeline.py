"""The pipeline every import runs: read -> map columns -> check rows -> write.

An :class:`Importer` declares its columns, checks one row at a time (collecting every error
with its file, row and column) and writes what it parsed. :func:`run_pipeline` does the rest
the same way for every import: it reads the table, finds the columns (every missing required
column is an error), hands each row to the importer, and calls the writer inside one
transaction, so that an import is all-or-nothing. Errors found while writing (a name that
matches two records, say) raise :class:`ImportFailed` and roll everything back; a dry run rolls
back too. Value parsers shared by the importers (``choice``, ``urn``, ``count``, ...) and the
area and network lookups live here as well.

Large imports (run as background jobs, :mod:`nlc.web.imports.jobs`) write in batches instead,
each batch its own short transaction, so that other writers get the database between them
(one transaction for 250,000 ties held SQLite's write lock for 27 s). They stay all-or-nothing
by checking everything first and undoing on failure: an importer that declares ``batchable``
does every check before its first write, then writes only through its ``writer``
(:class:`BatchedWriter`), which remembers the ids of the rows it created and the old values
of the rows it changed, and on any failure deletes the former and restores the latter, batch
by batch. A staging table would have needed one per model and a copy at the end that again
holds the lock; the undo log needs nothing but the rows themselves. The price: another user's
edit of an imported row during the import is lost if the import then fails.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from nlc.config import read as setting
from nlc.errors import InputError
from nlc.network.tables import Table, read_table
from nlc.web.registry.models import Area, Membership, Network
from nlc.web.validation import messages

BATCH = 1000
#: DfE marks for a suppressed or not applicable number.
_SUPPRESSED = {"", "z", "x", "c", "low", ":", ".."}
_YES = {"yes", "y", "true", "t", "1"}
_NO = {"no", "n", "false", "f", "0", ""}


# --------------------------------------------------------------------------- results


class ImportFailed(InputError):
    """An import refused: ``errors`` holds every row error; nothing was written."""

    def __init__(self, errors: list[InputError], path: str | None = None) -> None:
        self.errors = sorted(errors, key=lambda e: (e.path or "", e.row or 0))
        n = len(self.errors)
        super().__init__(f"{n} error{'s' if n != 1 else ''}; nothing was written", path=path)

    @property
    def shown(self) -> list[InputError]:
        """The errors to list: the first ``NLC_MAX_ERRORS_SHOWN``."""
        return self.errors[: setting("NLC_MAX_ERRORS_SHOWN")]

    @property
    def more(self) -> int:
        """How many errors :attr:`shown` leaves out."""
        return len(self.errors) - len(self.shown)

    def report(self) -> str:
        """The errors listed, each on its own line (file, row, column: message), and how
        many more there are."""
        lines = [str(self), *(f"  {e}" for e in self.shown)]
        if self.more:
            lines.append(f"  ... and {self.more:,} more")
        return "\n".join(lines)


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would have done)."""

    kind: str
    path: str
    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def summary(self) -> str:
        parts = ", ".join(f"{label} {n:,}" for label, n in self.counts.items())
        tail = " (dry run: nothing was written)" if self.dry_run else ""
        return f"{self.kind} from {self.path}: {parts}{tail}"


class _Dry(Exception):
    """Raised inside the transaction of a dry run to roll it back."""


# --------------------------------------------------------------------------- errors, columns, rows


class Errors:
    """Every error of one import so far, each located by file, row and column."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[InputError] = []

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.items.append(InputError(message, path=self.path, row=row, column=column))

    @property
    def bad_rows(self) -> set[int | None]:
        return {e.row for e in self.items}

    def check(self) -> None:
        """Raise :class:`ImportFailed` with every error so far, if there is one."""
        if self.items:
            raise ImportFailed(self.items, self.path)

    def check_global(self) -> None:
        """Raise when an error is not about one row (a file, area or network problem)."""
        if any(e.row is None for e in self.items):
            self.check()


def read(path: str | Path, display_name: str | None) -> Table:
    """Read a table; a file that cannot be read at all becomes a one-error report."""
    try:
        table = read_table(path)
    except InputError as exc:
        raise failed_reading(exc, path, display_name) from None
    if display_name:
        table.path = table.path.replace(str(path), display_name, 1)
    return table


def failed_reading(exc: InputError, path: str | Path, display_name: str | None) -> ImportFailed:
    """``exc`` as a one-error :class:`ImportFailed`, naming the file as the user knows it."""
    if display_name and exc.path:
        exc.path = exc.path.replace(str(path), display_name, 1)
    return ImportFailed([exc], exc.path)


class Columns:
    """Column positions of a table, gathering every missing required column as an error."""

    def __init__(
        self, table: Table, errors: Errors, required: list[str], optional: list[str]
    ) -> None:
        self.table = table
        self.index: dict[str, int | None] = {}
        for name in required:
            try:
                self.index[name] = table.column(name)
            except InputError as exc:
                errors.add(exc.row, None, exc.message)
        for name in optional:
            self.index[name] = table.column(name, required=False)
        errors.check()
        if not table.records:
            errors.add(1, None, "has a header but no rows")
            errors.check()

    def has(self, name: str) -> bool:
        return self.index.get(name) is not None

    def header(self, name: str) -> str:
        i = self.index[name]
        return self.table.header[i] if i is not None else name

    def get(self, record: list[str], name: str) -> str:
        i = self.index.get(name)
        return record[i].strip() if i is not None else ""


@dataclass
class Row:
    """One row of a table as an importer checks it: its values by column, and its errors."""

    number: int
    record: list[str]
    columns: Columns
    errors: Errors

    def get(self, name: str) -> str:
        """The stripped text of column ``name`` ("" when the file has no such column)."""
        return self.columns.get(self.record, name)

    def has(self, name: str) -> bool:
        """Whether the file has column ``name``."""
        return self.columns.has(name)

    def header(self, name: str) -> str:
        """Column ``name`` as the file's header spells it."""
        return self.columns.header(name)

    def error(self, name: str, message: str) -> None:
        """Record an error at this row, in column ``name``."""
        self.errors.add(self.number, self.header(name), message)

    def parse(self, name: str, parse: Callable, *args, text: str | None = None):
        """``parse(text, *args)``, ``text`` defaulting to the column's value; a ValueError
        becomes an error at this row and column and gives None."""
        return check(
            self.errors,
            self.number,
            self.header(name),
            parse,
            self.get(name) if text is None else text,
            *args,
        )


def check_record(
    record, row: int, errors: Errors, columns: Columns, renames: dict[str, str] | None = None
) -> bool:
    """Check ``record`` (a model object about to be written) by the model's own rules, the
    ones the pages' forms and the API check (``record.clean()``).

    Each message becomes an error at ``row``, in the column of its field (``renames`` maps
    a field to the column that fills it, when their names differ); a field the file has no
    column for is named as it is. Returns whether ``record`` passed.
    """
    try:
        record.clean()
    except ValidationError as error:
        for name, texts in messages(error).items():
            column = (renames or {}).get(name, name)
            if columns.has(column):
                column = columns.header(column)
            elif name == NON_FIELD_ERRORS:
                column = None
            for text in texts:
                errors.add(row, column, text)
        return False
    return True


def check(errors: Errors, row: int, column: str, parse: Callable, *args):
    """``parse(*args)``; a ValueError becomes an error at (row, column) and gives None."""
    try:
        return parse(*args)
    except ValueError as exc:
        errors.add(row, column, str(exc))
        return None


# --------------------------------------------------------------------------- the pipeline


class Importer:
    """One kind of import: its columns, its row checks and its writer.

    Subclasses set ``kind``, ``required`` and ``optional`` (or override :meth:`columns`),
    implement :meth:`check_row` (which keeps what it parsed on ``self``) and :meth:`write`,
    and may override :meth:`start` and :meth:`finish_rows`. The settings every import takes
    are attributes: ``path``, ``area``, ``network``, ``display_name`` and ``confine``.
    """

    kind: str = ""
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    #: Whether :meth:`write` checks everything before its first write and then writes only
    #: through ``self.writer`` (so that it may write in batches; see the module docstring).
    batchable: bool = False

    def __init__(
        self,
        path: str | Path,
        *,
        area: Area | str | None = None,
        network: Network | str | None = None,
        display_name: str | None = None,
        confine: bool = False,
    ) -> None:
        self.path = path
        self.area = area
        self.network = network
        self.display_name = display_name
        self.confine = confine
        self.errors: Errors
        self.columns_found: Columns
        self.writer: Writer = Writer()

    def read(self) -> Table:
        """Read the file (CSV, TSV or XLSX; an importer may read other formats too)."""
        return read(self.path, self.display_name)

    def columns(self, table: Table) -> tuple[list[str], list[str]]:
        """The required and the optional columns of ``table``."""
        return list(self.required), list(self.optional)

    def start(self, table: Table) -> None:
        """Called once the columns are found, before the first row."""

    def check_row(self, row: Row) -> None:
        """Check one row, recording its errors with ``row.error``/``row.parse``."""
        raise NotImplementedError

    def finish_rows(self) -> None:
        """Called after the last row (checks about the file as a whole)."""

    def write(self, result: ImportResult) -> None:
        """Write what the rows hold (inside the transaction), filling ``result.counts``.

        Rows with errors are left out; database checks still run on the rest, and
        ``self.errors.check()`` must be called before anything is written.
        """
        raise NotImplementedError

    @property
    def detail(self) -> str:
        """The file's name, as provenance detail of what it creates."""
        return Path(self.display_name or str(self.path)).name


def run_pipeline(
    importer: Importer, *, dry_run: bool = False, writer: Writer | None = None
) -> ImportResult:
    """Run ``importer`` all-or-nothing: read, map columns, check every row, write.

    Parameters
    ----------
    importer : Importer
        The import, with its settings.
    dry_run : bool
        Run everything, then roll the transaction back.
    writer : Writer, optional
        A :class:`BatchedWriter` to write in batches (importers that are ``batchable``; the
        others, and dry runs, still write in one transaction).

    Returns
    -------
    ImportResult
        What was written (or, for a dry run, would have been).

    Raises
    ------
    ImportFailed
        With every error found (file, row, column); nothing is written.
    """
    table = importer.read()
    errors = importer.errors = Errors(table.path)
    columns = importer.columns_found = Columns(table, errors, *importer.columns(table))
    importer.start(table)
    for number, record in table.records:
        importer.check_row(Row(number, record, columns, errors))
    importer.finish_rows()
    result = ImportResult(importer.kind, table.path, dry_run=dry_run)
    if writer is not None and importer.batchable and not dry_run:
        importer.writer = writer
        try:
            importer.write(result)
        except BaseException:
            writer.undo()
            raise
        writer.finish()
        return result
    importer.writer = Writer(progress=writer.progress if writer else None)
    try:
        with transaction.atomic():
            importer.write(result)
            if dry_run:
                raise _Dry
    except _Dry:
        pass
    importer.writer.finish()
    return result


# --------------------------------------------------------------------------- writers


class Writer:
    """Bulk writes of an importer, inside the pipeline's one transaction.

    Parameters
    ----------
    batch : int
        Rows per statement.
    progress : callable, optional
        ``progress(done, total)``, called after each batch (rows written, rows planned).
    """

    def __init__(self, *, batch: int = BATCH, progress: Callable | None = None) -> None:
        self.batch = batch
        self.progress = progress
        self.total = 0
        self.done = 0

    def plan(self, rows: int) -> None:
        """Say how many rows the importer is about to write (for the progress)."""
        self.total += rows

    def _advance(self, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))

    def create(self, model, objects: list) -> None:
        """Insert ``objects``."""
        for chunk in batches(objects, self.batch):
            model.objects.bulk_create(chunk)
            self._advance(len(chunk))

    def update(self, model, objects: list, fields: list[str]) -> None:
        """Save ``fields`` of ``objects``."""
        for chunk in batches(objects, self.batch):
            model.objects.bulk_update(chunk, fields)
            self._advance(len(chunk))

    def saved(self, model, objects: list) -> None:
        """Note ``objects``, saved one by one by the importer (so that the audit log records
        each), as created by this import."""

    def undo(self) -> None:
        """Take back what was written (nothing to do: the transaction rolls back)."""

    def finish(self) -> None:
        """Report the end (progress 100%)."""
        if self.progress is not None:
            self.progress(self.total, self.total)


class BatchedWriter(Writer):
    """Bulk writes of an importer in batches, each its own transaction, with an undo log.

    :meth:`undo` deletes the rows created and restores the old values of the rows updated,
    also in batches (see the module docstring for why not a staging table).
    """

    def __init__(self, *, batch: int = BATCH, progress: Callable | None = None) -> None:
        super().__init__(batch=batch, progress=progress)
        self.created: list[tuple[type, list[int]]] = []
        self.previous: list[tuple[type, list[str], list[dict]]] = []

    def create(self, model, objects: list) -> None:
        for chunk in batches(objects, self.batch):
            with transaction.atomic():
                model.objects.bulk_create(chunk)
            self.created.append((model, [o.pk for o in chunk if o.pk is not None]))
            self._advance(len(chunk))

    def update(self, model, objects: list, fields: list[str]) -> None:
        for chunk in batches(objects, self.batch):
            with transaction.atomic():
                old = list(model.objects.filter(pk__in=[o.pk for o in chunk]).values("pk", *fields))
                model.objects.bulk_update(chunk, fields)
            self.previous.append((model, fields, old))
            self._advance(len(chunk))

    def saved(self, model, objects: list) -> None:
        self.created.append((model, [o.pk for o in objects if o.pk is not None]))

    def undo(self) -> None:
        for model, fields, old in reversed(self.previous):
            with transaction.atomic():
                model.objects.bulk_update([model(**values) for values in old], fields)
        for model, pks in reversed(self.created):
            with transaction.atomic():
                model.objects.filter(pk__in=pks).delete()
        self.created, self.previous = [], []


# --------------------------------------------------------------------------- value parsers


def choice(text: str, choices: type, aliases: dict[str, str] | None = None) -> str:
    """A TextChoices value from its value or label, ignoring case; ValueError otherwise."""
    folded = text.strip().casefold()
    for value, label in choices.choices:
        if folded in (value.casefold(), str(label).casefold()):
            return value
    if aliases and folded in aliases:
        return aliases[folded]
    known = ", ".join(v for v, _ in choices.choices if v)
    raise ValueError(f"unknown value {text!r}; use one of {known}")


def urn(text: str) -> int | None:
    """A URN: a whole number (``100000`` or, as the census writes it, ``100000.0``)."""
    text = text.strip()
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or int(text) == 0:
        raise ValueError(f"URN must be a whole number, not {text!r}")
    return int(text)


def count(text: str, what: str = "number", suppressed: bool = False) -> int | None:
    """A whole number of at least 0; empty (or a DfE suppression mark) gives None."""
    folded = text.strip().casefold()
    if not folded or (suppressed and folded in _SUPPRESSED):
        return None
    try:
        value = float(folded)
    except ValueError:
        raise ValueError(f"{what} must be a whole number, not {text!r}") from None
    if not math.isfinite(value) or value < 0 or not value.is_integer():
        raise ValueError(f"{what} must be a whole number of at least 0, not {text!r}")
    return int(value)


def coordinate(text: str) -> int | None:
    """Metres (an easting or northing), rounded; empty gives None."""
    folded = text.strip()
    if not folded:
        return None
    try:
        value = float(folded)
    except ValueError:
        raise ValueError(f"must be a number (metres), not {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"must be a number (metres), not {text!r}")
    return round(value)


def flag(text: str) -> bool:
    """yes/no, true/false, 1/0 (empty is no)."""
    folded = text.strip().casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueError(f"must be yes or no, not {text!r}")


def text(value: str, limit: int) -> str:
    """``value`` when it fits in ``limit`` characters."""
    if len(value) > limit:
        raise ValueError(f"is {len(value)} characters long; at most {limit} fit")
    return value


def postcode_key(value: str) -> str:
    """A postcode without spaces, in capitals."""
    return "".join(value.split()).upper()


# --------------------------------------------------------------------------- lookups and writes


def find_area(
    area: Area | str | None, *, create: bool, errors: Errors, writer: Writer | None = None
) -> tuple[Area | None, int]:
    """The target area: an Area, a name (created if ``create``; remembered by ``writer``, when
    one is given, so that a batched import that fails later takes it back), or None."""
    if isinstance(area, Area):
        return area, 0
    if area and "\x00" in area:
        errors.add(None, None, "the area's name holds a NUL byte")
        return None, 0
    if area:
        found = Area.objects.filter(name__iexact=area.strip()).first()
        if found is not None:
            return found, 0
        if create and len(area.strip()) <= 200:
            if writer is None:
                return Area.objects.create(name=area.strip()), 1
            created = Area.objects.create(name=area.strip())
            writer.saved(Area, [created])
            return created, 1
        names = ", ".join(Area.objects.values_list("name", flat=True)[:20]) or "none yet"
        errors.add(None, None, f"there is no area named {area!r} (areas: {names})")
        return None, 0
    return None, 0


def find_network(
    network: Network | str | None, area: Area | None, errors: Errors
) -> Network | None:
    """The network given by object or by name (in ``area``, if given)."""
    if network is None or isinstance(network, Network):
        if network is not None and area is not None and network.area_id != area.pk:
            errors.add(None, None, f"network {network.name!r} is not in area {area.name!r}")
        return network
    found = Network.objects.filter(name__iexact=network.strip())
    if area is not None:
        found = found.filter(area=area)
    found = list(found[:2])
    if not found:
        where = f" in area {area.name!r}" if area is not None else ""
        errors.add(None, None, f"there is no network named {network!r}{where}")
        return None
    if len(found) > 1:
        errors.add(None, None, f"several networks are named {network!r}; give the area too")
        return None
    return found[0]


def join_network(net: Network, organisations, writer: Writer | None = None) -> int:
    """Make every one of ``organisations`` a member of ``net`` (once); how many joined.

    With a ``writer``, the memberships are remembered by it (:meth:`Writer.saved`), so that a
    batched import that fails later takes them back."""
    members = set(net.memberships.values_list("organisation_id", flat=True))
    # Imports are an area administrator's (or the server's): approved. One save each, not
    # bulk_create, so that the audit log records every membership added.
    new = [
        Membership(network=net, organisation=o, start_date=net.start_date, approved=True)
        for o in {o.pk: o for o in organisations}.values()
        if o.pk not in members
    ]
    for membership in new:
        membership.save()
    if writer is not None:
        writer.saved(Membership, new)
    return len(new)


def changed(obj, values: dict) -> bool:
    """Set ``values`` on ``obj``; whether any of them differed."""
    differs = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            differs = True
    return differs


@dataclass
class Matched:
    """The records a file comes to: new ones to create, changed ones to update, and how many
    are unchanged."""

    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    unchanged: int = 0

    def add(self, existing, values: dict, make: Callable, passes: Callable[..., bool]):
        """``existing`` with ``values`` set, or a new ``make(**values)`` if none, counted
        here if ``passes(record)`` (the model's rules, :func:`check_record`); else ``None``."""
        if existing is None:
            record, new, differs = make(**values), True, True
        else:
            record, new, differs = existing, False, changed(existing, values)
        if not passes(record):
            return None
        if new:
            self.create.append(record)
        elif differs:
            self.update.append(record)
        else:
            self.unchanged += 1
        return record


def one_named(found: list, what: str, name: str, hint: str):
    """The one item of ``found`` (the ``what`` items called ``name``); ValueError, ending with
    ``hint``, if there are several, or if there is none."""
    if not found:
        raise ValueError(f"no {what} is called {name!r}")
    if len(found) > 1:
        raise ValueError(f"{len(found)} {what}s are called {name!r}; {hint}")
    return found[0]


def batches(items: list, size: int = BATCH) -> Iterator[list]:
    """``items`` in slices of ``size``."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def bulk_update(model, objects: list, fields: list[str]) -> None:
    """Save ``fields`` of ``objects`` in batches."""
    if objects and fields:
        for batch in batches(objects):
            model.objects.bulk_update(batch, fields)


def counts(rows: int, created: list, updated: list, unchanged: int) -> dict[str, int]:
    """The counts most imports report."""
    return {
        "rows": rows,
        "created": len(created),
        "updated": len(updated),
        "unchanged": unchanged,
    }
