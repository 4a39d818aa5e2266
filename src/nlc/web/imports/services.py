"""Imports into the web registry: organisations, people and ties from CSV/XLSX, England's
school census and GIAS group links.

Every import is all-or-nothing. A file is read with :func:`nlc.network.tables.read_table`
(CSV as UTF-8 or Windows-1252, TSV, XLSX), every row is checked, and only when no row has an
error is anything written, inside one transaction. Otherwise :class:`ImportFailed` is raised
carrying *every* error as an :class:`~nlc.errors.InputError` that names the file, the row
(the header is row 1) and the column. ``dry_run=True`` runs the whole import, reports what it
would do and rolls it back.

Files (column names are matched ignoring case and surrounding spaces; other columns are
ignored; a column that is absent leaves that field of existing records unchanged):

``organisations``
    ``name`` (or ``id``, the nodes file of ``nlc analyse``), ``kind``, and optionally
    ``phase``, ``urn``, ``school_type``, ``trust``, ``local_authority``, ``postcode``,
    ``easting``, ``northing``, ``size``. ``kind`` is a kind's value or label (``school``,
    ``health``, ``Voluntary and community``, ...); empty means ``school`` for a row with a
    URN. ``phase`` is a phase's value or label, or a census phase (``State-funded
    primary``). A row with a URN updates the organisation with that URN, wherever it is; a
    row without one updates the organisation of the same name (ignoring case) in the area,
    otherwise a new one is created in the area. With a network, every organisation of the
    file becomes a member of it.
``people``
    ``name``, ``organisation`` (its URN or its name), and optionally ``email``,
    ``job_title``, ``phone``, ``is_pupil`` (yes/no, true/false, 1/0). A row with an e-mail
    updates the person with that e-mail; a row without one updates the person of the same
    name in the same organisation; otherwise a person is created.
``ties``
    ``source``, ``target`` and optionally ``weight``, ``type``, ``date``, ``directed``: the
    tie files ``nlc analyse`` reads. Each end names

    * a person by e-mail, when it contains ``@``;
    * an organisation by URN, when it is a whole number;
    * otherwise an organisation by name (ignoring case), which must be unique.

    Both ends must be people or both organisations, and different. ``type`` is a tie type's
    value or label (empty or absent: collaboration); ``weight`` a number above 0 (empty:
    1); ``date`` as ``YYYY-MM-DD``, ``DD-MM-YYYY`` or ``DD/MM/YYYY`` (empty: today);
    ``directed`` yes/no (empty: yes). Rows for the same two ends, type and date are one
    tie and their weights add up, as in ``nlc analyse``. Ties get provenance *import* and the
    file name as detail. Importing the same file again updates those ties instead of adding
    new ones. A tie belongs to the given network (if any) and to the area of the network,
    of the given area, or else of its source.
``census``
    The DfE school census extract (``school_census_2022-23.csv``): ``urn``, ``la_name``,
    ``school_name``, ``phase_type_grouping`` and optionally ``new_la_code``, ``trust``,
    ``typeofestablishment_name``, ``school_postcode``, ``headcount of pupils``. Every row
    becomes a school (kind school) with its phase, type, local authority, trust, postcode
    and size (pupil headcount; the DfE's suppression marks ``z``, ``x``, ``c`` and ``low``
    mean unknown). Easting and northing come from a postcode centroid file
    (``aux_school_postcode_centroids_bng_census2011.csv`` beside the census file, or
    ``centroids=``) when the postcode is in it. Schools go into one area per local
    authority (created as needed, coded by ``new_la_code``), or all into ``area``. The URN
    is the key: importing again updates schools (a school keeps the area it was first
    imported into), so the import is idempotent.
``gias-links``
    A GIAS *academies and free schools group links* file, read by
    :func:`nlc.network.gias.read_group_links`. For schools already imported (matched by
    URN; others are counted and skipped) the trust is set to the group's name: the
    multi-academy trust, else the single-academy trust. With ``create_ties=True``, every
    two schools of the same multi-academy trust get an undirected co-participation tie
    (provenance import, dated when the later of the two joined), once: existing ones are
    kept.

``confine=True`` (used by the upload page) keeps an import inside ``area``: names, URNs and
e-mails are looked up only there, and a row that would change another area's record is an
error.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from nlc.errors import InputError
from nlc.network.gias import read_group_links
from nlc.network.tables import Table, parse_date, read_table
from nlc.web.registry.models import (
    Area,
    Membership,
    Network,
    Organisation,
    OrganisationKind,
    Person,
    Phase,
)
from nlc.web.ties.models import Provenance, Tie, TieType

__all__ = [
    "KINDS",
    "ImportFailed",
    "ImportResult",
    "import_census",
    "import_gias_links",
    "import_organisations",
    "import_people",
    "import_ties",
    "run_import",
]

#: The kinds of import, as ``nlc import KIND`` and the upload form name them.
KINDS = {
    "organisations": "Organisations (CSV/XLSX)",
    "people": "People (CSV/XLSX)",
    "ties": "Ties (CSV/XLSX)",
    "census": "School census (DfE)",
    "gias-links": "GIAS group links (DfE)",
}
BATCH = 1000
CENTROIDS_FILE = "aux_school_postcode_centroids_bng_census2011.csv"
MULTI_ACADEMY_TRUST = "Multi-academy trust"
SINGLE_ACADEMY_TRUST = "Single-academy trust"
#: DfE marks for a suppressed or not applicable number.
_SUPPRESSED = {"", "z", "x", "c", "low", ":", ".."}
_YES = {"yes", "y", "true", "t", "1"}
_NO = {"no", "n", "false", "f", "0", ""}

#: Census ``phase_type_grouping`` -> phase (refined by establishment type below).
CENSUS_PHASES = {
    "state-funded primary": Phase.PRIMARY,
    "state-funded secondary": Phase.SECONDARY,
    "state-funded special school": Phase.SPECIAL,
    "non-maintained special school": Phase.SPECIAL,
    "state-funded nursery": Phase.NURSERY,
    "state-funded ap school": Phase.ALTERNATIVE,
    "independent school": Phase.NOT_APPLICABLE,
}


# --------------------------------------------------------------------------- results


class ImportFailed(InputError):
    """An import refused: ``errors`` holds every row error; nothing was written."""

    def __init__(self, errors: list[InputError], path: str | None = None) -> None:
        self.errors = sorted(errors, key=lambda e: (e.path or "", e.row or 0))
        n = len(self.errors)
        super().__init__(f"{n} error{'s' if n != 1 else ''}; nothing was written", path=path)

    def report(self) -> str:
        """Every error on its own line (file, row, column: message)."""
        return "\n".join([str(self), *(f"  {e}" for e in self.errors)])


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


# --------------------------------------------------------------------------- helpers


class _Errors:
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


def _read(path: str | Path, display_name: str | None) -> Table:
    """Read a table; a file that cannot be read at all becomes a one-error report."""
    try:
        table = read_table(path)
    except InputError as exc:
        if display_name and exc.path:
            exc.path = exc.path.replace(str(path), display_name, 1)
        raise ImportFailed([exc], exc.path) from None
    if display_name:
        table.path = table.path.replace(str(path), display_name, 1)
    return table


class _Columns:
    """Column positions of a table, gathering every missing required column as an error."""

    def __init__(
        self, table: Table, errors: _Errors, required: list[str], optional: list[str]
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


def _choice(text: str, choices: type, aliases: dict[str, str] | None = None) -> str:
    """A TextChoices value from its value or label, ignoring case; ValueError otherwise."""
    folded = text.strip().casefold()
    for value, label in choices.choices:
        if folded in (value.casefold(), str(label).casefold()):
            return value
    if aliases and folded in aliases:
        return aliases[folded]
    known = ", ".join(v for v, _ in choices.choices if v)
    raise ValueError(f"unknown value {text!r}; use one of {known}")


_KIND_ALIASES = {
    "la": OrganisationKind.LOCAL_AUTHORITY,
    "council": OrganisationKind.LOCAL_AUTHORITY,
    "voluntary/community": OrganisationKind.VOLUNTARY,
    "community": OrganisationKind.VOLUNTARY,
    "college": OrganisationKind.FURTHER_HIGHER,
    "university": OrganisationKind.FURTHER_HIGHER,
    "further education": OrganisationKind.FURTHER_HIGHER,
    "higher education": OrganisationKind.FURTHER_HIGHER,
}
_PHASE_ALIASES = {k: str(v) for k, v in CENSUS_PHASES.items()} | {
    "all through": Phase.ALL_THROUGH,
    "16 plus": Phase.POST_16,
    "16-19": Phase.POST_16,
    "ap": Phase.ALTERNATIVE,
    "not applicable": Phase.NOT_APPLICABLE,
}


def _urn(text: str) -> int | None:
    """A URN: a whole number (``100000`` or, as the census writes it, ``100000.0``)."""
    text = text.strip()
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or int(text) == 0:
        raise ValueError(f"URN must be a whole number, not {text!r}")
    return int(text)


def _count(text: str, what: str = "number", suppressed: bool = False) -> int | None:
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


def _coordinate(text: str) -> int | None:
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


def _flag(text: str) -> bool:
    folded = text.strip().casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueError(f"must be yes or no, not {text!r}")


def _text(text: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueError(f"is {len(text)} characters long; at most {limit} fit")
    return text


def _postcode_key(text: str) -> str:
    return "".join(text.split()).upper()


def _check(errors: _Errors, row: int, column: str, parse: Callable, *args):
    """``parse(*args)``; a ValueError becomes an error at (row, column) and gives None."""
    try:
        return parse(*args)
    except ValueError as exc:
        errors.add(row, column, str(exc))
        return None


def _area(area: Area | str | None, *, create: bool, errors: _Errors) -> tuple[Area | None, int]:
    """The target area: an Area, a name (created if ``create``), or the only one there is."""
    if isinstance(area, Area):
        return area, 0
    if area:
        found = Area.objects.filter(name__iexact=area.strip()).first()
        if found is not None:
            return found, 0
        if create and len(area.strip()) <= 200:
            return Area.objects.create(name=area.strip()), 1
        names = ", ".join(Area.objects.values_list("name", flat=True)[:20]) or "none yet"
        errors.add(None, None, f"there is no area named {area!r} (areas: {names})")
        return None, 0
    return None, 0


def _network(network: Network | str | None, area: Area | None, errors: _Errors) -> Network | None:
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


def _changed(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _batches(items: list, size: int = BATCH) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _bulk_update(model, objects: list, fields: list[str]) -> None:
    if objects and fields:
        for batch in _batches(objects):
            model.objects.bulk_update(batch, fields)


# --------------------------------------------------------------------------- entry point


def run_import(
    kind: str,
    path: str | Path,
    *,
    area: Area | str | None = None,
    network: Network | str | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    confine: bool = False,
    **options,
) -> ImportResult:
    """Run the import called ``kind`` (one of :data:`KINDS`) on ``path``.

    Raises :class:`ImportFailed` with every row error, having written nothing.
    """
    functions = {
        "organisations": import_organisations,
        "people": import_people,
        "ties": import_ties,
        "census": import_census,
        "gias-links": import_gias_links,
    }
    if kind not in functions:
        raise InputError(f"unknown import {kind!r}; choose from {', '.join(KINDS)}")
    if network is not None and kind in ("people", "census"):
        raise InputError(f"a network cannot be given for a {kind} import")
    return functions[kind](
        path,
        area=area,
        network=network,
        dry_run=dry_run,
        display_name=display_name,
        confine=confine,
        **options,
    )


def _transaction(dry_run: bool, result: ImportResult, write: Callable[[], None]) -> ImportResult:
    """Run ``write`` atomically; roll it back when ``dry_run``."""
    result.dry_run = dry_run
    try:
        with transaction.atomic():
            write()
            if dry_run:
                raise _Dry
    except _Dry:
        pass
    return result


# --------------------------------------------------------------------------- organisations

_ORG_TEXT = {"school_type": 120, "trust": 300, "local_authority": 120, "postcode": 12}


def import_organisations(
    path: str | Path,
    *,
    area: Area | str | None = None,
    network: Network | str | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    confine: bool = False,
) -> ImportResult:
    """Import organisations (see the module docstring for the columns and rules)."""
    table = _read(path, display_name)
    errors = _Errors(table.path)
    has_id = table.column("id", required=False) is not None
    name_column = "id" if has_id and table.column("name", required=False) is None else "name"
    cols = _Columns(
        table,
        errors,
        [name_column, "kind"],
        ["phase", "urn", "easting", "northing", "size", *_ORG_TEXT],
    )
    parsed = []
    seen_urns: dict[int, int] = {}
    seen_names: dict[str, int] = {}
    for row, record in table.records:
        name = cols.get(record, name_column)
        if not name:
            errors.add(row, cols.header(name_column), "is empty; every organisation needs a name")
        else:
            _check(errors, row, cols.header(name_column), _text, name, 300)
        urn = _check(errors, row, cols.header("urn"), _urn, cols.get(record, "urn"))
        kind_text = cols.get(record, "kind")
        if kind_text:
            kind = _check(
                errors,
                row,
                cols.header("kind"),
                _choice,
                kind_text,
                OrganisationKind,
                _KIND_ALIASES,
            )
        elif urn is not None:
            kind = OrganisationKind.SCHOOL
        else:
            kind = None
            errors.add(row, cols.header("kind"), "is empty; say what kind of organisation")
        values = {"name": name, "kind": kind}
        if cols.has("phase"):
            values["phase"] = _check(
                errors,
                row,
                cols.header("phase"),
                _choice,
                cols.get(record, "phase"),
                Phase,
                _PHASE_ALIASES,
            )
        if urn is not None:
            values["urn"] = urn  # an empty URN leaves an existing one alone
        for column, limit in _ORG_TEXT.items():
            if cols.has(column):
                values[column] = _check(
                    errors, row, cols.header(column), _text, cols.get(record, column), limit
                )
        for column in ("easting", "northing"):
            if cols.has(column):
                values[column] = _check(
                    errors, row, cols.header(column), _coordinate, cols.get(record, column)
                )
        if cols.has("size"):
            values["size"] = _check(
                errors, row, cols.header("size"), _count, cols.get(record, "size"), "size"
            )
        if urn is not None:
            if urn in seen_urns:
                errors.add(row, cols.header("urn"), f"URN {urn} is also on row {seen_urns[urn]}")
            seen_urns.setdefault(urn, row)
        elif name:
            key = name.casefold()
            if key in seen_names:
                errors.add(
                    row, cols.header(name_column), f"{name!r} is also on row {seen_names[key]}"
                )
            seen_names.setdefault(key, row)
        parsed.append((row, values))
    # Rows with errors are left out below; database checks still run on the rest.

    result = ImportResult("organisations", table.path)

    def write() -> None:
        target, areas_created = _area(area, create=True, errors=errors)
        if target is None and not area:
            if Area.objects.count() == 1:
                target = Area.objects.get()
            else:
                errors.add(None, None, "say which area the organisations belong to (--area)")
        net = _network(network, target, errors)
        errors.check_global()
        by_urn = {
            o.urn: o
            for urns in _batches(list(seen_urns), 500)
            for o in Organisation.objects.filter(urn__in=urns)
        }
        by_name: dict[str, list[Organisation]] = defaultdict(list)
        for o in Organisation.objects.filter(area=target):
            by_name[o.name.casefold()].append(o)
        create, update, unchanged, touched = [], [], 0, []
        bad = errors.bad_rows
        for row, values in parsed:
            if row in bad:
                continue
            urn = values.get("urn")
            existing = by_urn.get(urn) if urn is not None else None
            if existing is None and urn is None:
                matches = by_name.get(values["name"].casefold(), [])
                if len(matches) > 1:
                    errors.add(
                        row,
                        cols.header(name_column),
                        f"{len(matches)} organisations of the area are called "
                        f"{values['name']!r}; give a URN",
                    )
                    continue
                existing = matches[0] if matches else None
            if existing is not None and confine and existing.area_id != target.pk:
                errors.add(
                    row,
                    cols.header("urn"),
                    f"URN {urn} belongs to {existing.name!r} in another area",
                )
                continue
            if existing is None:
                obj = Organisation(area=target, **{k: v for k, v in values.items()})
                create.append(obj)
                touched.append(obj)
            else:
                if _changed(existing, values):
                    update.append(existing)
                else:
                    unchanged += 1
                touched.append(existing)
        errors.check()
        Organisation.objects.bulk_create(create, batch_size=BATCH)
        fields = sorted({k for _, values in parsed for k in values})
        _bulk_update(Organisation, update, fields)
        result.counts = {
            "rows": len(parsed),
            "created": len(create),
            "updated": len(update),
            "unchanged": unchanged,
        }
        if areas_created:
            result.counts["areas created"] = areas_created
        if net is not None:
            members = set(net.memberships.values_list("organisation_id", flat=True))
            new = [
                Membership(network=net, organisation=o, start_date=net.start_date)
                for o in {o.pk: o for o in touched}.values()
                if o.pk not in members
            ]
            Membership.objects.bulk_create(new, batch_size=BATCH)
            result.counts["memberships created"] = len(new)

    return _transaction(dry_run, result, write)


# --------------------------------------------------------------------------- people


class _OrganisationIndex:
    """Organisations by URN and by name (ignoring case), in one area or everywhere."""

    def __init__(self, area: Area | None) -> None:
        query = (
            Organisation.objects.all() if area is None else Organisation.objects.filter(area=area)
        )
        self.by_urn: dict[int, tuple[int, int]] = {}
        self.by_name: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for pk, area_id, name, urn in query.values_list("pk", "area_id", "name", "urn"):
            if urn is not None:
                self.by_urn[urn] = (pk, area_id)
            self.by_name[name.casefold()].append((pk, area_id))

    def find(self, text: str) -> tuple[int, int]:
        """(pk, area id) of the organisation named by URN or name; ValueError otherwise."""
        if text.isdigit():
            found = self.by_urn.get(int(text))
            if found is None:
                raise ValueError(f"no organisation has URN {text}")
            return found
        matches = self.by_name.get(text.casefold(), [])
        if not matches:
            raise ValueError(f"no organisation is called {text!r}")
        if len(matches) > 1:
            raise ValueError(f"{len(matches)} organisations are called {text!r}; use the URN")
        return matches[0]


def import_people(
    path: str | Path,
    *,
    area: Area | str | None = None,
    network: Network | str | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    confine: bool = False,
) -> ImportResult:
    """Import people (see the module docstring for the columns and rules)."""
    table = _read(path, display_name)
    errors = _Errors(table.path)
    cols = _Columns(
        table, errors, ["name", "organisation"], ["email", "job_title", "phone", "is_pupil"]
    )
    parsed = []
    seen_emails: dict[str, int] = {}
    for row, record in table.records:
        name = cols.get(record, "name")
        if not name:
            errors.add(row, cols.header("name"), "is empty; every person needs a name")
        else:
            _check(errors, row, cols.header("name"), _text, name, 200)
        organisation = cols.get(record, "organisation")
        if not organisation:
            errors.add(row, cols.header("organisation"), "is empty; give the URN or name")
        values = {"name": name}
        email = cols.get(record, "email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.add(row, cols.header("email"), f"{email!r} is not an e-mail address")
            key = email.casefold()
            if key in seen_emails:
                errors.add(row, cols.header("email"), f"{email} is also on row {seen_emails[key]}")
            seen_emails.setdefault(key, row)
        if cols.has("email"):
            values["email"] = email
        if cols.has("job_title"):
            values["job_title"] = _check(
                errors, row, cols.header("job_title"), _text, cols.get(record, "job_title"), 200
            )
        if cols.has("phone"):
            values["phone"] = _check(
                errors, row, cols.header("phone"), _text, cols.get(record, "phone"), 40
            )
        if cols.has("is_pupil"):
            values["is_pupil"] = _check(
                errors, row, cols.header("is_pupil"), _flag, cols.get(record, "is_pupil")
            )
        parsed.append((row, organisation, values))
    # Rows with errors are left out below; database checks still run on the rest.

    result = ImportResult("people", table.path)

    def write() -> None:
        target, _ = _area(area, create=False, errors=errors)
        errors.check_global()
        scope = target
        organisations = _OrganisationIndex(scope)
        people = Person.objects.all()
        if scope is not None:
            people = people.filter(organisation__area=scope)
        by_email: dict[str, list[Person]] = defaultdict(list)
        by_name: dict[tuple[int, str], Person] = {}
        for p in people:
            if p.email:
                by_email[p.email.casefold()].append(p)
            by_name.setdefault((p.organisation_id, p.name.casefold()), p)
        create, update, unchanged = [], [], 0
        bad = errors.bad_rows
        for row, organisation, values in parsed:
            try:
                org_id, _ = organisations.find(organisation) if organisation else (None, None)
            except ValueError as exc:
                errors.add(row, cols.header("organisation"), str(exc))
                continue
            if row in bad:
                continue
            values = values | {"organisation_id": org_id}
            email = values.get("email")
            existing = None
            if email:
                matches = by_email.get(email.casefold(), [])
                if len(matches) > 1:
                    errors.add(
                        row, cols.header("email"), f"{len(matches)} people have e-mail {email}"
                    )
                    continue
                existing = matches[0] if matches else None
            if existing is None:
                existing = by_name.get((org_id, values["name"].casefold()))
            if existing is None:
                create.append(Person(**values))
            elif _changed(existing, values):
                update.append(existing)
            else:
                unchanged += 1
        errors.check()
        Person.objects.bulk_create(create, batch_size=BATCH)
        fields = sorted({k for _, _, values in parsed for k in values} | {"organisation_id"})
        _bulk_update(Person, update, [f.removesuffix("_id") for f in fields])
        result.counts = {
            "rows": len(parsed),
            "created": len(create),
            "updated": len(update),
            "unchanged": unchanged,
        }

    return _transaction(dry_run, result, write)


# --------------------------------------------------------------------------- ties


def import_ties(
    path: str | Path,
    *,
    area: Area | str | None = None,
    network: Network | str | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    confine: bool = False,
) -> ImportResult:
    """Import ties (see the module docstring for the columns and rules)."""
    table = _read(path, display_name)
    errors = _Errors(table.path)
    cols = _Columns(table, errors, ["source", "target"], ["weight", "type", "date", "directed"])
    today = timezone.localdate()
    parsed = []
    for row, record in table.records:
        ends = []
        for end in ("source", "target"):
            text = cols.get(record, end)
            if not text:
                errors.add(row, cols.header(end), "is empty; name an organisation or a person")
            ends.append(text)
        weight_text = cols.get(record, "weight")
        weight = 1.0
        if weight_text:
            try:
                weight = float(weight_text)
            except ValueError:
                weight = math.nan
            if not math.isfinite(weight) or weight <= 0:
                errors.add(
                    row, cols.header("weight"), f"must be a number above 0, not {weight_text!r}"
                )
        type_text = cols.get(record, "type")
        kind = (
            _check(errors, row, cols.header("type"), _choice, type_text, TieType)
            if type_text
            else TieType.COLLABORATION
        )
        date = _check(errors, row, cols.header("date"), parse_date, cols.get(record, "date"))
        directed = _check(
            errors, row, cols.header("directed"), _flag, cols.get(record, "directed") or "yes"
        )
        if ends[0] and ends[0].casefold() == ends[1].casefold():
            errors.add(row, cols.header("target"), "a tie needs two different ends")
        parsed.append((row, ends, weight, kind, date or today, directed))
    # Rows with errors are left out below; database checks still run on the rest.

    result = ImportResult("ties", table.path)
    detail = Path(display_name or str(path)).name[:300]

    def write() -> None:
        target, _ = _area(area, create=False, errors=errors)
        net = _network(network, target, errors)
        errors.check_global()
        scope = target
        organisations = _OrganisationIndex(scope)
        people_query = Person.objects.all()
        if scope is not None:
            people_query = people_query.filter(organisation__area=scope)
        people: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for pk, email, area_id in people_query.exclude(email="").values_list(
            "pk", "email", "organisation__area_id"
        ):
            people[email.casefold()].append((pk, area_id))

        def find(text: str) -> tuple[str, int, int]:
            if "@" in text:
                matches = people.get(text.casefold(), [])
                if not matches:
                    raise ValueError(f"no person has e-mail {text}")
                if len(matches) > 1:
                    raise ValueError(f"{len(matches)} people have e-mail {text}")
                return ("person", *matches[0])
            return ("organisation", *organisations.find(text))

        ties: dict[tuple, dict] = {}
        bad = errors.bad_rows
        for row, ends, weight, kind, date, directed in parsed:
            found = []
            for end, text in zip(("source", "target"), ends, strict=True):
                try:
                    if text:
                        found.append(find(text))
                except ValueError as exc:
                    errors.add(row, cols.header(end), str(exc))
            if len(found) < 2 or row in bad:
                continue
            (skind, spk, sarea), (tkind, tpk, _) = found
            if skind != tkind:
                errors.add(
                    row, cols.header("target"), "a tie joins two people or two organisations"
                )
                continue
            if spk == tpk:
                errors.add(row, cols.header("target"), "a tie needs two different ends")
                continue
            key = (skind, spk, tpk, kind, date)
            if key in ties:
                ties[key]["weight"] += weight
            else:
                ties[key] = {
                    "weight": weight,
                    "directed": directed,
                    "area_id": net.area_id if net else target.pk if target else sarea,
                }
        errors.check()
        existing = {}
        query = Tie.objects.filter(provenance=Provenance.IMPORT, network=net)
        for tie in query:
            if tie.source_person_id is not None:
                key = ("person", tie.source_person_id, tie.target_person_id)
            else:
                key = ("organisation", tie.source_organisation_id, tie.target_organisation_id)
            existing.setdefault((*key, tie.type, tie.observed_on), tie)
        create, update, unchanged = [], [], 0
        for (skind, spk, tpk, kind, date), values in ties.items():
            old = existing.get((skind, spk, tpk, kind, date))
            if old is not None:
                values = {"weight": values["weight"], "directed": values["directed"]}
                if _changed(old, values):
                    update.append(old)
                else:
                    unchanged += 1
                continue
            ends = (
                {"source_person_id": spk, "target_person_id": tpk}
                if skind == "person"
                else {"source_organisation_id": spk, "target_organisation_id": tpk}
            )
            create.append(
                Tie(
                    **ends,
                    **values,
                    network=net,
                    type=kind,
                    observed_on=date,
                    provenance=Provenance.IMPORT,
                    provenance_detail=detail,
                )
            )
        Tie.objects.bulk_create(create, batch_size=BATCH)
        _bulk_update(Tie, update, ["weight", "directed"])
        result.counts = {
            "rows": len(parsed),
            "ties created": len(create),
            "updated": len(update),
            "unchanged": unchanged,
        }

    return _transaction(dry_run, result, write)


# --------------------------------------------------------------------------- census


def _read_centroids(path: Path, errors: list[InputError]) -> dict[str, tuple[int, int]]:
    """Postcode -> (easting, northing) from a centroid file such as the census's auxiliary one.

    Columns ``input_postcode``/``standard_postcode`` (or ``postcode``) and
    ``X_BNG1115jul``/``Y_BNG1115jul`` (or ``easting``/``northing``).
    """
    try:
        table = read_table(path)
    except InputError as exc:
        errors.append(exc)
        return {}
    found = _Errors(table.path)

    def pick(*names: str) -> list[int]:
        return [i for n in names if (i := table.column(n, required=False)) is not None]

    postcodes = pick("input_postcode", "standard_postcode", "postcode")
    xs, ys = pick("X_BNG1115jul", "easting"), pick("Y_BNG1115jul", "northing")
    if not postcodes or not xs or not ys:
        errors.append(
            InputError(
                "a centroid file needs postcode, easting and northing columns "
                "(input_postcode, X_BNG1115jul, Y_BNG1115jul)",
                path=table.path,
                row=1,
            )
        )
        return {}
    out: dict[str, tuple[int, int]] = {}
    for row, record in table.records:
        x = _check(found, row, table.header[xs[0]], _coordinate, record[xs[0]])
        y = _check(found, row, table.header[ys[0]], _coordinate, record[ys[0]])
        if x is None or y is None:
            continue
        for i in postcodes:
            key = _postcode_key(record[i])
            if key:
                out.setdefault(key, (x, y))
    errors.extend(found.items)
    return out


def _census_phase(grouping: str, school_type: str) -> str:
    phase = CENSUS_PHASES.get(grouping.strip().casefold())
    if phase is None:
        known = ", ".join(sorted({k for k in CENSUS_PHASES}))
        raise ValueError(f"unknown phase {grouping!r}; expected one of {known}")
    folded = school_type.casefold()
    if "16 to 19" in folded or "16-19" in folded:
        return Phase.POST_16
    if phase == Phase.NOT_APPLICABLE and "special" in folded:
        return Phase.SPECIAL
    return phase


def import_census(
    path: str | Path,
    *,
    area: Area | str | None = None,
    network: Network | str | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    confine: bool = False,
    centroids: str | Path | None = None,
    local_authority: str | None = None,
) -> ImportResult:
    """Import every school of the census file (see the module docstring).

    ``local_authority`` keeps only the schools of that local authority (``la_name``).
    """
    path = Path(path)
    table = _read(path, display_name)
    errors = _Errors(table.path)
    cols = _Columns(
        table,
        errors,
        ["urn", "la_name", "school_name", "phase_type_grouping"],
        [
            "new_la_code",
            "trust",
            "typeofestablishment_name",
            "school_postcode",
            "headcount of pupils",
        ],
    )
    if centroids is None and (path.parent / CENTROIDS_FILE).is_file():
        centroids = path.parent / CENTROIDS_FILE
    centroid_errors: list[InputError] = []
    grid = _read_centroids(Path(centroids), centroid_errors) if centroids else {}
    errors.items.extend(centroid_errors)

    wanted_la = local_authority.strip().casefold() if local_authority else None
    schools: dict[int, tuple[int, str, dict]] = {}
    la_codes: dict[str, str] = {}
    for row, record in table.records:
        la = cols.get(record, "la_name")
        if wanted_la is not None and la.casefold() != wanted_la:
            continue
        urn = _check(errors, row, cols.header("urn"), _urn, cols.get(record, "urn"))
        if urn is None and not cols.get(record, "urn"):
            errors.add(row, cols.header("urn"), "is empty; every school needs its URN")
        name = cols.get(record, "school_name")
        if not name:
            errors.add(row, cols.header("school_name"), "is empty")
        name = _check(errors, row, cols.header("school_name"), _text, name, 300)
        if not la:
            errors.add(row, cols.header("la_name"), "is empty")
        school_type = cols.get(record, "typeofestablishment_name")
        values = {
            "name": name,
            "kind": OrganisationKind.SCHOOL,
            "phase": _check(
                errors,
                row,
                cols.header("phase_type_grouping"),
                _census_phase,
                cols.get(record, "phase_type_grouping"),
                school_type,
            ),
            "school_type": _check(
                errors, row, cols.header("typeofestablishment_name"), _text, school_type, 120
            ),
            "trust": _check(
                errors, row, cols.header("trust"), _text, cols.get(record, "trust"), 300
            ),
            "local_authority": _check(errors, row, cols.header("la_name"), _text, la, 120),
            "postcode": _check(
                errors,
                row,
                cols.header("school_postcode"),
                _text,
                cols.get(record, "school_postcode"),
                12,
            ),
            "size": _check(
                errors,
                row,
                cols.header("headcount of pupils"),
                _count,
                cols.get(record, "headcount of pupils"),
                "pupil headcount",
                True,
            ),
        }
        point = grid.get(_postcode_key(values["postcode"] or ""))
        if point is not None:
            values["easting"], values["northing"] = point
        if urn is not None:
            if urn in schools:
                errors.add(row, cols.header("urn"), f"URN {urn} is also on row {schools[urn][0]}")
            else:
                schools[urn] = (row, la, values)
        if la and cols.has("new_la_code"):
            la_codes.setdefault(la, cols.get(record, "new_la_code")[:20])
    if not schools and not errors.items:
        what = f" of local authority {local_authority!r}" if wanted_la else ""
        errors.add(None, None, f"no schools{what} in the file")
    errors.check_global()

    result = ImportResult("census", table.path)

    def write() -> None:
        target, areas_created = _area(area, create=not confine, errors=errors)
        errors.check_global()
        areas: dict[str, Area] = {}
        if target is None:
            names = sorted({la for _, la, _ in schools.values()})
            areas = {a.name: a for a in Area.objects.filter(name__in=names)}
            missing = [
                Area(name=n[:200], code=la_codes.get(n, "")) for n in names if n not in areas
            ]
            Area.objects.bulk_create(missing, batch_size=BATCH)
            areas_created += len(missing)
            areas = {a.name: a for a in Area.objects.filter(name__in=names)}
        existing = {
            o.urn: o for o in Organisation.objects.filter(urn__isnull=False).select_related("area")
        }
        create, update, unchanged = [], [], 0
        fields = [
            "name",
            "kind",
            "phase",
            "school_type",
            "trust",
            "local_authority",
            "postcode",
            "size",
            "easting",
            "northing",
        ]
        located = 0
        bad = errors.bad_rows
        for urn, (row, la, values) in schools.items():
            if row in bad:
                continue
            located += "easting" in values
            old = existing.get(urn)
            if old is None:
                home = target or areas[la]
                create.append(Organisation(area_id=home.pk, urn=urn, **values))
                continue
            if confine and target is not None and old.area_id != target.pk:
                errors.add(
                    row,
                    cols.header("urn"),
                    f"URN {urn} belongs to {old.name!r} in area {old.area.name!r}",
                )
                continue
            if _changed(old, values):
                update.append(old)
            else:
                unchanged += 1
        errors.check()
        Organisation.objects.bulk_create(create, batch_size=BATCH)
        _bulk_update(Organisation, update, fields)
        result.counts = {
            "schools": len(schools),
            "created": len(create),
            "updated": len(update),
            "unchanged": unchanged,
            "areas created": areas_created,
            "with easting/northing": located,
        }

    return _transaction(dry_run, result, write)


# --------------------------------------------------------------------------- GIAS links


def _check_group_links(table: Table, errors: _Errors, group_types: tuple[str, ...]) -> None:
    """Every row error of a group-links file (read_group_links stops at the first)."""
    cols = _Columns(
        table, errors, ["URN", "Linked UID", "Group Name", "Group Type"], ["Joined date"]
    )
    wanted = {g.casefold() for g in group_types}
    for row, record in table.records:
        if cols.get(record, "Group Type").casefold() not in wanted:
            continue
        urn = cols.get(record, "URN")
        if not urn.isdigit():
            errors.add(row, cols.header("URN"), f"URN must be a number, not {urn!r}")
        if not cols.get(record, "Linked UID"):
            errors.add(row, cols.header("Linked UID"), "is empty")
        _check(errors, row, cols.header("Joined date"), parse_date, cols.get(record, "Joined date"))
    errors.check()


def import_gias_links(
    path: str | Path,
    *,
    area: Area | str | None = None,
    network: Network | str | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    confine: bool = False,
    create_ties: bool = False,
) -> ImportResult:
    """Set the trust of imported schools from a GIAS group-links file, optionally tying
    schools of the same multi-academy trust (see the module docstring)."""
    group_types = (MULTI_ACADEMY_TRUST, SINGLE_ACADEMY_TRUST)
    table = _read(path, display_name)
    errors = _Errors(table.path)
    _check_group_links(table, errors, group_types)
    try:
        links, nodes = read_group_links(path, group_types=group_types)
    except InputError as exc:
        if display_name and exc.path:
            exc.path = exc.path.replace(str(path), display_name, 1)
        raise ImportFailed([exc], exc.path) from None
    names = dict(zip(nodes.ids, nodes.attributes["name"], strict=True))
    # Each school's trust: its multi-academy trust, else its single-academy trust; the
    # latest joined when there are several of a type.
    rank = {MULTI_ACADEMY_TRUST.casefold(): 2, SINGLE_ACADEMY_TRUST.casefold(): 1}
    best: dict[int, tuple[int, dt.date, str]] = {}
    for i in range(len(links)):
        urn, group = int(links.source[i]), links.target[i]
        date = links.date[i] if links.date else None
        candidate = (rank[links.type[i].casefold()], date or dt.date.min, group)
        if urn not in best or candidate[:2] > best[urn][:2]:
            best[urn] = candidate
    detail_base = Path(display_name or str(path)).name

    result = ImportResult("gias-links", table.path)

    def write() -> None:
        target, _ = _area(area, create=False, errors=errors)
        net = _network(network, target, errors)
        errors.check()
        query = Organisation.objects.filter(urn__isnull=False)
        if target is not None:
            query = query.filter(area=target)
        schools = {o.urn: o for o in query}
        update, unchanged, matched = [], 0, 0
        members: dict[str, list[tuple[Organisation, dt.date]]] = defaultdict(list)
        for urn, (level, date, group) in best.items():
            school = schools.get(urn)
            if school is None:
                continue
            matched += 1
            trust = (names.get(group) or "")[:300]
            if _changed(school, {"trust": trust}):
                update.append(school)
            else:
                unchanged += 1
            if level == 2:
                members[group].append((school, date))
        _bulk_update(Organisation, update, ["trust"])
        result.counts = {
            "schools in file": len(best),
            "schools matched": matched,
            "not imported (skipped)": len(best) - matched,
            "trust updated": len(update),
            "unchanged": unchanged,
        }
        if not create_ties:
            return
        today = timezone.localdate()
        existing = {
            frozenset(pair)
            for pair in Tie.objects.filter(
                provenance=Provenance.IMPORT,
                type=TieType.CO_PARTICIPATION,
                source_organisation__isnull=False,
            ).values_list("source_organisation_id", "target_organisation_id")
        }
        create, kept = [], 0
        for group, pairs in members.items():
            pairs.sort(key=lambda p: p[0].urn)
            detail = f"{names.get(group) or group} ({detail_base})"[:300]
            for i, (a, joined_a) in enumerate(pairs):
                for b, joined_b in pairs[i + 1 :]:
                    if frozenset((a.pk, b.pk)) in existing:
                        kept += 1
                        continue
                    joined = max(joined_a, joined_b)
                    create.append(
                        Tie(
                            area_id=a.area_id,
                            network_id=net.pk if net else None,
                            source_organisation_id=a.pk,
                            target_organisation_id=b.pk,
                            type=TieType.CO_PARTICIPATION,
                            weight=1.0,
                            directed=False,
                            observed_on=today if joined == dt.date.min else joined,
                            provenance=Provenance.IMPORT,
                            provenance_detail=detail,
                        )
                    )
        Tie.objects.bulk_create(create, batch_size=BATCH)
        result.counts["ties created"] = len(create)
        result.counts["ties already there"] = kept

    return _transaction(dry_run, result, write)
