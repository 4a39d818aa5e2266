"""Importing England's school census (columns and rules: :mod:`nlc.web.imports.services`)."""

from __future__ import annotations

from pathlib import Path

from nlc.errors import InputError
from nlc.network.tables import Table, read_table
from nlc.web.imports import pipeline as p
from nlc.web.imports.organisations import CENSUS_PHASES
from nlc.web.registry.models import Area, Organisation, OrganisationKind, Phase

CENTROIDS_FILE = "aux_school_postcode_centroids_bng_census2011.csv"
_FIELDS = [
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


def read_centroids(path: Path, errors: list[InputError]) -> dict[str, tuple[int, int]]:
    """Postcode -> (easting, northing) from a centroid file such as the census's auxiliary one.

    Columns ``input_postcode``/``standard_postcode`` (or ``postcode``) and
    ``X_BNG1115jul``/``Y_BNG1115jul`` (or ``easting``/``northing``).
    """
    try:
        table = read_table(path)
    except InputError as exc:
        errors.append(exc)
        return {}
    found = p.Errors(table.path)

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
        x = p.check(found, row, table.header[xs[0]], p.coordinate, record[xs[0]])
        y = p.check(found, row, table.header[ys[0]], p.coordinate, record[ys[0]])
        if x is None or y is None:
            continue
        for i in postcodes:
            key = p.postcode_key(record[i])
            if key:
                out.setdefault(key, (x, y))
    errors.extend(found.items)
    return out


def census_phase(grouping: str, school_type: str) -> str:
    """The phase of a school from its census grouping and establishment type."""
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


#: The census column that fills each field of an organisation.
_COLUMNS = {
    "name": "school_name",
    "phase": "phase_type_grouping",
    "school_type": "typeofestablishment_name",
    "local_authority": "la_name",
    "postcode": "school_postcode",
    "size": "headcount of pupils",
}


class CensusImport(p.Importer):
    """Every school of a census file, keyed by URN, in one area per local authority."""

    kind = "census"
    required = ("urn", "la_name", "school_name", "phase_type_grouping")
    optional = (
        "new_la_code",
        "trust",
        "typeofestablishment_name",
        "school_postcode",
        "headcount of pupils",
    )

    def __init__(
        self,
        path,
        *,
        centroids: str | Path | None = None,
        local_authority: str | None = None,
        **settings,
    ) -> None:
        super().__init__(Path(path), **settings)
        self.centroids = centroids
        self.local_authority = local_authority
        self.wanted_la = local_authority.strip().casefold() if local_authority else None
        self.schools: dict[int, tuple[int, str, dict]] = {}
        self.la_codes: dict[str, str] = {}
        self.grid: dict[str, tuple[int, int]] = {}

    def start(self, table: Table) -> None:
        centroids = self.centroids
        if centroids is None and (self.path.parent / CENTROIDS_FILE).is_file():
            centroids = self.path.parent / CENTROIDS_FILE
        if centroids:
            self.grid = read_centroids(Path(centroids), self.errors.items)

    def check_row(self, row: p.Row) -> None:
        la = row.get("la_name")
        if self.wanted_la is not None and la.casefold() != self.wanted_la:
            return
        urn = row.parse("urn", p.urn)
        if urn is None and not row.get("urn"):
            row.error("urn", "is empty; every school needs its URN")
        name = row.get("school_name")
        if not name:
            row.error("school_name", "is empty")
        name = row.parse("school_name", p.text, 300)
        if not la:
            row.error("la_name", "is empty")
        school_type = row.get("typeofestablishment_name")
        values = {
            "name": name,
            "kind": OrganisationKind.SCHOOL,
            "phase": row.parse("phase_type_grouping", census_phase, school_type),
            "school_type": row.parse("typeofestablishment_name", p.text, 120),
            "trust": row.parse("trust", p.text, 300),
            "local_authority": row.parse("la_name", p.text, 120),
            "postcode": row.parse("school_postcode", p.text, 12),
            "size": row.parse("headcount of pupils", p.count, "pupil headcount", True),
        }
        point = self.grid.get(p.postcode_key(values["postcode"] or ""))
        if point is not None:
            values["easting"], values["northing"] = point
        if urn is not None:
            if urn in self.schools:
                row.error("urn", f"URN {urn} is also on row {self.schools[urn][0]}")
            else:
                self.schools[urn] = (row.number, la, values)
        if la and row.has("new_la_code"):
            self.la_codes.setdefault(la, row.get("new_la_code")[:20])

    def finish_rows(self) -> None:
        if not self.schools and not self.errors.items:
            what = f" of local authority {self.local_authority!r}" if self.wanted_la else ""
            self.errors.add(None, None, f"no schools{what} in the file")
        self.errors.check_global()

    def write(self, result: p.ImportResult) -> None:
        target, areas_created = p.find_area(self.area, create=not self.confine, errors=self.errors)
        net = p.find_network(self.network, target, self.errors)
        self.errors.check_global()
        if net is not None and target is None:
            target = net.area  # the schools of a network go into its area
        areas: dict[str, Area] = {}
        if target is None:
            areas, areas_created = self._areas_by_authority(areas_created)
        existing = {
            o.urn: o for o in Organisation.objects.filter(urn__isnull=False).select_related("area")
        }
        create, update, unchanged, located, schools = [], [], 0, 0, []
        keep_in_target = self.confine or net is not None
        bad = self.errors.bad_rows
        for urn, (row, la, values) in self.schools.items():
            if row in bad:
                continue
            located += "easting" in values
            old = existing.get(urn)
            if old is None:
                home = target or areas[la]
                old = Organisation(area_id=home.pk, urn=urn, **values)
                if not p.check_record(old, row, self.errors, self.columns_found, _COLUMNS):
                    continue
                create.append(old)
            elif keep_in_target and target is not None and old.area_id != target.pk:
                self.errors.add(
                    row,
                    self.columns_found.header("urn"),
                    f"URN {urn} belongs to {old.name!r} in area {old.area.name!r}, "
                    f"not {target.name!r}",
                )
                continue
            elif p.changed(old, values):
                if p.check_record(old, row, self.errors, self.columns_found, _COLUMNS):
                    update.append(old)
            else:
                unchanged += 1
            schools.append(old)
        self.errors.check()
        Organisation.objects.bulk_create(create, batch_size=p.BATCH)
        p.bulk_update(Organisation, update, _FIELDS)
        result.counts = {
            "schools": len(self.schools),
            "created": len(create),
            "updated": len(update),
            "unchanged": unchanged,
            "areas created": areas_created,
            "with easting/northing": located,
        }
        if net is not None:
            result.counts["memberships created"] = p.join_network(net, schools)

    def _areas_by_authority(self, areas_created: int) -> tuple[dict[str, Area], int]:
        """One area per local authority of the file, created as needed."""
        names = sorted({la for _, la, _ in self.schools.values()})
        areas = {a.name: a for a in Area.objects.filter(name__in=names)}
        missing = [
            Area(name=n[:200], code=self.la_codes.get(n, "")) for n in names if n not in areas
        ]
        Area.objects.bulk_create(missing, batch_size=p.BATCH)
        areas = {a.name: a for a in Area.objects.filter(name__in=names)}
        return areas, areas_created + len(missing)
