"""``nlc import knowledge FILE`` and ``nlc export knowledge OUT``: knowledge items to and
from CSV, XLSX or JSON Lines, all or nothing, round trip exact.

Columns (one row per item; names matched ignoring case):

``kind``
    account of practice, think piece, case study, tool, data-set (value or label).
``title``, ``summary``, ``body``
    Text; the body is Markdown.
``tags``, ``ecm``
    Several values separated by ``;`` (ECM outcomes by value or label).
``phase``, ``theme``
    A school phase (value or label) and a free theme.
``network``
    The item's networks, by name, separated by ``;`` (at least one; all in one area).
``organisations``
    By name (or URN), separated by ``;``, in the networks' area.
``authors``
    People, separated by ``;``: ``Name (Organisation)``, a name unique in the area, or an
    e-mail address. The export writes ``Name (Organisation)``; where two people of one
    organisation share a name, the e-mail, or ``Name (Organisation) [person ID]`` (the id
    counts in the same database; elsewhere the name is looked up). Pupils are never authors
    in a file: the export leaves them out and the import refuses them.
``date``
    ``YYYY-MM-DD`` (also ``DD/MM/YYYY``).
``status``
    draft, in review, published or archived (empty: draft).
``public``
    Optional: yes or no (published items only).

A row whose title and date match an item of the same area updates that item; any other
row creates one. Every row is checked before anything is written; errors name the row and
the column. In JSON Lines, each line is an object with these keys; the several-valued
columns may be lists, ``public`` a boolean. The export writes the same columns in the same
form (JSON Lines: lists and a boolean), so that importing an export and exporting again
gives the same file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from django.utils import timezone

from nlc.errors import InputError
from nlc.network.tables import Table, parse_date
from nlc.web.imports import pipeline as p
from nlc.web.knowledge import services
from nlc.web.knowledge.models import Item, Kind, Outcome, Status
from nlc.web.registry.models import Area, Network, Organisation, Person, Phase

__all__ = ["COLUMNS", "SUFFIXES", "KnowledgeImport", "export_knowledge", "rows_of"]

COLUMNS = [
    "kind", "title", "summary", "body", "tags", "ecm", "phase", "theme", "network",
    "organisations", "authors", "date", "status", "public",
]  # fmt: skip
LISTS = ("tags", "ecm", "network", "organisations", "authors")
SUFFIXES = (".csv", ".xlsx", ".jsonl")
_JSONL = (".jsonl", ".ndjson")
_SEP = "; "
_MARKED = re.compile(r"(.+) \[person (\d+)\]")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def read_json_lines(path: str | Path, display_name: str | None = None) -> Table:
    """A JSON Lines file as a :class:`Table`: keys as columns (in order of first use), each
    line's number as its row; lists joined with ``;``, booleans as yes/no."""
    path = Path(path)
    where = display_name or str(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot be read as UTF-8 text ({exc})"
        raise p.ImportFailed([InputError(message, path=where)]) from None
    header: dict[str, None] = {}
    objects: list[tuple[int, dict]] = []
    errors = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            errors.append(InputError(f"is not JSON ({exc.args[0]})", path=where, row=number))
            continue
        if not isinstance(value, dict):
            errors.append(InputError("is not a JSON object", path=where, row=number))
            continue
        header.update(dict.fromkeys(str(k) for k in value))
        objects.append((number, value))
    if errors:
        raise p.ImportFailed(errors, where)
    columns = list(header)
    records = [(n, [_cell(obj.get(c)) for c in columns]) for n, obj in objects]
    return Table(where, columns, records)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return _SEP.join(_cell(v) for v in value)
    return str(value)


class _People:
    """People of an area by e-mail, by name and by "Name (Organisation)"."""

    def __init__(self, area: Area) -> None:
        self.by_key: dict[str, list[int]] = {}
        rows = Person.objects.filter(organisation__area=area, is_pupil=False).values_list(
            "pk", "name", "email", "organisation__name"
        )
        for pk, name, email, organisation in rows:
            for key in (name, f"{name} ({organisation})", email):
                if key:
                    self.by_key.setdefault(key.casefold(), []).append(pk)

    def find(self, text: str) -> int:
        marked = _MARKED.fullmatch(text.strip())
        if marked:
            key, pk = marked.group(1), int(marked.group(2))
            if pk in self.by_key.get(key.casefold(), []):
                return pk
            text = key  # another database's person id: look the name up
        found = self.by_key.get(text.casefold(), [])
        if not found:
            raise ValueError(f"no person (other than a pupil) is {text!r} in the area")
        if len(set(found)) > 1:
            raise ValueError(
                f"several people are called {text!r}; write 'Name (Organisation)' or an e-mail"
            )
        return found[0]

    def label(self, person: Person) -> str:
        """How a file names ``person``: ``Name (Organisation)``; when two people of one
        organisation share a name, their e-mail, or failing that ``Name (Organisation)
        [person ID]``."""
        key = f"{person.name} ({person.organisation.name})"
        if len(set(self.by_key.get(key.casefold(), []))) < 2:
            return key
        if person.email and len(set(self.by_key.get(person.email.casefold(), []))) == 1:
            return person.email
        return f"{key} [person {person.pk}]"


class KnowledgeImport(p.Importer):
    """Knowledge items (see the module docstring)."""

    kind = "knowledge"
    required = ("kind", "title", "network", "date")
    optional = tuple(c for c in COLUMNS if c not in ("kind", "title", "network", "date"))

    def __init__(self, path, **settings) -> None:
        super().__init__(path, **settings)
        self.parsed: list[tuple[int, dict]] = []
        self._people: dict[int, _People] = {}
        self._networks: dict[str, list[Network]] = {}

    def read(self) -> Table:
        if Path(str(self.path)).suffix.lower() in _JSONL:
            return read_json_lines(self.path, self.display_name)
        return super().read()

    def start(self, table: Table) -> None:
        area = None
        if self.area is not None:
            area, _ = p.find_area(self.area, create=False, errors=self.errors)
        self.errors.check_global()
        self.area = area
        for network in Network.objects.select_related("area"):
            if area is None or network.area_id == area.pk:
                self._networks.setdefault(network.name.casefold(), []).append(network)

    def _network(self, name: str) -> Network:
        return p.one_named(self._networks.get(name.casefold(), []), "network", name, "give --area")

    def check_row(self, row: p.Row) -> None:
        values: dict = {}
        values["kind"] = row.parse("kind", p.choice, Kind)
        values["title"] = row.parse("title", p.text, 300)
        if not row.get("title"):
            row.error("title", "is empty; every item needs a title")
        for name, limit in (("summary", 2000), ("body", 200_000), ("theme", 120)):
            values[name] = row.parse(name, p.text, limit)
        values["phase"] = row.parse("phase", p.choice, Phase) if row.get("phase") else ""
        values["status"] = (
            row.parse("status", p.choice, Status) if row.get("status") else Status.DRAFT
        )
        values["public"] = row.parse("public", p.flag)
        values["tags"] = ", ".join(_split(row.get("tags")))
        values["ecm"] = ",".join(
            row.parse("ecm", p.choice, Outcome, text=x) or "" for x in _split(row.get("ecm"))
        )
        values["date"] = row.parse("date", _date)
        networks = [row.parse("network", self._network, text=n) for n in _split(row.get("network"))]
        if not networks:
            row.error("network", "is empty; every item belongs to a network")
        elif None not in networks:
            if len({n.area_id for n in networks}) > 1:
                row.error("network", "names networks of different areas")
            else:
                values["networks"] = networks
                self._references(row, networks[0].area, values)
        if values["public"] and values["status"] != Status.PUBLISHED:
            row.error("public", "only published items may be public")
        if row.number not in self.errors.bad_rows:
            self.parsed.append((row.number, values))

    def _references(self, row: p.Row, area: Area, values: dict) -> None:
        people = self._people.setdefault(area.pk, _People(area))
        values["authors"] = [
            row.parse("authors", people.find, text=a) for a in _split(row.get("authors"))
        ]
        found = []
        for name in _split(row.get("organisations")):
            match = Organisation.objects.filter(area=area, name__iexact=name)
            if name.isdigit():
                match = Organisation.objects.filter(area=area, urn=int(name))
            match = list(match[:2])
            if len(match) != 1:
                row.error(
                    "organisations",
                    f"{'more than one' if match else 'no'} organisation is called {name!r} "
                    f"in {area.name}",
                )
            else:
                found.append(match[0])
        values["organisations"] = found
        values["area"] = area

    def write(self, result: p.ImportResult) -> None:
        self.errors.check()
        created = updated = unchanged = 0
        for _, values in self.parsed:
            networks = values.pop("networks")
            authors = values.pop("authors")
            organisations = values.pop("organisations")
            area = values.pop("area")
            item = Item.objects.filter(
                area=area, title=values["title"], date=values["date"]
            ).first()
            is_new = item is None
            item = item or Item(area=area)
            before = services.snapshot(item) if not is_new else None
            for name, value in values.items():
                setattr(item, name, value)
            if item.status in (Status.PUBLISHED, Status.ARCHIVED) and item.published_at is None:
                item.published_at = timezone.now()
            services.save_item(
                item, None, networks=networks, authors=authors, organisations=organisations
            )
            if is_new:
                created += 1
            elif before != services.snapshot(item):
                updated += 1
            else:
                unchanged += 1
        result.counts = {
            "rows": len(self.parsed),
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
        }


def _date(text: str):
    value = parse_date(text)
    if value is None:
        raise ValueError("is empty; give the date as YYYY-MM-DD")
    return value


# --------------------------------------------------------------------------- export


def rows_of(items) -> list[dict]:
    """The export rows of ``items``: one dict per item, the several-valued columns as lists
    and ``public`` as a boolean (joined with ``;`` for CSV and XLSX)."""
    rows = []
    people: dict[int, _People] = {}
    for item in items:
        named = people.get(item.area_id) or people.setdefault(item.area_id, _People(item.area))
        authors = [named.label(a) for a in item.authors.all() if not a.is_pupil]
        rows.append(
            {
                "kind": item.kind,
                "title": item.title,
                "summary": item.summary,
                "body": item.body,
                "tags": item.tag_list,
                "ecm": item.ecm_list,
                "phase": item.phase,
                "theme": item.theme,
                "network": sorted(n.name for n in item.networks.all()),
                "organisations": sorted(o.name for o in item.organisations.all()),
                "authors": sorted(authors),
                "date": item.date.isoformat(),
                "status": item.status,
                "public": item.public,
            }
        )
    return rows


def export_knowledge(out: str | Path, *, area: Area | None = None) -> int:
    """Write every item (of ``area``, if given) to ``out`` (.csv, .xlsx or .jsonl, by its
    suffix); returns how many."""
    from nlc.files import write_atomic

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"end the file's name with {', '.join(SUFFIXES)}", path=str(out))
    items = (
        Item.objects.order_by("date", "pk")
        .select_related("area")
        .prefetch_related("networks", "organisations", "authors__organisation")
    )
    if area is not None:
        items = items.filter(area=area)
    rows = rows_of(items)
    if suffix == ".jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        write_atomic(out, text)
    elif suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows([_cell(r[c]) for c in COLUMNS] for r in rows)
        write_atomic(out, buffer.getvalue())
    else:
        _write_xlsx(out, rows)
    return len(rows)


def _write_xlsx(out: Path, rows: list[dict]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "knowledge"
    sheet.append(COLUMNS)
    for n, row in enumerate(rows, start=2):
        for m, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=n, column=m)
            cell.value = _cell(row[column])
            cell.data_type = "s"  # text, never a formula, whatever it starts with
    book.save(out)
