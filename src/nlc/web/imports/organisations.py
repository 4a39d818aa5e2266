"""Importing organisations (columns and rules: :mod:`nlc.web.imports.services`)."""

from __future__ import annotations

import functools
from collections import defaultdict

from nlc.network.tables import Table
from nlc.web.imports import pipeline as p
from nlc.web.registry.models import Area, Organisation, OrganisationKind, Phase

#: Census ``phase_type_grouping`` -> phase (refined by establishment type for the census).
CENSUS_PHASES = {
    "state-funded primary": Phase.PRIMARY,
    "state-funded secondary": Phase.SECONDARY,
    "state-funded special school": Phase.SPECIAL,
    "non-maintained special school": Phase.SPECIAL,
    "state-funded nursery": Phase.NURSERY,
    "state-funded ap school": Phase.ALTERNATIVE,
    "independent school": Phase.NOT_APPLICABLE,
}
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
_TEXT = {"school_type": 120, "trust": 300, "local_authority": 120, "postcode": 12}


class OrganisationImport(p.Importer):
    """Organisations by URN or by name in the area; optionally members of a network."""

    kind = "organisations"
    batchable = True  # areas, organisations and memberships are written through self.writer

    def __init__(self, path, **settings) -> None:
        super().__init__(path, **settings)
        self.name_column = "name"
        self.parsed: list[tuple[int, dict]] = []
        self.seen_urns: dict[int, int] = {}
        self.seen_names: dict[str, int] = {}

    def columns(self, table: Table) -> tuple[list[str], list[str]]:
        # The nodes file of ``nlc analyse`` names organisations in an ``id`` column.
        has_id = table.column("id", required=False) is not None
        if has_id and table.column("name", required=False) is None:
            self.name_column = "id"
        return [self.name_column, "kind"], ["phase", "urn", "easting", "northing", "size", *_TEXT]

    def check_row(self, row: p.Row) -> None:
        name = row.get(self.name_column)
        if not name:
            row.error(self.name_column, "is empty; every organisation needs a name")
        else:
            row.parse(self.name_column, p.text, 300)
        urn = row.parse("urn", p.urn)
        values = {"name": name, "kind": self._kind(row, urn)}
        if row.has("phase"):
            values["phase"] = row.parse("phase", p.choice, Phase, _PHASE_ALIASES)
        if urn is not None:
            values["urn"] = urn  # an empty URN leaves an existing one alone
        for column, limit in _TEXT.items():
            if row.has(column):
                values[column] = row.parse(column, p.text, limit)
        for column in ("easting", "northing"):
            if row.has(column):
                values[column] = row.parse(column, p.coordinate)
        if row.has("size"):
            values["size"] = row.parse("size", p.count, "size")
        self._check_repeats(row, urn, name)
        self.parsed.append((row.number, values))

    @property
    def _renames(self) -> dict[str, str]:
        return {"name": self.name_column}

    @staticmethod
    def _kind(row: p.Row, urn: int | None) -> str | None:
        if row.get("kind"):
            return row.parse("kind", p.choice, OrganisationKind, _KIND_ALIASES)
        if urn is not None:
            return OrganisationKind.SCHOOL
        row.error("kind", "is empty; say what kind of organisation")
        return None

    def _check_repeats(self, row: p.Row, urn: int | None, name: str) -> None:
        if urn is not None:
            if urn in self.seen_urns:
                row.error("urn", f"URN {urn} is also on row {self.seen_urns[urn]}")
            self.seen_urns.setdefault(urn, row.number)
        elif name:
            key = name.casefold()
            if key in self.seen_names:
                row.error(self.name_column, f"{name!r} is also on row {self.seen_names[key]}")
            self.seen_names.setdefault(key, row.number)

    def write(self, result: p.ImportResult) -> None:
        errors = self.errors
        target, areas_created = p.find_area(
            self.area, create=True, errors=errors, writer=self.writer
        )
        if target is None and not self.area:
            if Area.objects.count() == 1:
                target = Area.objects.get()
            else:
                errors.add(None, None, "say which area the organisations belong to (--area)")
        net = p.find_network(self.network, target, errors)
        errors.check_global()
        create, update, unchanged, touched = self._match(target)
        errors.check()
        fields = sorted({k for _, values in self.parsed for k in values})
        self.writer.plan(len(create) + (len(update) if fields else 0))
        self.writer.create(Organisation, create)
        if fields:
            self.writer.update(Organisation, update, fields)
        result.counts = p.counts(len(self.parsed), create, update, unchanged)
        if areas_created:
            result.counts["areas created"] = areas_created
        if net is not None:
            result.counts["memberships created"] = p.join_network(net, touched, self.writer)

    def _match(self, target: Area | None) -> tuple[list, list, int, list]:
        """New organisations, changed ones, the number unchanged, and all the file names."""
        errors, header = self.errors, self.columns_found.header
        by_urn = {
            o.urn: o
            for urns in p.batches(list(self.seen_urns), 500)
            for o in Organisation.objects.filter(urn__in=urns)
        }
        by_name: dict[str, list[Organisation]] = defaultdict(list)
        for o in Organisation.objects.filter(area=target):
            by_name[o.name.casefold()].append(o)
        matched, touched = p.Matched(), []
        checks = {"columns": self.columns_found, "renames": self._renames}
        bad = errors.bad_rows
        for row, values in self.parsed:
            if row in bad:
                continue
            urn = values.get("urn")
            existing = by_urn.get(urn) if urn is not None else None
            if existing is None and urn is None:
                matches = by_name.get(values["name"].casefold(), [])
                if len(matches) > 1:
                    errors.add(
                        row,
                        header(self.name_column),
                        f"{len(matches)} organisations of the area are called "
                        f"{values['name']!r}; give a URN",
                    )
                    continue
                existing = matches[0] if matches else None
            if existing is not None and self.confine and existing.area_id != target.pk:
                errors.add(
                    row, header("urn"), f"URN {urn} belongs to {existing.name!r} in another area"
                )
                continue
            record = matched.add(
                existing,
                values,
                functools.partial(Organisation, area=target),
                functools.partial(p.check_record, row=row, errors=errors, **checks),
            )
            if record is not None:
                touched.append(record)
        return matched.create, matched.update, matched.unchanged, touched
