"""Importing every school in England (the DfE census) and GIAS group links, on the real files
in ../shared/real-data/england."""

from __future__ import annotations

import csv
import itertools
import os
from collections import defaultdict
from pathlib import Path

import pytest

from nlc.web.imports.services import ImportFailed, import_census, import_gias_links
from nlc.web.registry.models import Area, Organisation, Phase
from nlc.web.ties.models import Provenance, Tie, TieType

SHARED = os.environ.get("NLC_SHARED")
ENGLAND = Path(SHARED or ".") / "real-data" / "england"
CENSUS = ENGLAND / "school_census_2022-23.csv"
CENTROIDS = ENGLAND / "aux_school_postcode_centroids_bng_census2011.csv"
GIAS = ENGLAND / "grouplinks_edubaseallacademiesandfree20190601.csv"

pytestmark = pytest.mark.skipif(
    not (SHARED and CENSUS.is_file()),
    reason=f"real data not found at {ENGLAND}"
    if SHARED
    else "real data: set NLC_SHARED to the shared folder to run these",
)


def census_rows() -> list[dict[str, str]]:
    with CENSUS.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_it_imports_every_school_in_england_once(db):
    rows = census_rows()
    urns = {int(float(r["urn"])) for r in rows}
    before = Organisation.objects.count()

    result = import_census(CENSUS)

    assert Organisation.objects.count() - before == len(urns) == result.counts["created"]
    assert Organisation.objects.filter(urn__in=urns).count() == len(urns)
    assert result.counts["areas created"] == len({r["la_name"] for r in rows})

    aldgate = Organisation.objects.get(urn=100000)
    assert aldgate.name == "The Aldgate School"
    assert aldgate.kind == "school"
    assert aldgate.local_authority == "City of London"
    assert aldgate.area.name == "City of London"
    assert aldgate.area.code == "E09000001"
    assert aldgate.phase == Phase.PRIMARY
    assert aldgate.size == 271
    assert aldgate.school_type == "Voluntary aided school"
    assert aldgate.postcode == "EC3A 5DE"

    # Easting and northing come from the postcode centroid file, joined by postcode.
    with CENTROIDS.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]  # "input_postcode " ends with a space
        grid = {
            r["input_postcode"].strip(): r
            for r in (dict(zip(header, x, strict=True)) for x in reader)
        }
    located = next(r for r in rows if r["school_postcode"] in grid)
    school = Organisation.objects.get(urn=int(float(located["urn"])))
    point = grid[located["school_postcode"]]
    assert (school.easting, school.northing) == (
        int(point["X_BNG1115jul"]),
        int(point["Y_BNG1115jul"]),
    )
    # Postcodes are matched ignoring spaces and case, on either postcode column.
    keys = {
        "".join(r[c].split()).upper()
        for r in grid.values()
        for c in ("input_postcode", "standard_postcode")
    }
    assert result.counts["with easting/northing"] == sum(
        "".join(r["school_postcode"].split()).upper() in keys for r in rows
    )
    special = next(r for r in rows if r["phase_type_grouping"] == "State-funded special school")
    assert Organisation.objects.get(urn=int(float(special["urn"]))).phase == Phase.SPECIAL

    # Importing again changes nothing: URN is the key.
    aldgate.size = 1
    aldgate.save()
    again = import_census(CENSUS)
    assert again.counts["created"] == 0
    assert again.counts["updated"] == 1
    assert again.counts["unchanged"] == len(urns) - 1
    assert Organisation.objects.count() - before == len(urns)
    assert Organisation.objects.get(urn=100000).size == 271


def test_a_bad_row_anywhere_writes_nothing(db, tmp_path):
    with CENSUS.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    rows[4999][rows[0].index("urn")] = "not-a-urn"  # file row 5000 (the header is row 1)
    rows[20000][rows[0].index("headcount of pupils")] = "many"
    bad = tmp_path / "census.csv"
    with bad.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    organisations, areas = Organisation.objects.count(), Area.objects.count()

    with pytest.raises(ImportFailed) as caught:
        import_census(bad)

    report = caught.value
    assert [(e.path, e.row, e.column) for e in report.errors] == [
        (str(bad), 5000, "urn"),
        (str(bad), 20001, "headcount of pupils"),
    ]
    assert "not-a-urn" in report.errors[0].message
    assert f"{bad}, row 5000, column 'urn'" in report.report()
    assert Organisation.objects.count() == organisations
    assert Area.objects.count() == areas


def test_it_imports_the_census_into_one_named_area_for_one_authority(db):
    result = import_census(CENSUS, area="Kent schools", local_authority="kent")
    kent = [r for r in census_rows() if r["la_name"] == "Kent"]
    assert result.counts["created"] == len(kent)
    assert Area.objects.get(name="Kent schools").organisations.count() == len(kent)


def test_a_dry_run_writes_nothing(db):
    before = Organisation.objects.count()
    result = import_census(CENSUS, local_authority="Rutland", dry_run=True)
    assert result.dry_run and result.counts["created"] > 0
    assert Organisation.objects.count() == before
    assert not Area.objects.filter(name="Rutland").exists()


def test_it_reads_windows_1252_gias_links_and_ties_schools_of_a_trust(db):
    raw = GIAS.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really Windows-1252
    import_census(CENSUS, local_authority="Staffordshire")
    staffordshire = Organisation.objects.filter(local_authority="Staffordshire")
    staffordshire.update(trust="")
    urns = set(staffordshire.values_list("urn", flat=True))

    result = import_gias_links(GIAS, create_ties=True)

    # "FIERTÉ MULTI-ACADEMY TRUST": É is byte 0xC9 in the file.
    assert Organisation.objects.get(urn=136762).trust == "FIERT\u00c9 MULTI-ACADEMY TRUST"
    with GIAS.open(encoding="cp1252", newline="") as f:
        links = list(csv.DictReader(f))
    trusts = defaultdict(set)
    for r in links:
        if r["Group Type"] == "Multi-academy trust" and int(r["URN"]) in urns:
            trusts[r["Linked UID"]].add(int(r["URN"]))
    in_a_trust = set().union(*trusts.values())
    assert result.counts["schools matched"] >= len(in_a_trust)
    assert staffordshire.exclude(trust="").count() == result.counts["schools matched"]
    pairs = sum(len(s) * (len(s) - 1) // 2 for s in trusts.values())
    assert result.counts["ties created"] == pairs > 0
    ties = Tie.objects.filter(provenance=Provenance.IMPORT, type=TieType.CO_PARTICIPATION)
    assert ties.count() == pairs
    a, b = sorted(next(s for s in trusts.values() if len(s) > 1))[:2]
    tie = ties.get(source_organisation__urn=a, target_organisation__urn=b)
    assert not tie.directed
    members = next(s for s in trusts.values() if {a, b} <= s)
    assert all(
        ties.filter(source_organisation__urn=x, target_organisation__urn=y).exists()
        for x, y in itertools.combinations(sorted(members), 2)
    )

    again = import_gias_links(GIAS, create_ties=True)
    assert again.counts["ties created"] == 0
    assert again.counts["ties already there"] == pairs
    assert again.counts["trust updated"] == 0
    assert ties.count() == pairs


def test_a_bad_gias_row_is_reported_with_every_other(db, tmp_path):
    text = GIAS.read_bytes().decode("cp1252").splitlines(keepends=True)
    mat_rows = [i for i, line in enumerate(text) if '"Multi-academy trust"' in line]
    for i in mat_rows[:2]:
        text[i] = text[i].replace(text[i].split(",", 1)[0], "ABC", 1)
    bad = tmp_path / "links.csv"
    bad.write_bytes("".join(text).encode("cp1252"))
    with pytest.raises(ImportFailed) as caught:
        import_gias_links(bad)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (mat_rows[0] + 1, "URN"),
        (mat_rows[1] + 1, "URN"),
    ]
